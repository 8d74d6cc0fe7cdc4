"""A judge's capacity for the cycle (their statement's "most nominations I can take"):
automatic assignment never goes beyond it, counting what the judge already has in the
round and elsewhere in the cycle, and says so when nominations go short because of it."""

from collections import Counter

import numpy as np
import pytest

from judging.assignment import assign
from judging.assignment_flow import balanced_pairs
from judging.models import Assignment, CycleStatement
from nominations.models import Category
from tests.factories import JudgeProfileFactory, PanelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import messages_of

admin_client = helpers.admin_client
admin_user = helpers.admin_user
cycle = helpers.cycle
eligible = helpers.eligible
tec = helpers.tec


def loads(missing, allowed, base, capacity, **mix):
    n, k = allowed.shape
    _rows, cols = balanced_pairs(list(range(n)), list(range(k)), missing, allowed, base, capacity=capacity, **mix)
    counted = Counter(cols.tolist())
    return [base[c] + counted[c] for c in range(k)]


def test_a_judge_with_capacity_two_never_gets_a_third():
    # Eight places, three judges: evenly 3, 3, 2; the judge with capacity 2 has the 2.
    for capacity in ([2, None, None], [None, 2, None], [None, None, 2]):
        got = loads([2] * 4, np.ones((4, 3), dtype=bool), [0, 0, 0], capacity)
        assert sum(got) == 8
        assert got[capacity.index(2)] == 2 and sorted(got) == [2, 3, 3]


def test_capacity_counts_the_assignments_already_made():
    got = loads([1] * 4, np.ones((4, 3), dtype=bool), [1, 0, 0], [2, None, None])
    assert got[0] == 2 and sum(got) == 5
    # Already over it: nothing more.
    assert loads([1] * 2, np.ones((2, 2), dtype=bool), [3, 0], [2, None]) == [3, 2]


def test_capacity_wins_over_the_mix_and_the_balance():
    """The only judge from elsewhere can take one more: one nomination gets it; the others
    fill up the rest as evenly as the capacities allow."""
    mix = {"judge_regions": ["datong", "datong", "greater_bay"], "nomination_regions": ["datong"] * 3}
    got = loads([2] * 3, np.ones((3, 3), dtype=bool), [0, 0, 0], [3, 3, 1], **mix)
    assert got == [3, 2, 1] or got == [2, 3, 1]


def test_when_capacities_are_too_small_the_plan_is_as_full_as_they_allow():
    got = loads([2, 2], np.ones((2, 3), dtype=bool), [0, 0, 0], [1, 1, 1])
    assert got == [1, 1, 1]  # three of the four places


def TEC():
    return Category.objects.get(code="TEC")


@pytest.mark.django_db
def test_the_statements_capacity_counts_the_whole_cycle_and_the_admin_is_told(cycle, eligible, admin_client):
    """J0 can take two nominations this cycle and already judges one in round 1: it gets
    one of round 2's. J1 is the only other judge: one nomination lacks a judge."""
    earlier = RoundFactory(cycle=cycle, number=1, judges_per_nomination=1)
    round_ = RoundFactory(cycle=cycle, number=2, judges_per_nomination=2, stage=earlier.stage)
    people = [JudgeProfileFactory(), JudgeProfileFactory()]
    PanelFactory(cycle=cycle, members=people)
    CycleStatement.objects.create(judge=people[0], cycle=cycle, capacity=2)
    made = [eligible() for _ in range(2)]
    Assignment.objects.create(round=earlier, nomination=made[0], judge=people[0])

    response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})

    given = Counter(Assignment.objects.filter(round=round_).values_list("judge_id", flat=True))
    assert given == {people[0].pk: 1, people[1].pk: 2}
    assert messages_of(response)[-1] == "1 judge has reached the most nominations they can take this cycle."
    report = assign(round_=round_, category=TEC())  # again: nothing more, still short
    assert report.created == 0 and sum(report.shortfalls.values()) == 1 and report.at_capacity == [people[0].pk]
