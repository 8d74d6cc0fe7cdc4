"""The results maths: exact totals, the judge-effect fit (against an independent
full-design least squares), the fallback to raw means, ICC(1), tie groups, and what counts
when read from the database."""

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from django.utils import timezone

from judging import ranking
from judging.models import Assignment, Conflict, RubricVersion, Score
from judging.results import Rubric, panel_results, to_decimal
from tests.factories import CallPageFactory, JudgeProfileFactory, NominationFactory, RoundFactory, advance
from tests.support import with_role

# Exact totals -----------------------------------------------------------------------------


def test_a_total_is_an_exact_weighted_mean_of_each_criterion_on_its_scale():
    # Weights 2, 1, 1.5 on 0-10, 0-10, 1-5. Scores 8, 6, 5:
    # 100 * (2 * 8/10 + 1 * 6/10 + 1.5 * 4/4) / 4.5 = 100 * 3.7 / 4.5 = 740/9
    rubric = Rubric([(1, Decimal("2"), 0, 10), (2, Decimal("1"), 0, 10), (3, Decimal("1.5"), 1, 5)])
    points = rubric.points({1: 8, 2: 6, 3: 5})
    assert rubric.total(points) == Fraction(740, 9)
    assert rubric.as_float(points) == 740 / 9


def test_totals_with_decimal_weights_have_no_float_drift():
    # Weights 0.3 and 0.6: 7 and 7 out of 10 is exactly 70, where floats give 70.00000000000003.
    rubric = Rubric([(1, Decimal("0.30"), 0, 10), (2, Decimal("0.60"), 0, 10)])
    assert 100 * (0.3 * 7 / 10 + 0.6 * 7 / 10) / (0.3 + 0.6) != 70
    points = rubric.points({1: 7, 2: 7})
    assert rubric.total(points) == 70
    assert rubric.as_float(points) == 70.0


def test_a_total_needs_every_criterion_and_ignores_others():
    rubric = Rubric([(1, Decimal("2"), 0, 10), (2, Decimal("1"), 0, 10)])
    assert rubric.points({1: 8}) is None
    assert rubric.total_of({1: 8}) is None
    assert rubric.total_of({1: 10, 2: 10, 99: 3}) == 100
    assert Rubric([]).points({}) is None


def test_to_decimal_rounds_half_away_from_zero_exactly():
    assert to_decimal(Fraction(1, 8), 2) == Decimal("0.13")
    assert to_decimal(Fraction(-1, 8), 2) == Decimal("-0.13")
    assert to_decimal(Fraction(2, 3), 1) == Decimal("0.7")
    assert to_decimal(Decimal("29.95"), 1) == Decimal("30.0")


# The fit ----------------------------------------------------------------------------------


def _full_design(nominations, judges, values, n_nominations, n_judges):
    """Least squares on the full N + J design with sum_j s_j = 0 (the last severity is minus
    the sum of the others), covariance from the pseudo-inverse: the textbook computation."""
    y = np.asarray(values)
    x = np.zeros((len(y), n_nominations + n_judges))
    x[np.arange(len(y)), nominations] = 1.0
    x[np.arange(len(y)), n_nominations + np.asarray(judges)] = 1.0
    t = np.zeros((n_nominations + n_judges, n_nominations + n_judges - 1))
    t[:n_nominations, :n_nominations] = np.eye(n_nominations)
    t[n_nominations : n_nominations + n_judges - 1, n_nominations:] = np.eye(n_judges - 1)
    t[-1, n_nominations:] = -1.0
    reduced = x @ t
    beta, *_ = np.linalg.lstsq(reduced, y, rcond=None)
    theta = t @ beta
    residuals = y - x @ theta
    sigma2 = residuals @ residuals / (len(y) - n_nominations - n_judges + 1)
    covariance = sigma2 * t @ np.linalg.pinv(reduced.T @ reduced) @ t.T
    return theta, np.sqrt(np.diag(covariance))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fit_agrees_with_the_full_design_least_squares(seed):
    rng = np.random.default_rng(seed)
    n_nominations, n_judges = 15, 5
    nominations, judges = [], []
    for i in range(n_nominations):
        for j in rng.choice(n_judges, size=int(rng.integers(1, 4)), replace=False):
            nominations.append(i)
            judges.append(int(j))
    # Chain the judges so the design is connected, whatever the draw.
    for j in range(n_judges - 1):
        nominations += [j, j]
        judges += [j, j + 1]
    pairs = sorted(set(zip(nominations, judges, strict=True)))
    nominations, judges = [p[0] for p in pairs], [p[1] for p in pairs]
    values = list(rng.uniform(10, 95, size=len(pairs)))
    fit = ranking.fit(nominations, judges, values, n_nominations, n_judges)
    theta, se = _full_design(nominations, judges, values, n_nominations, n_judges)
    assert fit.method == "adjusted"
    assert fit.connected
    np.testing.assert_allclose(fit.merit, theta[:n_nominations], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.severity, theta[n_nominations:], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.merit_se, se[:n_nominations], rtol=0, atol=1e-9)
    np.testing.assert_allclose(fit.severity_se, se[n_nominations:], rtol=0, atol=1e-9)
    assert sum(fit.severity) == pytest.approx(0.0, abs=1e-9)


