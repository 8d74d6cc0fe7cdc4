"""The results maths, against figures worked out by hand."""

from datetime import timedelta

import pytest

from django.utils import timezone

from judging.models import Assignment, Conflict, Score
from judging.results import assignment_total, combine, icc1, round_results
from tests.factories import CallPageFactory, NominationFactory, advance
from tests.judging.factories import JudgeProfileFactory, RoundFactory
from tests.nominations.conftest import with_role

# Three criteria: weight 2 on 0-10, weight 1 on 0-10, weight 1 on 1-5.
CRITERIA = {1: (2, 0, 10), 2: (1, 0, 10), 3: (1, 1, 5)}


def test_assignment_total_puts_each_criterion_on_its_scale_then_weights():
    # (2 * 8/10 + 1 * 6/10 + 1 * (5-1)/(5-1)) / (2+1+1) * 100 = (1.6 + 0.6 + 1.0) / 4 * 100 = 80
    assert assignment_total({1: 8, 2: 6, 3: 5}, CRITERIA) == pytest.approx(80.0, abs=1e-9)
    # (2 * 0 + 1 * 10/10 + 1 * (1-1)/4) / 4 * 100 = 25
    assert assignment_total({1: 0, 2: 10, 3: 1}, CRITERIA) == pytest.approx(25.0, abs=1e-9)


def test_weighted_means_and_normalised_scores_by_hand():
    # Two judges each score the same two nominations.
    # Judge 1: A=80, B=60 (mean 70, sd sqrt(200) = 14.142135623730951)
    # Judge 2: A=70, B=50 (mean 60, sd 14.142135623730951)
    # z: A = (+0.7071067811865476 + 0.7071067811865476) / 2 = 0.7071067811865476
    #    B = -0.7071067811865476; Phi(0.70710678...) = 0.7602499389065233
    results = combine([(1, 1, 80.0), (2, 1, 60.0), (1, 2, 70.0), (2, 2, 50.0)])
    first, second = results.rows
    assert (first.nomination_id, first.rank, second.nomination_id, second.rank) == (1, 1, 2, 2)
    assert first.weighted_mean == pytest.approx(75.0, abs=1e-9)
    assert second.weighted_mean == pytest.approx(55.0, abs=1e-9)
    assert first.normalised == pytest.approx(76.02499389065233, abs=1e-9)
    assert second.normalised == pytest.approx(23.975006109347673, abs=1e-9)
    assert (first.spread, second.spread) == (pytest.approx(10.0), pytest.approx(10.0))
    assert results.judge_stats[1] == (2, pytest.approx(70.0), pytest.approx(14.142135623730951, abs=1e-9))


def test_normalisation_puts_a_harsh_judges_favourite_above_a_lenient_judges_least():
    # Lenient judge 10 gives 90, 95, 100: nomination 1 is their lowest (z = -1).
    # Harsh judge 20 gives 70, 40, 50: nomination 2 is their highest
    #   (mean 53.333..., sd 15.275252316519467, z = 1.0910894511799618).
    totals = [(1, 10, 90.0), (3, 10, 95.0), (4, 10, 100.0), (2, 20, 70.0), (5, 20, 40.0), (6, 20, 50.0)]
    results = combine(totals)
    by_id = {row.nomination_id: row for row in results.rows}
    assert by_id[1].weighted_mean > by_id[2].weighted_mean  # raw means: 90 against 70
    assert by_id[1].normalised == pytest.approx(15.865525393145708, abs=1e-9)  # 100 * Phi(-1)
    assert by_id[2].normalised == pytest.approx(86.23832379625829, abs=1e-9)  # 100 * Phi(1.0910894...)
    assert by_id[2].rank < by_id[1].rank  # normalisation reverses the order


def test_disagreement_flag_and_single_judge(settings):
    settings.JUDGING_DISAGREEMENT_SPREAD = 30
    results = combine([(1, 1, 90.0), (1, 2, 60.0), (2, 1, 80.0), (2, 2, 70.0), (3, 1, 50.0)])
    flags = {r.nomination_id: (r.spread, r.disagreement) for r in results.rows}
    assert flags == {1: (30.0, True), 2: (10.0, False), 3: (0.0, False)}


def test_icc_is_one_for_perfect_agreement_and_negative_for_opposites():
    assert icc1([[1.0, 1.0], [3.0, 3.0]]) == pytest.approx(1.0)
    assert icc1([[1.0, 3.0], [3.0, 1.0]]) == pytest.approx(-1.0)
    assert icc1([[5.0]]) is None


@pytest.fixture
def scored_round(call_index):
    """Round 1 with three eligible nominations and three judges' submitted scores."""
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
        for criterion, value in zip(criteria, values, strict=True):
            Score.objects.create(assignment=assignment, criterion=criterion, value=value)
        if submit:
            assignment.submit(by=judge.user)
            assignment.save()
        return assignment

    return round_, nominations, judges, score


@pytest.mark.django_db
def test_round_results_from_the_database_match_the_maths(scored_round):
    round_, (n1, n2, n3), (j1, j2, j3), score = scored_round
    score(j1, n1, (8, 6, 5))  # 80
    score(j1, n2, (0, 10, 1))  # 25
    score(j2, n1, (10, 10, 5))  # 100
    score(j2, n2, (5, 5, 3))  # (2*.5 + .5 + .5)/4*100 = 50
    score(j3, n3, (9, 9, 5), submit=False)  # not submitted: does not count
    results = round_results(round_)
    expected = combine([(n1.pk, j1.pk, 80.0), (n2.pk, j1.pk, 25.0), (n1.pk, j2.pk, 100.0), (n2.pk, j2.pk, 50.0)])
    assert [(r.nomination_id, r.rank) for r in results.rows] == [(r.nomination_id, r.rank) for r in expected.rows]
    for got, want in zip(results.rows, expected.rows, strict=True):
        assert got.weighted_mean == pytest.approx(want.weighted_mean, abs=1e-9)
        assert got.normalised == pytest.approx(want.normalised, abs=1e-9)
    assert n3.pk not in {r.nomination_id for r in results.rows}


@pytest.mark.django_db
def test_conflicted_and_recused_judges_never_count(scored_round):
    round_, (n1, n2, _n3), (j1, j2, j3), score = scored_round
    score(j1, n1, (8, 6, 5))
    score(j2, n1, (0, 0, 1))
    Conflict.objects.create(judge=j2, nomination=n1, source="detected", reason="Same organisation.")
    recused = score(j3, n2, (10, 10, 5), submit=False)
    recused.recuse(by=j3.user)
    recused.save()
    results = round_results(round_)
    assert [(r.nomination_id, r.judges, r.weighted_mean) for r in results.rows] == [(n1.pk, 1, pytest.approx(80.0))]


@pytest.mark.django_db
def test_results_per_category_keep_judges_z_scores_across_the_round(scored_round):
    round_, (n1, _n2, _n3), (j1, _j2, _j3), score = scored_round
    score(j1, n1, (8, 6, 5))
    tec = n1.call.category
    assert [r.nomination_id for r in round_results(round_, tec).rows] == [n1.pk]
    other = type(tec).objects.exclude(pk=tec.pk).first()
    assert round_results(round_, other).rows == []


@pytest.mark.django_db
def test_round_is_open_only_between_its_times_and_until_closed(scored_round):
    round_ = scored_round[0]
    assert round_.is_open()
    assert not round_.is_open(round_.closes_at)
    assert not round_.is_open(round_.opens_at - timedelta(seconds=1))
    round_.closed_at = timezone.now()
    assert not round_.is_open()
