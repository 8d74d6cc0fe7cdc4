"""Results: a panel's ranking (one round, one category), fairly and in the open.

For each counted assignment (a judge's scoring of one nomination) the *total* is the
weighted mean of its criterion scores, each first put on 0-100 by its own scale:

    total = 100 * sum(w_c * (v_c - min_c) / (max_c - min_c)) / sum(w_c)

computed exactly here from the integer scores and the decimal weights (every total is an
integer multiple of one fraction), so SQLite and PostgreSQL give the same inputs.

A nomination's *raw mean* is the mean of its judges' totals. Its *adjusted score* comes
from the judge-effect model of judging.ranking: total = merit + the judge's leniency +
noise, least squares over this panel only; the adjusted score is the merit, what the
nomination would have scored from an average judge of the panel, with its standard error.
When the panel's judges are not linked through shared nominations the model cannot tell a
judge's leniency from the nominations' merit, and the ranking falls back to raw means.

Ranking is by adjusted score to 0.01, best first. A nomination within the tie tolerance
(settings.JUDGING_TIE_TOLERANCE) of the highest score of its group shares that group's
rank; a tied group is listed by reference, which does not rank it.

*Spread* is the highest minus the lowest judge's total, compared exactly with
settings.JUDGING_DISAGREEMENT_SPREAD. Panel agreement is the intra-class correlation
ICC(1) of the totals (one-way random effects, unequal numbers of judges per nomination).

Only submitted assignments count whose judge has no conflict with the nomination and
which have a score for every current criterion of the round."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import lcm

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum

from judging import ranking
from judging.models import Assignment, AssignmentState, Conflict, Criterion, RubricVersion, Score
from nominations.models import Nomination

CENT = Decimal("0.01")
# How long a panel's results stay cached at most (cached_panel_results: any change to what
# they read makes a new key at once; this only bounds the cache's memory).
RESULTS_CACHE_SECONDS = 600


def disagreement_spread():
    return Decimal(settings.JUDGING_DISAGREEMENT_SPREAD)


def tie_tolerance():
    return Decimal(settings.JUDGING_TIE_TOLERANCE)


@dataclass
class Severity:
    estimate: float  # points above (lenient) or below (harsh) the panel's average judge
    standard_error: float | None
    count: int


@dataclass
class NominationResult:
    nomination_id: int
    judges: int
    raw_mean: float
    adjusted: float
    standard_error: float | None
    spread: Decimal
    disagreement: bool
    score: Decimal = CENT  # the adjusted score to 0.01, what ranks
    reference: str = ""
    rank: int = 0
    tied: bool = False
    rank_label: str = ""
    totals: dict = field(default_factory=dict)  # judge id -> total


@dataclass
class PanelResults:
    rows: list
    method: str  # "adjusted" or "raw"
    connected: bool
    components: int  # separate groups of judges and nominations (0 when nothing is scored yet)
    severities: dict  # judge id -> Severity
    residual_sd: float | None
    agreement: Decimal | None
    tolerance: Decimal
    rubric_version: int | None
    version: str = ""  # the cache key it is kept under (cached_panel_results), "" when not kept


def to_decimal(value, places):
    """An exact number (int, Fraction, Decimal) rounded half up to `places` decimals."""
    return Decimal(ranking.round_half_up(Fraction(value), places)).scaleb(-places)


class Rubric:
    """A round's current criteria as exact integer arithmetic: an assignment's total is
    points * unit, where points = sum_c K_c (v_c - min_c) is an integer and unit a Fraction."""

    def __init__(self, criteria):
        # criteria: [(id, weight (Decimal), scale_min, scale_max)]
        shares = {
            pk: Fraction(weight) / (high - low) if high > low else Fraction(0) for pk, weight, low, high in criteria
        }
        common = lcm(*(share.denominator for share in shares.values())) if shares else 1
        self.factors = {
            pk: (int(shares[pk] * common), low) for pk, _weight, low, _high in criteria
        }  # criterion -> (K_c, min_c)
        weights = sum((Fraction(weight) for _pk, weight, _low, _high in criteria), Fraction(0))
        self.unit = Fraction(100) / (common * weights) if weights else Fraction(0)
        self.size = len(criteria)

    def assignment_points(self, rows):
        """{assignment: (points, row)} from score rows (assignment, criterion id, score, ...):
        one entry per assignment that scored every criterion of the rubric, with the first
        of its rows (whatever else the caller read with it). Scores of criteria not in the
        rubric are left out. The one place a total's sum is written (the total is points *
        unit): panel_points (the results, their exports and the report) and, through
        points, the audit page ask it. One pass, no object per score: a city-wide panel
        has 300,000 scores."""
        factors = self.factors
        found = {}
        for row in rows:
            factor = factors.get(row[1])
            if factor is None:
                continue  # not a criterion of this rubric
            part = factor[0] * (row[2] - factor[1])
            entry = found.get(row[0])
            if entry is None:
                found[row[0]] = [part, 1, row]
            else:
                entry[0] += part
                entry[1] += 1
        size = self.size
        return {key: (points, row) for key, (points, count, row) in found.items() if size and count == size}

    def points(self, values):
        """The integer points of one assignment's scores, `values` {criterion id: score},
        or None unless every criterion of the rubric is scored."""
        found = self.assignment_points((None, pk, value) for pk, value in values.items())
        return found[None][0] if found else None

    def total(self, points):
        return points * self.unit

    def total_of(self, values):
        """One assignment's exact total on 0-100 (a Fraction), or None when incomplete."""
        points = self.points(values)
        return None if points is None else self.total(points)

    def as_float(self, points):
        return points * self.unit.numerator / self.unit.denominator