def test_a_complete_design_adjusts_to_the_raw_means_and_judge_offsets_by_hand():
    # Two judges score both nominations. Judge 0: 80, 60; judge 1: 70, 50.
    # Severities: judge mean minus grand mean = +5 and -5. Merits = raw means 75 and 55.
    # Residuals are all zero: sigma = 0, df = 4 - 2 - 2 + 1 = 1.
    fit = ranking.fit([0, 1, 0, 1], [0, 0, 1, 1], [80.0, 60.0, 70.0, 50.0], 2, 2)
    assert fit.merit == pytest.approx([75.0, 55.0], abs=1e-12)
    assert fit.severity == pytest.approx([5.0, -5.0], abs=1e-12)
    assert fit.residual_sd == pytest.approx(0.0, abs=1e-9)


def test_standard_errors_hold_at_the_size_of_a_city_wide_round():
    """10,000 nominations, 5 of 100 judges each: the reduced system's zero eigenvalue
    rounds to about 1e-12 there, and a pseudo-inverse with a rounding threshold kept it
    (every standard error came out 0). Each merit's error must stay near sigma / sqrt(5),
    a little above it for the judges' estimated effects."""
    rng = np.random.default_rng(7)
    nominations = np.repeat(np.arange(10_000), 5)
    judges = (nominations * 7 + np.tile(np.arange(5), 10_000) * 13) % 100
    values = rng.integers(0, 61, nominations.size).astype(float)
    fit = ranking.fit(nominations, judges, values, 10_000, 100)
    floor = fit.residual_sd / np.sqrt(5)
    assert fit.method == "adjusted"
    assert all(floor <= se < 1.05 * floor for se in fit.merit_se)
    assert all(0 < se < fit.residual_sd for se in fit.severity_se)
    assert abs(sum(fit.severity)) < 1e-6


def test_standard_errors_are_none_without_degrees_of_freedom():
    # A chain: 3 observations, 2 nominations, 2 judges: df = 3 - 2 - 2 + 1 = 0.
    fit = ranking.fit([0, 0, 1], [0, 1, 1], [60.0, 70.0, 40.0], 2, 2)
    assert fit.method == "adjusted"
    assert fit.merit_se == [None, None]
    assert fit.severity_se == [None, None]
    assert fit.residual_sd is None
    # Exactly fitted: judge 1 runs 10 above judge 0 (s = -5, +5), so nomination 1 is 35.
    assert fit.merit == pytest.approx([65.0, 35.0], abs=1e-12)


