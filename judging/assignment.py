"""Automatic assignment: every nomination gets the round's number of judges from the
panel, judges with the category's expertise, never a conflicted pair, loads within one of
each other whenever such a plan exists (a min-cost flow, judging.assignment_flow), judges
that share nominations so that the panel's design is connected, and the same result for
the same input. The round's row is locked while assigning: two administrators pressing
"Assign" at once get one plan. Below even loads, and if the round prefers it, each
nomination's judges come from different affiliations and one from outside its region where
one is eligible (judging.assignment_mix); a judge never gets more than their capacity for
the cycle."""

from dataclasses import dataclass, field

import numpy as np

from django.db import connections, transaction
from django.db.models import Count

from judging.assignment_flow import balanced_pairs, connect
from judging.assignment_mix import Mix, room
from judging.conflicts import NOMINATION_KEY_FIELDS, ConflictIndex, detect
from judging.experts.statements import attach_interests
from judging.models import Assignment, AssignmentState, Conflict, JudgeProfile, Round
from judging.queries import cycle_panel
from nominations.models import Nomination


@dataclass
class AssignmentPlan:
    created: int = 0
    # nomination -> how many judges it still lacks
    shortfalls: dict = field(default_factory=dict)
    loads: dict = field(default_factory=dict)  # judge id -> assignments in this round and category
    conflicts: list = field(default_factory=list)  # (judge id, nomination) pairs kept apart
    # Whether the judges-nominations graph (counted assignments, old and new) is in one
    # piece; if not, severity cannot be compared across its `components`.
    connected: bool = True
    components: int = 0
    pairs: list = field(default_factory=list)  # the new (nomination id, judge id) pairs
    # The mix (judging.assignment_mix.Mix.measure), over the category's nominations and
    # their counted judges, old and new: nominations with a known region; of those, with a
    # judge from another region; without one, none of their eligible judges being from
    # elsewhere; and nominations with two judges of one affiliation.
    regional: int = 0
    mixed_regions: int = 0
    no_outside_judge: int = 0
    shared_affiliation: int = 0
    judges_with_region: int = 0
    at_capacity: list = field(default_factory=list)  # judge ids whose capacity for the cycle is reached

    @property
    def complete(self):
        return not self.shortfalls

    @property
    def mix_known(self):
        """Whether the mix figures say anything (some judge has a region, or two judges
        share an affiliation somewhere)."""
        return bool(self.judges_with_region or self.shared_affiliation)


def eligible_judges(round_, category):
    """The panel's judges with the category's expertise, each with their statement for the
    round's cycle (judging.experts.statements): their standing interests (conflicts, in
    judging.conflicts) and `cycle_capacity` (the most nominations they can take, None for
    no limit); a judge who said they are not available this cycle is left out."""
    panel = cycle_panel(round_.cycle_id, category=category)
    if panel is None:
        return []
    members = panel.members.filter(JudgeProfile.judging_filter(), expertise=category)  # judges only
    judges = attach_interests(members.select_related("user").order_by("pk").distinct(), round_.cycle_id)
    for judge in judges:
        judge.cycle_capacity = judge.cycle_statement.capacity if judge.cycle_statement else None
    return [judge for judge in judges if judge.cycle_statement is None or judge.cycle_statement.available]


# What conflicts (judging.conflicts), the mix, shortfall messages and the records need.
NOMINATION_FIELDS = ("reference", "title", "call", "state", "region", *NOMINATION_KEY_FIELDS)


def round_nominations(round_, category):
    return list(
        Nomination.objects.filter(
            call__cycle_id=round_.cycle_id, call__category=category, state=round_.nomination_state
        )
        .select_related("nominator")
        .only(*NOMINATION_FIELDS, "nominator__email")
        .order_by("reference", "pk")
    )


