"""Kendall's W (judging.report.kendalls_w), against values worked out by hand."""

from fractions import Fraction

import pytest

from judging.report import average_ranks, kendalls_w, panel_concordance
from judging.results import NominationResult


def test_average_ranks_give_the_highest_rank_1_and_ties_their_mean_rank():
    assert average_ranks([80, 95, 80, 60]) == [2.5, 1.0, 2.5, 4.0]
    assert average_ranks([]) == []


def test_w_with_a_tie_matches_the_hand_computed_value():
    # Three judges, four nominations; the third judge ties the first two.
    # Rank sums R = 3.5, 6.5, 8, 12; mean m(n+1)/2 = 7.5; S = 16 + 1 + 0.25 + 20.25 = 37.5.
    # Ties: one group of two, T = 2^3 - 2 = 6. W = 12 * 37.5 / (9 * 60 - 3 * 6) = 450 / 522 = 25/29.
    rankings = [[1, 2, 3, 4], [1, 3, 2, 4], [1.5, 1.5, 3, 4]]
    assert kendalls_w(rankings) == pytest.approx(float(Fraction(25, 29)))
    # Without the correction it would be 450 / 540: the correction matters.
    assert kendalls_w(rankings) != pytest.approx(450 / 540)


def test_w_is_1_for_identical_rankings_and_0_for_opposed_pairs():
    assert kendalls_w([[1, 2, 3], [1, 2, 3], [1, 2, 3]]) == pytest.approx(1.0)
    # Two judges in exactly opposite orders: every rank sum is n + 1, S = 0.
    assert kendalls_w([[1, 2, 3, 4], [4, 3, 2, 1]]) == pytest.approx(0.0)


def test_w_cannot_be_computed_from_one_judge_one_item_or_all_ties():
    assert kendalls_w([[1, 2, 3]]) is None
    assert kendalls_w([[1], [1]]) is None
    assert kendalls_w([[1.5, 1.5], [1.5, 1.5]]) is None
    with pytest.raises(ValueError):
        kendalls_w([[1, 2], [1, 2, 3]])


def row(nomination_id, totals):
    return NominationResult(
        nomination_id=nomination_id,
        judges=len(totals),
        raw_mean=0.0,
        adjusted=0.0,
        standard_error=None,
        spread=0,
        disagreement=False,
        totals=totals,
    )


def test_a_panel_has_w_only_when_every_judge_scored_every_nomination():
    complete = [row(1, {10: 80.0, 11: 70.0}), row(2, {10: 60.0, 11: 50.0}), row(3, {10: 40.0, 11: 55.0})]
    # Judge 10 ranks them 1, 2, 3; judge 11 ranks them 1, 3, 2. R = 2, 5, 5; mean 4; S = 4 + 1 + 1 = 6;
    # W = 12 * 6 / (2^2 * (27 - 3)) = 0.75.
    assert panel_concordance(complete) == pytest.approx(0.75)
    gap = [*complete[:2], row(3, {10: 40.0})]
    assert panel_concordance(gap) is None
