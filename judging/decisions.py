"""The writes an appeal reads back: the chair's sign-off of a ranking, each shortlisting
and commendation decision (judging.models.Decision, beside the nomination's transition
that django-fsm-log records), and undoing a decision before the announcement.

Which round a decision rests on: a cycle may have several rounds of one stage (a second
shortlisting round re-scores some nominations). A nomination's decision rests on the
latest round (highest number) of the decision's stage that judged it, that is in which it
has an assignment, whatever became of it; a nomination no round of that stage judged
rests on the stage's latest round. Its scores are counted and its panel's sign-off
awaited in that round alone, and the results page of an earlier round leaves the decision
to the later one (deciding_round, judged_again_in).

Decisions wait for the round to close and for the panel's ranking to be signed off; a
nomination with fewer counted scores than the round asks for is decided only with a
written reason, which is kept."""

from django_fsm import has_transition_perm

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.models import (
    Assignment,
    AssignmentState,
    Award,
    Decision,
    RankingSignOff,
    Round,
    RoundKind,
    RoundStatus,
)
from judging.predicates import chairs_panel, manages_judging
from judging.queries import cycle_panel
from judging.results import panel_results
from judging.services import JudgingError
from nominations.models import Nomination, NominationState, WinnerStoryPage

Outcome = Decision.Outcome
# The stage of the rounds a decision rests on.
STAGE_OF = {
    Outcome.SHORTLIST: RoundKind.SHORTLISTING,
    Outcome.NOT_SHORTLIST: RoundKind.SHORTLISTING,
    Outcome.COMMEND: RoundKind.FINAL,
    Outcome.NOT_COMMEND: RoundKind.FINAL,
}
# The decisions taken on a round of each stage.
OUTCOMES_OF = {
    RoundKind.SHORTLISTING: (Outcome.SHORTLIST, Outcome.NOT_SHORTLIST),
    RoundKind.FINAL: (Outcome.COMMEND, Outcome.NOT_COMMEND),
}
# The transition that takes a decided nomination back to where the decision found it.
UNDO = {
    Outcome.SHORTLIST: "reopen_shortlisting",
    Outcome.NOT_SHORTLIST: "reopen_shortlisting",
    Outcome.COMMEND: "reopen_commendation",
    Outcome.NOT_COMMEND: "reopen_commendation",
}
DECIDED_STATE = {
    Outcome.SHORTLIST: NominationState.SHORTLISTED,
    Outcome.NOT_SHORTLIST: NominationState.NOT_SHORTLISTED,
    Outcome.COMMEND: NominationState.COMMENDED,
    Outcome.NOT_COMMEND: NominationState.NOT_COMMENDED,
}


def deciding_round(nomination, stage):
    """The round a decision of `stage` on the nomination rests on: the latest round of
    that stage in its cycle that judged it (has an assignment on it), else the stage's
    latest round; None when the cycle has no round of that stage."""
    rounds = Round.objects.filter(cycle_id=nomination.call.cycle_id, stage=stage).order_by("-number")
    return rounds.filter(assignments__nomination_id=nomination.pk).first() or rounds.first()


def judged_again_in(round_):
    """An annotation for a queryset of nominations: the number of the latest later round
    of `round_`'s stage in its cycle that judged each one (None if none did). Such a
    nomination's decision rests on that round, not on `round_`."""
    return Subquery(
        Assignment.objects.filter(
            nomination_id=OuterRef("pk"),
            round__cycle_id=round_.cycle_id,
            round__stage=round_.stage,
            round__number__gt=round_.number,
        )
        .order_by("-round__number")
        .values("round__number")[:1]
    )


def round_closed(round_, now=None):
    """Closed by hand, or its closing time has passed (Round.status)."""
    return round_.status(now) is RoundStatus.CLOSED


def counted_scores(round_, nomination_id):
    """Submitted assignments of the round on the nomination whose judge has no conflict
    with it: the scores a decision rests on."""
    return (
        Assignment.objects.filter(round=round_, nomination_id=nomination_id, state=AssignmentState.SUBMITTED)
        .exclude(judge__conflicts__nomination_id=nomination_id)
        .count()
    )


# Sign-off -----------------------------------------------------------------------------


def panel_for(round_, category):
    return cycle_panel(round_.cycle_id, category=category)


def may_sign_off(user, panel):
    """The panel's chair; an awards administrator only when the panel has no chair."""
    if panel is not None and panel.chair_id is not None:
        return chairs_panel(user, panel)  # a chair is a judge (accounts.roles)
    return manages_judging(user)


def sign_off_refusal(round_, category, user, panel=None, *, signed=None):
    """Why `user` cannot sign off this ranking now, in words; "" when they can. `signed`:
    whether it is signed off, when the caller has just read it (else it is read here)."""
    panel = panel if panel is not None else panel_for(round_, category)
    if signed is None:
        signed = RankingSignOff.objects.filter(round=round_, category=category).exists()
    if signed:
        return _("This ranking is already signed off.")
    if not may_sign_off(user, panel):
        if panel is not None and panel.chair_id is not None:
            return _("Only the panel's chair signs off its ranking.")
        return _("Only an awards administrator signs off the ranking of a panel without a chair.")
    if not round_closed(round_):
        return _("The round is still open: the ranking can be signed off once it closes.")
    return ""