def plan(round_, category, judges, nominations, existing, declared):
    """Pure planning (no database): returns (new (nomination_id, judge_id) pairs, plan).

    existing: [(nomination_id, judge_id, counts)] already in the round (counts is False for
    recused ones, which stay but do not cover the nomination); declared: conflict pairs."""
    need = round_.judges_per_nomination
    index = ConflictIndex(judges, declared)
    judge_ids = [j.pk for j in judges]
    column = {pk: i for i, pk in enumerate(judge_ids)}
    loads = dict.fromkeys(judge_ids, 0)
    taken, covered, fixed = {}, {}, []
    for nomination_id, judge_id, counts in existing:
        taken.setdefault(nomination_id, set()).add(judge_id)
        if counts:
            covered[nomination_id] = covered.get(nomination_id, 0) + 1
            fixed.append((nomination_id, judge_id))
            if judge_id in loads:
                loads[judge_id] += 1
    allowed = np.ones((len(nominations), len(judges)), dtype=bool)
    blocked, detected = {}, []
    for row, nomination in enumerate(nominations):
        conflicted = index.conflicted_judges(nomination)
        detected.extend((j, nomination) for j in sorted(conflicted) if j in loads)
        blocked[nomination.pk] = conflicted | taken.get(nomination.pk, set())
        for judge_id in blocked[nomination.pk]:
            if judge_id in column:
                allowed[row, column[judge_id]] = False
    missing = [max(need - covered.get(n.pk, 0), 0) for n in nominations]
    report = AssignmentPlan(conflicts=detected)
    pairs = []
    mix = Mix(judges, nominations)
    prefer_mix = getattr(round_, "prefer_mix", True)
    limits = [room(j) for j in judges]
    if judges and nominations:
        rows, cols = balanced_pairs(
            [n.pk for n in nominations],
            judge_ids,
            missing,
            allowed,
            [loads[pk] for pk in judge_ids],
            capacity=limits,
            **(mix.flow_arguments(fixed, {n.pk: r for r, n in enumerate(nominations)}, column) if prefer_mix else {}),
        )
        pairs = [(nominations[r].pk, judge_ids[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
    pairs, report.components = connect(
        pairs, fixed, lambda judge_id, n: judge_id not in blocked[n], deficit=mix.deficit if prefer_mix else None
    )
    report.connected = report.components <= 1
    given, judges_on = {}, {}
    for nomination_id, judge_id in [*fixed, *pairs]:
        judges_on.setdefault(nomination_id, []).append(judge_id)
    for nomination_id, judge_id in pairs:
        loads[judge_id] += 1
        given[nomination_id] = given.get(nomination_id, 0) + 1
    mix.measure(report, allowed, judges_on)
    report.at_capacity = [
        pk for pk, limit in zip(judge_ids, limits, strict=True) if limit is not None and loads[pk] >= limit
    ]
    for nomination, lacking in zip(nominations, missing, strict=True):
        if lacking > given.get(nomination.pk, 0):
            report.shortfalls[nomination] = lacking - given.get(nomination.pk, 0)
    report.created = len(pairs)
    report.loads = loads
    report.pairs = pairs
    return pairs, report


def assign(*, round_, category):
    """Runs the plan and stores the new assignments; existing ones are kept. The round's
    row stays locked until the caller's transaction ends, and everything is read under
    the lock, so a second run at the same time finds the first one's work done."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        judges = eligible_judges(round_, category)
        count_elsewhere(round_, category, judges)
        nominations = round_nominations(round_, category)
        existing = [
            (n, j, state != AssignmentState.RECUSED)
            for n, j, state in Assignment.objects.filter(round=round_, nomination__call__category=category).values_list(
                "nomination_id", "judge_id", "state"
            )
        ]
        declared = list(
            Conflict.objects.filter(nomination__in=[n.pk for n in nominations]).values_list("judge_id", "nomination_id")
        )
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
        Conflict.objects.bulk_create(detected, batch_size=2000, ignore_conflicts=True)
        _insert_assignments(round_, pairs)
    return report


def count_elsewhere(round_, category, judges):
    """Leaves on each judge with a capacity for the cycle `assigned_elsewhere`: their counted
    assignments in the cycle outside this round's category (other categories, other
    rounds), which the capacity also covers (judging.assignment_mix.room). One query, none
    when no judge has a capacity."""
    limited = [j for j in judges if getattr(j, "cycle_capacity", None) is not None]
    if not limited:
        return
    counts = dict(
        Assignment.objects.filter(round__cycle_id=round_.cycle_id, judge__in=[j.pk for j in limited])
        .exclude(state=AssignmentState.RECUSED)
        .exclude(round=round_, nomination__call__category=category)
        .values_list("judge")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for judge in limited:
        judge.assigned_elsewhere = counts.get(judge.pk, 0)


def _insert_assignments(round_, pairs):
    """Assignment.objects.bulk_create without building a model instance per row (ten
    thousands of them take seconds): every row is the same fresh assignment but for its
    nomination and judge. Like bulk_create, no signals and no history rows."""
    if not pairs:
        return
    connection = connections[Assignment.objects.db]
    fields = [f for f in Assignment._meta.concrete_fields if not f.primary_key]
    model = Assignment(round=round_, nomination_id=pairs[0][0], judge_id=pairs[0][1])
    values = [f.get_db_prep_save(f.pre_save(model, add=True), connection) for f in fields]
    names = [f.column for f in fields]
    at_nomination, at_judge = names.index("nomination_id"), names.index("judge_id")
    rows = []
    for nomination_id, judge_id in pairs:
        values[at_nomination], values[at_judge] = nomination_id, judge_id
        rows.append(tuple(values))
    # Names from the model's metadata, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        connection.ops.quote_name(Assignment._meta.db_table),
        ", ".join(connection.ops.quote_name(name) for name in names),
        ", ".join(["%s"] * len(names)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