def rubric_rows(round_):
    return list(Criterion.objects.filter(round=round_).values_list("pk", "weight", "scale_min", "scale_max"))


def panel_points(round_, category, criteria=None):
    """(rubric, [(nomination id, judge id, points)]) for the panel's counted assignments,
    sorted by nomination then judge, from two queries of plain tuples (one when the
    round's `criteria` rows are given)."""
    rubric = Rubric(rubric_rows(round_) if criteria is None else criteria)
    conflicted = Conflict.objects.filter(
        judge_id=OuterRef("assignment__judge_id"), nomination_id=OuterRef("assignment__nomination_id")
    )
    scores = (
        Score.objects.filter(
            assignment__round=round_,
            assignment__state=AssignmentState.SUBMITTED,
            assignment__nomination__call__category=category,
        )
        .exclude(Exists(conflicted))
        .order_by()
        .values_list("assignment_id", "criterion_id", "value", "assignment__nomination_id", "assignment__judge_id")
    )
    found = rubric.assignment_points(scores)
    return rubric, sorted((row[3], row[4], points) for points, row in found.values())


def rank(rows, tolerance):
    """Sorts rows best first and gives each its competition rank, tied groups sharing
    their leader's rank and listed by reference. Never breaks a tie on the raw mean."""
    rows.sort(key=lambda r: (-r.score, r.reference, r.nomination_id))
    ordered = []
    for group in ranking.tie_groups([r.score for r in rows], tolerance):
        members = sorted((rows[p] for p in group), key=lambda r: (r.reference, r.nomination_id))
        position = len(ordered) + 1
        for row in members:
            row.rank, row.tied = position, len(members) > 1
            row.rank_label = f"={position}" if row.tied else str(position)
        ordered.extend(members)
    return ordered


def latest_rubric_version(round_):
    return RubricVersion.objects.filter(round=round_).order_by("-number").values_list("number", flat=True).first()


def scores_version(round_, category):
    """A fingerprint, in one aggregate query, of everything of the panel's that
    panel_results reads besides the rubric: its assignments (which, their states, when
    they last changed), the conflicts declared or detected on its nominations and the
    nominations' last change (their references, titles and states, which the results page
    shows beside the scores). Saving, deleting, submitting, reopening or recusing changes
    it, and so does a new conflict or a nomination's new state.

    Only submitted assignments' scores count, and those are locked: services.save_scores
    refuses them, and they change only after a reopening, which changes the assignment's
    state and updated_at (as saving scores and submitting do). So the assignments stand
    for their scores here, and the 4,000 scores of a 200-nomination panel are not read."""
    fingerprint = Assignment.objects.filter(round=round_, nomination__call__category=category).aggregate(
        assignments=Count("pk", distinct=True),
        assignment_ids=Sum("pk", distinct=True),
        submitted=Count("pk", distinct=True, filter=Q(state=AssignmentState.SUBMITTED)),
        changed=Max("updated_at"),
        conflict_count=Count("nomination__conflicts", distinct=True),
        conflicted=Max("nomination__conflicts__created_at"),
        nominations=Max("nomination__updated_at"),
    )
    return tuple(str(value) for value in fingerprint.values())


