"""Automatic assignment as a flow: loads within one whenever such a plan exists (also where
the old most-constrained-first greedy plan failed), maximal and as even as possible when
none does, a connected design (repaired by load-preserving swaps), the same plan for the
same input, and the admin's warning when the design cannot be connected."""

from collections import Counter

import numpy as np
import pytest

from django.db import connection

from judging.assignment import assign, plan
from judging.assignment_flow import balanced_pairs, connect, count_components, jitter
from judging.models import Assignment, Conflict
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


@pytest.fixture
def world(cycle, eligible):
    """judges(k) and nominations(k) on a TEC panel; declare() records declared conflicts
    as (nomination index, judge index) pairs."""

    def make(judges, nominations, need, declared=()):
        round_ = RoundFactory(cycle=cycle, judges_per_nomination=need)
        people = [JudgeProfileFactory() for _ in range(judges)]
        PanelFactory(cycle=cycle, members=people)
        made = [eligible() for _ in range(nominations)]
        for n, j in declared:
            Conflict.objects.create(judge=people[j], nomination=made[n], source="declared", reason="Declared.")
        return round_, people, made

    return make


def TEC():
    return Category.objects.get(code="TEC")


def stored(round_):
    return list(Assignment.objects.filter(round=round_).values_list("nomination_id", "judge_id"))


@pytest.mark.django_db
def test_dense_conflicts_where_the_greedy_plan_failed_get_exactly_even_loads(world):
    """Four judges J0-J3, four nominations N0-N3 in reference order, two judges each;
    declared conflicts: N1-J1, N2-J3, N3-J3.

    The old greedy plan took the most constrained nominations first (N1, N2, N3 with three
    candidates each, then N0) and gave each the least loaded candidates, ties to the
    lowest id: N1 -> J0, J2; N2 -> J1, J0; N3 -> J1, J2; N0 -> J3, J0. Loads 3, 2, 2, 1
    although two each exists (N0, N1 -> J0, J3; N2, N3 -> J1, J2): the small version of
    44-46 where all-45 exists. The flow finds loads 2, 2, 2, 2."""
    round_, people, made = world(4, 4, need=2, declared=[(1, 1), (2, 3), (3, 3)])

    report = assign(round_=round_, category=TEC())

    pairs = stored(round_)
    assert report.complete and report.created == 8
    assert Counter(j for _n, j in pairs) == {p.pk: 2 for p in people}
    assert report.loads == {p.pk: 2 for p in people}
    assert Counter(n for n, _j in pairs) == {m.pk: 2 for m in made}
    assert not {(made[1].pk, people[1].pk), (made[2].pk, people[3].pk), (made[3].pk, people[3].pk)} & set(pairs)
    assert report.connected and report.components == 1


@pytest.mark.django_db
def test_without_a_balanced_plan_it_is_maximal_and_even_for_the_rest(world):
    """J0 is conflicted with all six nominations but N5: loads within one cannot exist
    (twelve places, J0 can take one). Every place is still filled, and the others share
    the eleven left as evenly as possible: 4, 4, 3."""
    round_, people, _made = world(4, 6, need=2, declared=[(n, 0) for n in range(5)])

    report = assign(round_=round_, category=TEC())

    assert report.complete and report.created == 12
    loads = Counter(j for _n, j in stored(round_))
    assert loads[people[0].pk] == 1
    assert sorted(loads[p.pk] for p in people[1:]) == [3, 4, 4]
    assert report.loads == {p.pk: loads[p.pk] for p in people}
    assert report.connected


@pytest.mark.django_db
def test_existing_counted_assignments_count_in_loads_recused_ones_do_not(world):
    round_, people, made = world(3, 3, need=1)
    Assignment.objects.create(round=round_, nomination=made[0], judge=people[0])
    recused = Assignment.objects.create(round=round_, nomination=made[1], judge=people[1])
    recused.recuse(by=people[1].user)
    recused.save()

    report = assign(round_=round_, category=TEC())

    new = set(report.pairs)
    assert report.created == 2 and report.complete
    # J0 already has one: the two left go to J1 (not on N1, where it recused) and J2.
    assert new == {(made[1].pk, people[2].pk), (made[2].pk, people[1].pk)}
    assert report.loads == {p.pk: 1 for p in people}


