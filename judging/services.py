"""Every multi-step write in judging: the no-conflict declaration, scores, submissions,
conflicts, automatic assignment, reopening and closing rounds (decisions: judging.decisions).
Each runs in a transaction with the rows locked."""

from collections import Counter

from django_fsm import can_proceed
from django_fsm_log.models import StateLog
from modeltranslation import settings as mt_settings

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bilingual import all_languages, localized
from judging.assignment import assign
from judging.models import (
    Assignment,
    AssignmentState,
    Conflict,
    Criterion,
    Round,
    RoundStatus,
    RubricVersion,
    Score,
)
from judging.predicates import can_reopen
from judging.queries import panel_of
from judging.tasks import send_assignments_email
from nominations.services import NominationError
from outbox.queueing import enqueue_on_commit

A = AssignmentState


class JudgingError(Exception):
    """A refusal to show the person as it is."""


def _locked_assignment(assignment_id):
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round", "judge__user", "nomination")
        .get(pk=assignment_id)
    )


def require_open(round_):
    status = round_.status()
    if status is not RoundStatus.OPEN:
        if status is RoundStatus.UPCOMING:
            raise JudgingError(_("The round has not opened yet: scores cannot be saved before it opens."))
        raise JudgingError(_("The round is closed: scores can no longer be changed."))


def reopening_reason(assignment):
    """The chair's reason for the assignment's latest reopening ("" if never reopened):
    scores can change after submitting only through a reopening, so it is why they did."""
    log = (
        StateLog.objects.for_(assignment)
        .filter(transition="reopen")
        .order_by("-timestamp", "-pk")
        .values_list("description", flat=True)
        .first()
    )
    return log or ""


def save_scores(*, assignment_id, user, scores, overall_comment=None):
    """Saves (creates, changes or deletes) a judge's scores. scores: {criterion id:
    (value, comment)}; values are checked against each criterion's scale. Partial scoring
    is allowed. Each change is kept in the score's history with who made it and, after a
    reopening, the chair's reason; unchanged scores add nothing."""
    with transaction.atomic():
        assignment = _locked_assignment(assignment_id)
        if assignment.judge.user_id != user.pk:
            raise JudgingError(_("This is not your assignment."))
        if assignment.state not in (A.ASSIGNED, A.IN_PROGRESS):
            raise JudgingError(_("These scores are submitted and locked."))
        require_declared(assignment)
        require_open(assignment.round)
        criteria = {c.pk: c for c in Criterion.objects.filter(round=assignment.round)}
        existing = {score.criterion_id: score for score in Score.objects.filter(assignment=assignment)}
        reason = None  # looked up once, only if something changes
        for criterion_id, (value, comment) in scores.items():
            criterion = criteria.get(int(criterion_id))
            if criterion is None:
                raise JudgingError(_("Unknown criterion."))
            score = existing.get(criterion.pk)
            if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
                raise JudgingError(
                    _("“%(name)s” takes a score from %(min)s to %(max)s.")
                    % {"name": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max}
                )
            comment = comment or ""
            if score is None and value is None:
                continue
            if score is not None and value is not None and (score.value, score.comment) == (value, comment):
                continue
            if reason is None:
                reason = reopening_reason(assignment)
            if score is None:
                score = Score(assignment=assignment, criterion=criterion)
            score._history_user = user
            score._change_reason = reason
            if value is None:
                score.delete()
                continue
            score.value, score.comment = value, comment
            score.save()
        if overall_comment is not None:
            assignment.overall_comment = overall_comment
        if assignment.state == A.ASSIGNED:
            assignment.start(by=user)
        assignment.save()
    return assignment


def rubric_snapshot(round_):
    """The round's criteria as a rubric version keeps them (weights as text), with each
    criterion's name and guidance in both languages, as Chinese and English judges read
    them ("name" is the default language's, or the other's when it has none)."""
    return [
        {
            "id": c.pk,
            "name": localized(c, "name", mt_settings.DEFAULT_LANGUAGE)[0],
            "names": all_languages(c, "name"),
            "guidance": all_languages(c, "guidance"),
            "weight": str(c.weight),
            "scale_min": c.scale_min,
            "scale_max": c.scale_max,
            "sort_order": c.sort_order,
        }
        for c in Criterion.objects.filter(round=round_).order_by("sort_order", "pk")
    ]


def record_rubric_version(*, round_, user, reason=""):
    """A new version of the round's rubric (1 for the first), as its criteria stand now.
    Call it with the round's row locked."""
    latest = RubricVersion.objects.filter(round=round_).order_by("-number").values_list("number", flat=True).first()
    return RubricVersion.objects.create(
        round=round_, number=(latest or 0) + 1, reason=reason, criteria=rubric_snapshot(round_), created_by=user
    )