def results_key(round_, category, hidden=frozenset()):
    """(cache key, criteria rows, rubric version) of the panel's results as `hidden` (the
    viewer's hidden rows) leaves them: the key holds the round's rubric and its version,
    the panel's scores_version, the hidden rows and the settings that rank. Three small
    queries."""
    criteria = rubric_rows(round_)
    rubric_version = latest_rubric_version(round_)
    parts = (
        round_.pk,
        category.pk,
        criteria,
        rubric_version,
        scores_version(round_, category),
        sorted(hidden),
        settings.JUDGING_TIE_TOLERANCE,
        settings.JUDGING_DISAGREEMENT_SPREAD,
    )
    return "judging:results:" + hashlib.sha256(repr(parts).encode()).hexdigest(), criteria, rubric_version


def cached_panel_results(round_, category, hidden=frozenset(), *, keyed=None):
    """panel_results, kept in the cache until anything it reads changes (results_key, or
    `keyed`, what it gave for this panel and viewer in this request). Where the full
    computation reads every score of the panel and fits the judge-effect model, this is
    three small queries and one cache read; a submission, a reopening, a new conflict is
    in the next page at once. The results carry their key as `version`."""
    key, criteria, rubric_version = keyed or results_key(round_, category, hidden)
    results = cache.get(key)
    if results is None:
        results = panel_results(round_, category, hidden, criteria=criteria, rubric_version=rubric_version)
        results.version = key
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def panel_results(round_, category, hidden=frozenset(), *, criteria=None, rubric_version=None):
    """The panel's results: fitted on every counted assignment, ranked over the rows not
    in `hidden` (nomination ids the viewer must not see), with no gaps. `criteria` and
    `rubric_version`, when given, are what rubric_rows and latest_rubric_version read."""

    rubric, points = panel_points(round_, category, criteria)
    if criteria is None:
        rubric_version = latest_rubric_version(round_)
    nomination_ids = sorted({n for n, _j, _p in points})
    judge_ids = sorted({j for _n, j, _p in points})
    n_index = {pk: i for i, pk in enumerate(nomination_ids)}
    j_index = {pk: i for i, pk in enumerate(judge_ids)}
    tolerance = tie_tolerance()
    if not points:
        return PanelResults([], "adjusted", True, 0, {}, None, None, tolerance, rubric_version)

    values = [rubric.as_float(p) for _n, _j, p in points]
    fit = ranking.fit(
        [n_index[n] for n, _j, _p in points],
        [j_index[j] for _n, j, _p in points],
        values,
        len(nomination_ids),
        len(judge_ids),
    )
    per_nomination = {}
    for (nomination_id, judge_id, p), value in zip(points, values, strict=True):
        per_nomination.setdefault(nomination_id, []).append((judge_id, p, value))
    counts = {}
    for _n, judge_id, _p in points:
        counts[judge_id] = counts.get(judge_id, 0) + 1

    threshold = Fraction(disagreement_spread())
    spreads = {}  # points between the highest and lowest total -> (Decimal spread, flagged)

    def spread_of(delta):
        if delta not in spreads:
            exact = rubric.total(delta)
            spreads[delta] = (to_decimal(exact, 1), exact >= threshold)
        return spreads[delta]

    unit_num, unit_den = rubric.unit.numerator, rubric.unit.denominator
    visible = [pk for pk in nomination_ids if pk not in hidden]
    references = dict(Nomination.objects.filter(pk__in=visible).values_list("pk", "reference"))
    rows = []
    for nomination_id in visible:
        entries = per_nomination[nomination_id]
        index = n_index[nomination_id]
        spread, flagged = spread_of(max(p for _j, p, _v in entries) - min(p for _j, p, _v in entries))
        # Exact, then rounded once: int / int is correctly rounded.
        raw_mean = sum(p for _j, p, _v in entries) * unit_num / (unit_den * len(entries))
        adjusted = raw_mean if fit.method == "raw" else fit.merit[index]
        rows.append(
            NominationResult(
                nomination_id=nomination_id,
                judges=len(entries),
                raw_mean=raw_mean,
                adjusted=adjusted,
                standard_error=fit.merit_se[index],
                spread=spread,
                disagreement=len(entries) > 1 and flagged,
                score=Decimal(adjusted).quantize(CENT),
                reference=references.get(nomination_id) or "",
                totals={judge_id: value for judge_id, _p, value in entries},
            )
        )
    agreement = ranking.icc1([[p for _j, p, _v in entries] for entries in per_nomination.values()])
    return PanelResults(
        rows=rank(rows, tolerance),
        method=fit.method,
        connected=fit.connected,
        components=fit.components,
        severities={
            judge_id: Severity(fit.severity[i], fit.severity_se[i], counts[judge_id])
            for i, judge_id in enumerate(judge_ids)
        },
        residual_sd=fit.residual_sd,
        agreement=None if agreement is None else to_decimal(agreement, 2),
        tolerance=tolerance,
        rubric_version=rubric_version,
    )
