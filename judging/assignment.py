"""Automatic assignment: every nomination gets the round's number of judges from the
panel, judges with the category's expertise, never a conflicted pair, loads as even as
possible, and the same result for the same input."""

from dataclasses import dataclass, field

from django.db import transaction

from judging.conflicts import ConflictIndex, detect
from judging.models import Assignment, Conflict, Panel
from nominations.models import Nomination


@dataclass
class AssignmentPlan:
    created: int = 0
    # nomination -> how many judges it still lacks
    shortfalls: dict = field(default_factory=dict)
    loads: dict = field(default_factory=dict)  # judge id -> assignments in this round and category
    conflicts: list = field(default_factory=list)  # (judge id, nomination) pairs kept apart

    @property
    def complete(self):
        return not self.shortfalls


def eligible_judges(round_, category):
    panel = Panel.objects.filter(cycle_id=round_.cycle_id, category=category).first()
    if panel is None:
        return []
    return list(panel.members.filter(active=True, expertise=category).select_related("user").order_by("pk").distinct())


def round_nominations(round_, category):
    return list(
        Nomination.objects.filter(
            call__cycle_id=round_.cycle_id, call__category=category, state=round_.nomination_state
        )
        .select_related("nominator")
        .order_by("reference", "pk")
    )


def plan(round_, category, judges, nominations, existing, declared):
    """Pure planning (no database): returns (new (nomination_id, judge_id) pairs, plan).

    existing: [(nomination_id, judge_id, counts)] already in the round (counts is False for
    recused ones, which stay but do not cover the nomination); declared: conflict pairs."""
    need = round_.judges_per_nomination
    index = ConflictIndex(judges, declared)
    judge_ids = [j.pk for j in judges]
    loads = dict.fromkeys(judge_ids, 0)
    taken, covered = {}, {}
    for nomination_id, judge_id, counts in existing:
        taken.setdefault(nomination_id, set()).add(judge_id)
        if counts:
            covered[nomination_id] = covered.get(nomination_id, 0) + 1
            if judge_id in loads:
                loads[judge_id] += 1
    candidates, detected = {}, []
    for nomination in nominations:
        conflicted = index.conflicted_judges(nomination)
        detected.extend((j, nomination) for j in conflicted if j in loads)
        blocked = conflicted | taken.get(nomination.pk, set())
        candidates[nomination.pk] = [j for j in judge_ids if j not in blocked]
    # Most constrained first; ties by reference order (the input order) for determinism.
    order = sorted(range(len(nominations)), key=lambda i: (len(candidates[nominations[i].pk]), i))
    pairs, report = [], AssignmentPlan()
    for i in order:
        nomination = nominations[i]
        missing = need - covered.get(nomination.pk, 0)
        pool = candidates[nomination.pk]
        for _slot in range(max(missing, 0)):
            if not pool:
                break
            judge_id = min(pool, key=lambda j: (loads[j], j))
            pool.remove(judge_id)
            loads[judge_id] += 1
            pairs.append((nomination.pk, judge_id))
            missing -= 1
        if missing > 0:
            report.shortfalls[nomination] = missing
    report.created = len(pairs)
    report.loads = loads
    report.conflicts = detected
    return pairs, report


def assign(*, round_, category):
    """Runs the plan and stores the new assignments; existing ones are kept."""
    judges = eligible_judges(round_, category)
    nominations = round_nominations(round_, category)
    existing = [
        (n, j, state != "recused")
        for n, j, state in Assignment.objects.filter(round=round_, nomination__call__category=category).values_list(
            "nomination_id", "judge_id", "state"
        )
    ]
    declared = Conflict.objects.filter(nomination__in=[n.pk for n in nominations]).values_list(
        "judge_id", "nomination_id"
    )
    declared = list(declared)
    pairs, report = plan(round_, category, judges, nominations, existing, declared)
    judges_by_id = {j.pk: j for j in judges}
    known = set(declared)
    detected = [
        Conflict(
            judge_id=judge_id,
            nomination=nomination,
            source=Conflict.Source.DETECTED,
            reason=" ".join(detect(judges_by_id[judge_id], nomination)),
        )
        for judge_id, nomination in report.conflicts
        if (judge_id, nomination.pk) not in known
    ]
    with transaction.atomic():
        Conflict.objects.bulk_create(detected, batch_size=2000, ignore_conflicts=True)
        Assignment.objects.bulk_create(
            [Assignment(round=round_, nomination_id=n, judge_id=j) for n, j in pairs], batch_size=2000
        )
    return report
