"""Each cycle's statement by an expert: available or not, how many nominations they can
take, and their standing interests (organisations they work for, advise or own a share
of), confirmed before they score. Automatic assignment treats the interests as conflicts
(judging.conflicts)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.conflicts import INTEREST, detect, matching_kinds
from judging.models import (
    Assignment,
    AssignmentState,
    Conflict,
    CycleStatement,
    InterestRelation,
    JudgeProfile,
    StandingInterest,
)


def attach_interests(judges, cycle_id):
    """Leaves on each JudgeProfile of `judges` its statement for the cycle
    (`cycle_statement`, or None) and the organisations it named
    (`standing_interests`, a list of names, empty without a statement), in two queries."""
    judges = list(judges)
    statements = {
        statement.judge_id: statement
        for statement in CycleStatement.objects.filter(cycle_id=cycle_id, judge__in=[j.pk for j in judges])
        .prefetch_related("interests")
        .order_by()
    }
    for judge in judges:
        statement = statements.get(judge.pk)
        judge.cycle_statement = statement
        judge.standing_interests = [i.organisation for i in statement.interests.all()] if statement else []
    return judges


# How many organisations one statement names at most (the page's rows).
MAX_INTERESTS = 30


class StatementError(Exception):
    """A refusal to show the expert as it is."""


@dataclass
class SavedStatement:
    statement: CycleStatement
    interests_changed: bool
    # Conflicts recorded because an interest now names the nominee or a partner of one of
    # the judge's assignments in the cycle (those assignments are recused).
    conflicts: list = field(default_factory=list)


def confirmed(*, cycle, judge=None, user=None):
    """Whether the judge's statement for the cycle is confirmed, as an Exists() to annotate
    a query with (the gate before scoring, judging.views.statement): `cycle` and `judge` are
    values or OuterRef()s; `user` names the judge by their account instead."""
    statements = CycleStatement.objects.filter(cycle_id=cycle, confirmed_at__isnull=False)
    statements = statements.filter(judge_id=judge) if user is None else statements.filter(judge__user=user)
    return Exists(statements)


def clean_interests(interests):
    """(organisation, relation) pairs as stored: names trimmed, blank names and repeats left
    out, in the order given."""
    kept = []
    for organisation, relation in interests:
        pair = ((organisation or "").strip(), relation)
        if pair[0] and pair not in kept:
            kept.append(pair)
    return kept


def _refuse_closed(cycle, now):
    if cycle.is_announced(now):
        raise StatementError(
            _("The results of %(cycle)s are announced: its statement can no longer change.") % {"cycle": cycle}
        )


def _locked_statement(judge, cycle):
    statement, _created = CycleStatement.objects.get_or_create(judge=judge, cycle=cycle)
    return CycleStatement.objects.select_for_update().get(pk=statement.pk)


def save_statement(*, judge, cycle, available, capacity=None, interests=(), confirm=False, user=None, now=None):
    """Saves the judge's statement for the cycle: available or not, how many nominations
    they can take (None: no limit), and their standing interests, which replace the old
    ones. Changed interests need a new confirmation (confirm=True confirms them at once),
    and any of the judge's assignments in the cycle whose nominee or partner an interest
    now names gets a detected conflict and is recused (record_interest_conflicts).
    Saving the same statement twice changes nothing."""
    now = now or timezone.now()
    _refuse_closed(cycle, now)
    interests = clean_interests(interests)
    if len(interests) > MAX_INTERESTS:
        raise StatementError(_("Name at most %(count)s organisations.") % {"count": MAX_INTERESTS})
    if any(relation not in InterestRelation.values for _name, relation in interests):
        raise StatementError(_("Say how you are linked to each organisation."))
    if capacity is not None and capacity < 1:
        raise StatementError(_("Enter 1 or more, or say you are not available in this cycle."))
    with transaction.atomic():
        statement = _locked_statement(judge, cycle)
        before = sorted((i.organisation, i.relation) for i in statement.interests.all())
        changed = before != sorted(interests)
        if changed:
            statement.interests.all().delete()
            StandingInterest.objects.bulk_create(
                StandingInterest(statement=statement, organisation=name, relation=relation)
                for name, relation in interests
            )
            statement.confirmed_at = None
        statement.available, statement.capacity = available, capacity
        if confirm and statement.confirmed_at is None:
            statement.confirmed_at = now
        statement.save()
        found = record_interest_conflicts(statement=statement, user=user) if changed else []
    return SavedStatement(statement=statement, interests_changed=changed, conflicts=found)


def confirm_statement(*, judge, cycle, now=None):
    """The judge confirms their statement for the cycle (with no interests if they named
    none): its interests are all the organisations they work for, advise or own a share
    of. Confirming twice keeps the first confirmation."""
    now = now or timezone.now()
    _refuse_closed(cycle, now)
    with transaction.atomic():
        statement = _locked_statement(judge, cycle)
        if statement.confirmed_at is None:
            statement.confirmed_at = now
            statement.save(update_fields=["confirmed_at", "updated_at"])
    return statement


def record_interest_conflicts(*, statement, user=None):
    """The judge's assignments in the statement's cycle (not recused) on a nomination one
    of its interests names (judging.conflicts, the one rule): a detected conflict is
    recorded, so the administrators see it, and the judge is recused from the nomination
    in every round of the cycle, as a declared conflict would do (its scores no longer
    count, and automatic assignment finds the nomination a judge short). A nomination with
    a conflict recorded already is left as it is. Returns the new conflicts."""
    judge = JudgeProfile.objects.select_related("user").get(pk=statement.judge_id)
    judge.standing_interests = [i.organisation for i in statement.interests.all()]
    if not judge.standing_interests:
        return []
    assignments = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(judge=judge, round__cycle_id=statement.cycle_id)
        .exclude(state=AssignmentState.RECUSED)
        .select_related("nomination__nominator")
        .order_by("nomination_id", "pk")
    )
    known = set(
        Conflict.objects.filter(judge=judge, nomination_id__in={a.nomination_id for a in assignments}).values_list(
            "nomination_id", flat=True
        )
    )
    recorded = {}
    for assignment in assignments:
        nomination = assignment.nomination
        if nomination.pk in known or INTEREST not in matching_kinds(judge, nomination):
            continue
        reason = " ".join(detect(judge, nomination))
        if nomination.pk not in recorded:
            recorded[nomination.pk], _created = Conflict.objects.get_or_create(
                judge=judge, nomination=nomination, defaults={"source": Conflict.Source.DETECTED, "reason": reason}
            )
        assignment.recuse(by=user, description=reason)
        assignment.save()
    return list(recorded.values())