def ranking_snapshot(round_, category):
    """(method, rubric version, rows): the full ranking, as the record keeps it."""

    results = panel_results(round_, category)
    references = dict(
        Nomination.objects.filter(pk__in=[row.nomination_id for row in results.rows]).values_list("pk", "reference")
    )
    rows = [
        {
            "nomination": row.nomination_id,
            "reference": references.get(row.nomination_id),
            "rank": row.rank_label,
            "adjusted": row.adjusted,
            "standard_error": row.standard_error,
            "raw_mean": row.raw_mean,
        }
        for row in results.rows
    ]
    return results.method, results.rubric_version, rows


def sign_off(*, round_, category, user, note=""):
    """The chair signs off the ranking of a closed round in one category, once."""
    refusal = sign_off_refusal(round_, category, user)
    if refusal:
        raise JudgingError(refusal)
    method, rubric_version, rows = ranking_snapshot(round_, category)
    try:
        with transaction.atomic():
            return RankingSignOff.objects.create(
                round=round_,
                category=category,
                signed_by=user,
                method=method,
                rubric_version=rubric_version,
                ranking=rows,
                note=(note or "").strip(),
            )
    except IntegrityError:
        # Two clicks at once: the unique constraint lets one through.
        raise JudgingError(_("This ranking is already signed off.")) from None


# Decisions ----------------------------------------------------------------------------


def decide(*, nomination, user, outcome, level=None, override_reason="", round_=None):
    """Fires a result transition on a nomination: shortlist / not_shortlist (a shortlisting
    round), commend (with an award level) / not_commend (a final round), and records the
    Decision on the round it rests on (deciding_round). round_: the round whose results
    the decision is taken from, if any; refused when the decision rests on another."""
    if outcome not in STAGE_OF:
        raise JudgingError(_("Unknown decision."))
    if outcome == Outcome.COMMEND and level is None:
        raise JudgingError(_("Choose the award level."))
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(of=("self",)).select_related("call__cycle").get(pk=nomination.pk)
        bound = getattr(locked, outcome)
        if not has_transition_perm(bound, user):
            raise JudgingError(_("This decision is not possible for this nomination now."))
        if outcome == Outcome.COMMEND and level.cycle_id != locked.call.cycle_id:
            raise JudgingError(_("That award level belongs to another cycle."))
        deciding = deciding_round(locked, STAGE_OF[outcome])
        if deciding is None:
            raise JudgingError(_("This cycle has no round for this decision."))
        if round_ is not None and round_.pk != deciding.pk:
            if round_.stage != deciding.stage:
                raise JudgingError(_("This decision does not belong to this round."))
            raise JudgingError(
                _("%(ref)s was judged again in %(round)s: decide it from that round's results.")
                % {"ref": locked.reference, "round": deciding.get_number_display()}
            )
        round_ = deciding
        if not round_closed(round_):
            raise JudgingError(_("The round is still open: decide once it has closed."))
        if not RankingSignOff.objects.filter(round=round_, category_id=locked.call.category_id).exists():
            raise JudgingError(_("The panel's ranking is not signed off yet: decisions wait for the sign-off."))
        submitted = counted_scores(round_, locked.pk)
        required = round_.judges_per_nomination
        if submitted < required and not override_reason:
            raise JudgingError(
                _(
                    "This nomination has %(submitted)s of the %(required)s scores the round asks for. "
                    "Give a reason to decide anyway."
                )
                % {"submitted": submitted, "required": required}
            )
        reason = override_reason if submitted < required else ""
        bound(by=user, description=reason or None)
        locked.save()
        if outcome == Outcome.COMMEND:
            Award.objects.create(nomination=locked, level=level, decided_by=user)
        Decision.objects.create(
            round=round_,
            nomination=locked,
            outcome=outcome,
            level=level if outcome == Outcome.COMMEND else None,
            decided_by=user,
            scores_submitted=submitted,
            scores_required=required,
            override_reason=reason,
        )
    return locked


# Undoing ------------------------------------------------------------------------------


def undo_decision(*, decision, user, reason):
    """An awards administrator undoes a decision, with a reason, before the announcement:
    the nomination goes back to the state the decision found it in."""
    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Give the reason for undoing the decision: it is kept in the record."))
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("call__cycle")
            .get(pk=decision.nomination_id)
        )
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.undone_at is not None:
            raise JudgingError(_("This decision is already undone."))
        if nomination.call.cycle.is_announced():
            raise JudgingError(_("The results are announced: decisions can no longer be undone."))
        if nomination.state != DECIDED_STATE[decision.outcome]:
            raise JudgingError(_("A later decision stands on this one: undo that first."))
        scored_in = (
            Round.objects.filter(
                cycle_id=decision.round.cycle_id,
                stage=RoundKind.FINAL,
                assignments__nomination=nomination,
                assignments__scores__isnull=False,
            )
            .order_by("number")
            .first()
            if decision.outcome == Outcome.SHORTLIST
            else None
        )
        if scored_in is not None:
            raise JudgingError(
                _("Judges have already scored this nomination in %(round)s: its shortlisting can no longer be undone.")
                % {"round": scored_in.get_number_display()}
            )
        if decision.outcome == Outcome.COMMEND and WinnerStoryPage.objects.filter(nomination=nomination).exists():
            raise JudgingError(
                _("A winner's story is written about this commendation: delete the story before undoing it.")
            )
        bound = getattr(nomination, UNDO[decision.outcome])
        if not has_transition_perm(bound, user):
            raise JudgingError(_("Only an awards administrator can undo a decision."))
        bound(by=user, description=reason)
        nomination.save()
        if decision.outcome == Outcome.COMMEND:
            Award.objects.filter(nomination=nomination).delete()
        decision.undone_at = timezone.now()
        decision.undone_by = user
        decision.undo_reason = reason
        decision.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    return decision
