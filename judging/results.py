"""Results: how a round's scores combine, fairly and in the open.

For each submitted assignment (a judge's scoring of one nomination) the *total* is the
weighted mean of its criterion scores, each first put on 0-100 by its own scale:

    total = 100 * sum(w_c * (v_c - min_c) / (max_c - min_c)) / sum(w_c)

A nomination's *weighted mean* is the mean of its judges' totals. Because a harsh judge's
totals run low and a lenient judge's high, each judge's totals are also turned into
z-scores within the round (z = (total - judge's mean) / judge's standard deviation; 0 when
the judge scored fewer than two nominations or gave them all the same total). A
nomination's *normalised score* is the mean of its judges' z-scores mapped to 0-100 by the
standard normal distribution (50 is an average nomination; 84 is one standard deviation
above). Ranking is by normalised score, then weighted mean, then reference.

*Spread* is the difference between the highest and the lowest judge's total; a spread of
DISAGREEMENT_SPREAD points or more flags strong disagreement. Panel agreement is the
intra-class correlation ICC(1) of the totals (one-way random effects, unequal numbers of
judges per nomination): 1 is perfect agreement, 0 none.

Only submitted assignments count; recused judges and any judge with a conflict on a
nomination never count for it."""

from collections import defaultdict
from dataclasses import dataclass, field
from math import sqrt
from statistics import NormalDist

from django.conf import settings
from django.db.models import Exists, F, FloatField, OuterRef, Sum
from django.db.models.functions import Cast

from judging.models import Assignment, AssignmentState, Conflict, Criterion, Score

STANDARD_NORMAL = NormalDist()


def disagreement_spread():
    return getattr(settings, "JUDGING_DISAGREEMENT_SPREAD", 30.0)


@dataclass
class NominationResult:
    nomination_id: int
    judges: int
    weighted_mean: float
    normalised: float
    spread: float
    disagreement: bool
    rank: int = 0
    totals: dict = field(default_factory=dict)  # judge id -> total


@dataclass
class RoundResults:
    rows: list
    agreement: float | None  # ICC(1), None when it cannot be computed
    judge_stats: dict  # judge id -> (count, mean, standard deviation)


def assignment_total(scores, criteria):
    """scores: {criterion id: value}; criteria: {criterion id: (weight, min, max)}."""
    weights = sum(float(w) for w, _lo, _hi in criteria.values())
    points = sum(
        float(criteria[c][0]) * (value - criteria[c][1]) / (criteria[c][2] - criteria[c][1])
        for c, value in scores.items()
    )
    return 100.0 * points / weights


def _mean_sd(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def icc1(groups):
    """ICC(1) for groups of ratings of unequal size (one-way random effects)."""
    groups = [g for g in groups if len(g) >= 1]
    k = len(groups)
    n = sum(len(g) for g in groups)
    if k < 2 or n - k < 1:
        return None
    grand = sum(sum(g) for g in groups) / n
    ssb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups)
    ssw = sum(sum((x - sum(g) / len(g)) ** 2 for x in g) for g in groups)
    msb, msw = ssb / (k - 1), ssw / (n - k)
    k0 = (n - sum(len(g) ** 2 for g in groups) / n) / (k - 1)
    denominator = msb + (k0 - 1) * msw
    return None if denominator == 0 else (msb - msw) / denominator


def combine(totals, judge_totals=None, references=None):
    """The results from assignment totals.

    totals: [(nomination id, judge id, total)] for the nominations being ranked.
    judge_totals: [(judge id, total)] over the whole round, for each judge's z-scores
    (defaults to `totals`). references: {nomination id: reference} for tie-breaks."""
    judge_totals = judge_totals if judge_totals is not None else [(j, t) for _n, j, t in totals]
    per_judge = defaultdict(list)
    for judge_id, total in judge_totals:
        per_judge[judge_id].append(total)
    stats = {j: (len(v), *_mean_sd(v)) for j, v in per_judge.items()}

    per_nomination = defaultdict(dict)
    for nomination_id, judge_id, total in totals:
        per_nomination[nomination_id][judge_id] = total
    rows = []
    for nomination_id, by_judge in per_nomination.items():
        values = list(by_judge.values())
        zs = []
        for judge_id, total in by_judge.items():
            _count, mean, sd = stats[judge_id]
            zs.append((total - mean) / sd if sd > 0 else 0.0)
        spread = max(values) - min(values)
        rows.append(
            NominationResult(
                nomination_id=nomination_id,
                judges=len(values),
                weighted_mean=sum(values) / len(values),
                normalised=100.0 * STANDARD_NORMAL.cdf(sum(zs) / len(zs)),
                spread=spread,
                disagreement=len(values) > 1 and spread >= disagreement_spread(),
                totals=dict(by_judge),
            )
        )
    references = references or {}
    rows.sort(key=lambda r: (-r.normalised, -r.weighted_mean, references.get(r.nomination_id, ""), r.nomination_id))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    agreement = icc1([list(r.totals.values()) for r in rows])
    return RoundResults(rows=rows, agreement=agreement, judge_stats=stats)


def counted_assignments(round_):
    """Submitted assignments whose judge has no conflict with the nomination."""
    conflicted = Conflict.objects.filter(judge_id=OuterRef("judge_id"), nomination_id=OuterRef("nomination_id"))
    return Assignment.objects.filter(round=round_, state=AssignmentState.SUBMITTED).exclude(Exists(conflicted))


def assignment_totals(round_):
    """[(nomination id, judge id, category id, total)] for the round, computed in the
    database: one row per counted assignment, whatever the number of criteria."""
    criteria = Criterion.objects.filter(round=round_)
    weight_sum = float(sum(c.weight for c in criteria)) or 1.0
    share = (
        Cast(F("value") - F("criterion__scale_min"), FloatField())
        * Cast(F("criterion__weight"), FloatField())
        / Cast(F("criterion__scale_max") - F("criterion__scale_min"), FloatField())
    )
    rows = (
        Score.objects.filter(assignment__in=counted_assignments(round_))
        .values("assignment__nomination_id", "assignment__judge_id", "assignment__nomination__call__category_id")
        .annotate(points=Sum(share))
        .order_by()
    )
    return [
        (
            r["assignment__nomination_id"],
            r["assignment__judge_id"],
            r["assignment__nomination__call__category_id"],
            100.0 * r["points"] / weight_sum,
        )
        for r in rows
    ]


def round_results(round_, category=None):
    """Live results of a round (for one category, or all), from the database."""
    from nominations.models import Nomination

    totals = assignment_totals(round_)
    judge_totals = [(judge, total) for _n, judge, _c, total in totals]
    selected = [(n, j, t) for n, j, c, t in totals if category is None or c == category.pk]
    ids = {n for n, _j, _t in selected}
    references = dict(Nomination.objects.filter(pk__in=ids).values_list("pk", "reference"))
    return combine(selected, judge_totals, references)