def test_a_disconnected_design_falls_back_to_raw_means():
    # Judges 0 and 1 share nominations 0 and 1; judge 2 alone scored nomination 2.
    fit = ranking.fit([0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [80.0, 70.0, 60.0, 40.0, 90.0], 3, 3)
    assert (fit.method, fit.connected, fit.components) == ("raw", False, 2)
    assert fit.merit == pytest.approx([75.0, 50.0, 90.0])
    # Sample sd / sqrt(n): sd of (80, 70) is sqrt(50), / sqrt(2) = 5; (60, 40): 10; one total: None.
    assert fit.merit_se == [pytest.approx(5.0), pytest.approx(10.0), None]
    assert fit.severity_se == [None, None, None]


def test_components_count_the_separate_groups():
    assert ranking.components([0, 1, 2], [0, 1, 2], 3, 3) == 3
    assert ranking.components([0, 0, 1, 2], [0, 1, 1, 2], 3, 3) == 2
    assert ranking.components([0, 0, 1, 1, 2, 2], [0, 1, 1, 2, 2, 0], 3, 3) == 1


# Agreement and ties -----------------------------------------------------------------------


def test_icc_is_exact_one_for_perfect_agreement_and_minus_one_for_opposites():
    assert ranking.icc1([[1, 1], [3, 3]]) == 1
    assert ranking.icc1([[1, 3], [3, 1]]) == -1
    assert ranking.icc1([[5]]) is None
    # Unequal groups by hand: groups (1, 3), (5,), (6, 8). n = 5, k = 3, grand mean 23/5.
    # SSB = 2*(2-4.6)^2 + (5-4.6)^2 + 2*(7-4.6)^2 = 13.52 + 0.16 + 11.52 = 25.2; MSB = 12.6
    # SSW = 2 + 0 + 2 = 4; MSW = 2; k0 = (5 - 9/5) / 2 = 1.6
    # ICC = (12.6 - 2) / (12.6 + 0.6 * 2) = 10.6 / 13.8 = 53/69
    assert ranking.icc1([[1, 3], [5], [6, 8]]) == Fraction(53, 69)


def test_tie_groups_compare_with_the_leader_not_the_previous_score():
    scores = [Decimal(v) for v in ("80.00", "79.60", "79.20", "79.00", "70.00", "69.49")]
    # 79.60 is within 0.5 of 80; 79.20 is 0.4 below 79.60 but 0.8 below the leader.
    assert ranking.tie_groups(scores, Decimal("0.5")) == [[0, 1], [2, 3], [4], [5]]
    assert ranking.tie_groups([Decimal("70.00"), Decimal("69.50")], Decimal("0.5")) == [[0, 1]]


# From the database ------------------------------------------------------------------------


@pytest.fixture
def scored_round(call_index):
    """Round 1 with three eligible nominations and three judges; `score` submits a judge's
    scores on the rubric (weight 2 on 0-10, 1 on 0-10, 1 on 1-5)."""
    round_ = RoundFactory(criteria=[("Novelty", 2, 0, 10), ("Impact", 1, 0, 10), ("Maturity", 1, 1, 5)])
    call = CallPageFactory(parent=call_index, cycle=round_.cycle)
    screener = with_role("Screeners", "s@example.net")
    nominations = []
    for _ in range(3):
        n = NominationFactory(call=call)
        advance(n, "submit", by=n.nominator)
        advance(n, "accept", by=screener)
        nominations.append(n)
    judges = [JudgeProfileFactory() for _ in range(3)]
    criteria = list(round_.criteria.order_by("sort_order"))

    def score(judge, nomination, values, submit=True):
        assignment = Assignment.objects.create(round=round_, nomination=nomination, judge=judge)
        for criterion, value in zip(criteria, values, strict=False):
            Score.objects.create(assignment=assignment, criterion=criterion, value=value)
        if submit:
            assignment.submit(by=judge.user)
            assignment.save()
        return assignment

    return round_, nominations, judges, score


@pytest.mark.django_db
def test_panel_results_from_the_database_by_hand(scored_round):
    round_, (n1, n2, n3), (j1, j2, j3), score = scored_round
    score(j1, n1, (8, 6, 5))  # (2*.8 + .6 + 1)/4*100 = 80
    score(j1, n2, (0, 10, 1))  # (0 + 1 + 0)/4*100 = 25
    score(j2, n1, (10, 10, 5))  # 100
    score(j2, n2, (5, 5, 3))  # (1 + .5 + .5)/4*100 = 50
    score(j3, n3, (9, 9, 5), submit=False)  # not submitted: does not count
    results = panel_results(round_, n1.call.category)
    assert (results.method, results.connected, results.components) == ("adjusted", True, 1)
    assert [(r.nomination_id, r.rank_label) for r in results.rows] == [(n1.pk, "1"), (n2.pk, "2")]
    first, second = results.rows
    # Complete design: adjusted = raw mean; j1 mean 52.5, j2 mean 75, grand 63.75.
    assert (first.raw_mean, second.raw_mean) == (90.0, 37.5)
    assert (first.adjusted, second.adjusted) == (pytest.approx(90.0), pytest.approx(37.5))
    assert first.score == Decimal("90.00")
    assert first.totals == {j1.pk: 80.0, j2.pk: 100.0}
    assert (first.spread, second.spread) == (Decimal("20.0"), Decimal("25.0"))
    assert results.severities[j1.pk].estimate == pytest.approx(-11.25)
    assert results.severities[j2.pk].estimate == pytest.approx(11.25)
    assert results.severities[j1.pk].count == 2
    # Residuals +-1.25 each (80-90+11.25 ...): RSS 6.25, df = 4 - 2 - 2 + 1 = 1.
    assert results.residual_sd == pytest.approx(2.5)
    # sigma^2 (1/2 + 0) = 3.125 for each merit (the judges' effects cancel in a complete design).
    assert first.standard_error == pytest.approx(3.125**0.5)
    assert results.severities[j1.pk].standard_error == pytest.approx((6.25 / 4) ** 0.5)
    # ICC(1) of (80, 100) and (25, 50): MSB = 4 * 26.25^2 = 2756.25, MSW = 512.5 / 2 = 256.25,
    # k0 = 2: (2756.25 - 256.25) / (2756.25 + 256.25) = 0.8299... -> 0.83.
    assert results.agreement == Decimal("0.83")
    assert results.rubric_version is None
    assert results.tolerance == Decimal("0.5")


@pytest.mark.django_db
def test_conflicted_recused_and_incomplete_assignments_never_count(scored_round):
    round_, (n1, n2, n3), (j1, j2, j3), score = scored_round
    score(j1, n1, (8, 6, 5))
    score(j2, n1, (0, 0, 1))
    Conflict.objects.create(judge=j2, nomination=n1, source="detected", reason="Same organisation.")
    recused = score(j3, n2, (10, 10, 5), submit=False)
    recused.recuse(by=j3.user)
    recused.save()
    score(j1, n3, (10, 10), submit=False)  # one criterion left unscored
    Assignment.objects.filter(judge=j1, nomination=n3).update(state="submitted")
    results = panel_results(round_, n1.call.category)
    assert [(r.nomination_id, r.judges, r.raw_mean) for r in results.rows] == [(n1.pk, 1, 80.0)]
    assert results.agreement is None
    assert list(results.severities) == [j1.pk]


@pytest.mark.django_db
def test_the_rubric_version_is_the_rounds_latest(scored_round):
    round_, (n1, _n2, _n3), (j1, _j2, _j3), score = scored_round
    score(j1, n1, (8, 6, 5))
    RubricVersion.objects.create(round=round_, number=1, criteria=[])
    RubricVersion.objects.create(round=round_, number=2, criteria=[], reason="Impact weighs more.")
    RubricVersion.objects.create(round=RoundFactory(), number=3, criteria=[])
    assert panel_results(round_, n1.call.category).rubric_version == 2


@pytest.mark.django_db
def test_another_category_has_its_own_results(scored_round):
    round_, (n1, _n2, _n3), (j1, _j2, _j3), score = scored_round
    score(j1, n1, (8, 6, 5))
    tec = n1.call.category
    assert [r.nomination_id for r in panel_results(round_, tec).rows] == [n1.pk]
    other = type(tec).objects.exclude(pk=tec.pk).first()
    empty = panel_results(round_, other)
    assert (empty.rows, empty.severities, empty.agreement) == ([], {}, None)


@pytest.mark.django_db
def test_round_is_open_only_between_its_times_and_until_closed(scored_round):
    round_ = scored_round[0]
    assert round_.is_open()
    assert not round_.is_open(round_.closes_at)
    assert not round_.is_open(round_.opens_at - timedelta(seconds=1))
    round_.closed_at = timezone.now()
    assert not round_.is_open()