def test_the_plain_solution_in_blocks_is_connected_by_the_repair():
    """Nominations 1-4 and judges 1-4, two judges each, no conflicts: every plan with
    loads 2 is as good for the flow, and the one it finds (with these ids' perturbations)
    is two blocks, J1, J4 on N1, N3 and J2, J3 on N2, N4. The repair joins them."""
    ids = [1, 2, 3, 4]
    rows, cols = balanced_pairs(ids, ids, [2, 2, 2, 2], np.ones((4, 4), dtype=bool), [0, 0, 0, 0])
    plain = [(ids[r], ids[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
    assert sorted(plain) == [(1, 1), (1, 4), (2, 2), (2, 3), (3, 1), (3, 4), (4, 2), (4, 3)]
    assert count_components(plain) == 2

    repaired, components = connect(plain, [], lambda j, n: (n, j) not in plain)

    assert components == 1 == count_components(repaired)
    assert Counter(j for _n, j in repaired) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert Counter(n for n, _j in repaired) == {1: 2, 2: 2, 3: 2, 4: 2}
    assert len(set(repaired)) == 8


def test_repair_joins_blocks_by_swaps_that_keep_every_load():
    """Two blocks: J1, J2 on N1, N2 and J3, J4 on N3, N4 (optimal for the loads, which
    is all the flow sees). J1 may not take N3: the repair swaps another pair."""
    pairs = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 3), (3, 4), (4, 3), (4, 4)]
    blocked = {(1, 3)}
    assert count_components(pairs) == 2

    repaired, components = connect(pairs, [], lambda j, n: (j, n) not in blocked and (n, j) not in pairs)

    assert components == 1 == count_components(repaired)
    assert Counter(j for _n, j in repaired) == Counter(j for _n, j in pairs)
    assert Counter(n for n, _j in repaired) == Counter(n for n, _j in pairs)
    assert len(set(repaired)) == len(repaired)
    assert not {(3, 1)} & set(repaired)


def test_fixed_assignments_are_never_swapped_and_count_for_connection():
    # J1, J2 on N1, N2 already (fixed); the new pairs form a second block: nothing to swap.
    fixed = [(1, 1), (1, 2), (2, 1), (2, 2)]
    new = [(3, 3), (3, 4), (4, 3), (4, 4)]
    assert connect(new, fixed, lambda j, n: True) == (new, 2)
    # One of those is new: swapped with a pair of the other block, the fixed ones stay.
    repaired, components = connect([(2, 2), *new], fixed[:3], lambda j, n: True)
    assert components == 1 == count_components([*fixed[:3], *repaired])
    assert Counter(j for _n, j in repaired) == Counter(j for _n, j in [(2, 2), *new])


@pytest.mark.django_db
def test_design_forced_into_groups_is_reported_and_warned(world, admin_client):
    """J0, J1 may judge only N0, N1; J2, J3 only N2, N3: two groups whatever the plan."""
    declared = [(n, j) for n in (0, 1) for j in (2, 3)] + [(n, j) for n in (2, 3) for j in (0, 1)]
    round_, _people, _made = world(4, 4, need=2, declared=declared)

    response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})

    assert response.status_code == 302
    assert Assignment.objects.filter(round=round_).count() == 8
    assert messages_of(response)[-1] == (
        "The judges of this panel share no nominations in 2 groups: severity cannot be compared across them; "
        "results will fall back to raw means."
    )
    again = assign(round_=round_, category=TEC())  # the existing assignments alone
    assert (again.created, again.connected, again.components) == (0, False, 2)


@pytest.mark.django_db
def test_same_input_same_plan(world):
    round_, people, made = world(5, 7, need=3, declared=[(0, 0), (1, 0), (2, 1), (3, 4), (4, 4), (5, 2)])
    judges = list(people)
    first, first_report = plan(
        round_, TEC(), judges, made, [], list(Conflict.objects.values_list("judge", "nomination"))
    )
    second, _ = plan(round_, TEC(), judges, made, [], list(Conflict.objects.values_list("judge", "nomination")))
    assert first == second
    assert first_report.complete and first_report.connected
    # The perturbations are fixed numbers, not a per-process hash.
    assert jitter(np.array([1, 2, 3]), np.array([7, 7, 9])).tolist() == [50, 38, 31]


@pytest.mark.django_db
def test_an_assignment_saved_meanwhile_gives_a_message_not_an_error_page(world, admin_client):
    """Someone saves one of the planned assignments just before the plan's rows go in
    (as a manual assignment from another session could): the whole plan is rolled back."""
    round_, _people, _made = world(3, 2, need=2)
    injected = []

    def meanwhile(execute, sql, params, many, context):
        if many and sql.startswith('INSERT INTO "judging_assignment"') and not injected:
            injected.append(params[0])
            context["cursor"].execute(sql, params[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(meanwhile):
        response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})

    assert injected and response.status_code == 302
    assert messages_of(response) == [
        "New technologies: another assignment of this round was saved at the same time. Nothing was changed; try again."
    ]
    assert not Assignment.objects.filter(round=round_).exists()