def change_rubric(*, round_id, user, reason, criteria_added):
    """After the round's criteria were changed with a reason (judging.admin_forms): the new
    rubric version, and with a criterion added every submitted assignment reopened so its
    judge scores it. Runs in the admin's transaction; the round is locked first."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        version = record_rubric_version(round_=round_, user=user, reason=reason)
        reopened = 0
        if criteria_added:
            for assignment in Assignment.objects.select_for_update().filter(round=round_, state=A.SUBMITTED):
                assignment.round = round_
                assignment.reopen(by=user, description=reason)
                assignment.save()
                reopened += 1
    return version, reopened


def submit_assignment(*, assignment_id, user):
    """Submits a judge's scores. The first submission in a round freezes its rubric:
    version 1 is recorded in the same transaction (the round is locked first, so two
    judges submitting at once make one version)."""
    with transaction.atomic():
        round_id = Assignment.objects.filter(pk=assignment_id).values_list("round_id", flat=True).first()
        if round_id is None:
            raise Assignment.DoesNotExist
        round_ = Round.objects.select_for_update().get(pk=round_id)
        assignment = _locked_assignment(assignment_id)
        if assignment.judge.user_id != user.pk:
            raise JudgingError(_("This is not your assignment."))
        if assignment.state == A.SUBMITTED:
            return assignment
        require_declared(assignment)
        require_open(assignment.round)
        missing = Criterion.objects.filter(round=assignment.round).exclude(scores__assignment=assignment)
        if missing.exists():
            names = ", ".join(c.name for c in missing)
            raise JudgingError(_("Score every criterion before submitting. Missing: %(names)s.") % {"names": names})
        if not can_proceed(assignment.submit, check_conditions=False):
            raise JudgingError(_("This assignment cannot be submitted now."))
        assignment.submit(by=user)
        assignment.save()
        if not RubricVersion.objects.filter(round=round_).exists():
            record_rubric_version(round_=round_, user=user)
    return assignment


def declare_conflict(*, assignment_id, user, reason):
    """The judge declares a conflict: recorded, and the judge is recused from the
    nomination in every round."""
    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Say briefly what the conflict is."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment_id)
        if assignment.judge.user_id != user.pk:
            raise JudgingError(_("This is not your assignment."))
        Conflict.objects.update_or_create(
            judge=assignment.judge,
            nomination=assignment.nomination,
            defaults={"source": Conflict.Source.DECLARED, "reason": reason, "created_by": user},
        )
        related = Assignment.objects.select_for_update().filter(
            judge=assignment.judge, nomination=assignment.nomination
        )
        for other in related.exclude(state=A.RECUSED):
            other.recuse(by=user, description=reason)
            other.save()
    return assignment


def reopen_assignment(*, assignment_id, user, reason):

    reason = (reason or "").strip()
    if not reason:
        raise JudgingError(_("Give the reason for reopening: it is kept in the record."))
    with transaction.atomic():
        assignment = _locked_assignment(assignment_id)
        if not can_reopen(user, panel_of(assignment)):
            raise JudgingError(_("Only the panel's chair or an awards administrator can reopen scores."))
        if not can_proceed(assignment.reopen):
            raise JudgingError(_("Only submitted scores in an open round can be reopened."))
        assignment.reopen(by=user, description=reason)
        assignment.save()
    return assignment


def close_round(*, round_id, user, override_reason=""):
    """Closes a round. With unscored assignments left, only with a written reason."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.closed_at:
            raise JudgingError(_("This round is already closed."))
        unscored = round_.assignments.filter(state__in=[A.ASSIGNED, A.IN_PROGRESS]).count()
        if unscored and not override_reason.strip():
            raise JudgingError(
                _("%(count)s assignments are not submitted. Give a reason to close the round anyway.")
                % {"count": unscored}
            )
        round_.closed_at = timezone.now()
        round_.closed_by = user
        round_.close_override_reason = override_reason.strip() if unscored else ""
        round_.save(update_fields=["closed_at", "closed_by", "close_override_reason"])
    return round_, unscored


NO_CONFLICT_WORDING = gettext_lazy(
    "I confirm that I have no conflict of interest with this nomination: I do not know the nominee or the "
    "nominator personally, I do not work with them or compete with them, and I gain nothing from its result."
)
NOT_DECLARED = gettext_lazy("Confirm you have no conflict of interest first.")


def require_declared(assignment):
    if assignment.declared_no_conflict_at is None:
        raise JudgingError(str(NOT_DECLARED))


def declare_no_conflict(*, assignment_id, user):
    """The judge confirms they have no conflict of interest with the assignment's
    nomination, before its details show: the time and the words they saw (rendered in
    their language now) are kept. Confirming twice keeps the first confirmation."""
    with transaction.atomic():
        assignment = _locked_assignment(assignment_id)
        if assignment.judge.user_id != user.pk:
            raise JudgingError(_("This is not your assignment."))
        if assignment.state == A.RECUSED:
            raise JudgingError(_("You declared a conflict with this nomination."))
        if assignment.declared_no_conflict_at is None:
            assignment.declared_no_conflict_at = timezone.now()
            assignment.no_conflict_wording = str(NO_CONFLICT_WORDING)
            assignment.save(update_fields=["declared_no_conflict_at", "no_conflict_wording", "updated_at"])
    return assignment


__all__ = [
    "JudgingError",
    "NominationError",
    "change_rubric",
    "close_round",
    "declare_conflict",
    "declare_no_conflict",
    "record_rubric_version",
    "reopen_assignment",
    "save_scores",
    "submit_assignment",
]


def assign_round(*, round_, category):
    """Assigns judges automatically in one category of the round (judging.assignment.assign,
    which locks the round) and queues one email per judge with new assignments, in one
    transaction: the emails are sent only if the assignments commit (outbox.queueing), and a
    mail failure never undoes them. Returns the plan; raises IntegrityError when another
    assignment of the round was saved at the same time (nothing is changed then)."""
    with transaction.atomic():
        plan = assign(round_=round_, category=category)
        new = Counter(judge_id for _nomination_id, judge_id in plan.pairs)
        for judge_id, count in sorted(new.items()):
            enqueue_on_commit(send_assignments_email, judge_id=judge_id, round_id=round_.pk, count=count)
    return plan
