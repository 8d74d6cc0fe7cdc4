"""Automatic assignment prefers a mix: each nomination's judges of different affiliations and,
where one is eligible, one from outside its region; below full coverage and loads within
one, which stay as they were. The flow's own arithmetic first (no database), checked against
a brute-force optimum on many small random instances; then the round, its switch and the
admin's message."""

import itertools
import random
from collections import Counter

import numpy as np
import pytest

from judging.assignment import assign, plan
from judging.assignment_flow import balanced_pairs, connect
from judging.models import Assignment
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


def solve(missing, allowed, base=None, **mix):
    n, k = allowed.shape
    rows, cols = balanced_pairs(
        list(range(1, n + 1)), list(range(101, 101 + k)), missing, allowed, base or [0] * k, **mix
    )
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def judges_of(pairs):
    on = {}
    for r, c in pairs:
        on.setdefault(r, []).append(c)
    return on


def loads(pairs, k, base=None):
    counted = Counter(c for _r, c in pairs)
    return [counted[c] + (base[c] if base else 0) for c in range(k)]


def test_where_the_mix_exists_every_nomination_gets_it_and_loads_stay_within_one():
    """Six nominations from Datong, three judges each; three judges from Datong (two of one
    university), three from elsewhere (two of one institute)."""
    groups = ["Shanxi University", "Shanxi University", "Datong Lab", "Fudan", "Fudan", "Tsinghua"]
    regions = ["datong", "datong", "datong", "yangtze_delta", "yangtze_delta", "jing_jin_ji"]
    allowed = np.ones((6, 6), dtype=bool)

    pairs = solve([3] * 6, allowed, groups=groups, judge_regions=regions, nomination_regions=["datong"] * 6)

    assert len(pairs) == 18 and loads(pairs, 6) == [3] * 6
    for judges in judges_of(pairs).values():
        assert any(regions[c] != "datong" for c in judges)
        assert len({groups[c] for c in judges}) == 3


def test_without_the_mix_coverage_and_balance_come_first():
    """Every judge from the nominations' own region, all of one organisation: nothing to
    prefer; the plan is the plain one, complete and even."""
    allowed = np.ones((5, 4), dtype=bool)
    plain = solve([2] * 5, allowed)
    mixed = solve([2] * 5, allowed, groups=["Org"] * 4, judge_regions=["shanxi"] * 4, nomination_regions=["shanxi"] * 5)
    assert len(mixed) == 10 and sorted(loads(mixed, 4)) == [2, 2, 3, 3]
    assert sorted(loads(plain, 4)) == sorted(loads(mixed, 4))


def test_the_mix_never_costs_balance():
    """The only judge from elsewhere would have to take all four nominations to give each
    one: loads within one win, so two of them go without."""
    regions = ["datong", "datong", "datong", "greater_bay"]
    allowed = np.ones((4, 4), dtype=bool)
    pairs = solve([2] * 4, allowed, judge_regions=regions, nomination_regions=["datong"] * 4)
    assert loads(pairs, 4) == [2, 2, 2, 2]
    outside = [r for r, judges in judges_of(pairs).items() if 3 in judges]
    assert len(outside) == 2


def test_old_pairs_count_for_the_mix():
    """N0 already has a judge from elsewhere, of Fudan: its new judge need not come from
    elsewhere and had better not come from Fudan (judge 1); N1 can only take judge 3."""
    groups = ["Fudan", "Fudan", "Nankai", "Datong Lab"]
    regions = ["yangtze_delta", "yangtze_delta", "datong", "datong"]
    allowed = np.array([[False, True, True, False], [False, False, False, True]])
    mix = {"groups": groups, "judge_regions": regions, "nomination_regions": ["datong"] * 2}
    assert solve([1, 1], allowed, base=[1, 0, 0, 0], fixed=[(0, 0)], **mix) == [(0, 2), (1, 3)]
    # Without the old pair, judge 1 would be the one from elsewhere it lacks.
    assert solve([1, 1], allowed, **mix) == [(0, 1), (1, 3)]


def test_a_judge_or_nomination_without_a_region_is_never_outside():
    allowed = np.ones((2, 2), dtype=bool)
    # Judge 1 has no region: judge 0, from elsewhere, goes to the nomination with a region.
    pairs = solve([1, 1], allowed, judge_regions=["jing_jin_ji", ""], nomination_regions=["", "datong"])
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_the_same_input_gives_the_same_plan_and_the_old_call_is_unchanged():
    ids = [1, 2, 3, 4]
    allowed = np.ones((4, 4), dtype=bool)
    old = balanced_pairs(ids, ids, [2] * 4, allowed, [0] * 4)
    # Distinct affiliations, no regions: nothing to prefer, the same network and plan.
    same = balanced_pairs(ids, ids, [2] * 4, allowed, [0] * 4, groups=["A", "B", "C", "D"], capacity=[None] * 4)
    assert [a.tolist() for a in old] == [a.tolist() for a in same]
    mix = {"groups": ["A", "A", "B", "B"], "judge_regions": ["x", "y", "x", "y"], "nomination_regions": ["x"] * 4}
    first = balanced_pairs(ids, ids, [2] * 4, allowed, [0] * 4, **mix)
    again = balanced_pairs(ids, ids, [2] * 4, allowed, [0] * 4, **mix)
    assert [a.tolist() for a in first] == [a.tolist() for a in again]


def test_connecting_swaps_keep_the_mix_when_they_can():
    """Two blocks; judges 1 and 3 are from elsewhere, one on each block's nominations.
    Swapping judge 1 with judge 4 would join the blocks but leave N1 without a judge from
    elsewhere; swapping 2 with 4 joins them and keeps it."""
    regions = {1: "x", 2: "home", 3: "x", 4: "home"}
    pairs = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 3), (3, 4), (4, 3), (4, 4)]

    def deficit(n, judges):
        return 0 if any(regions[j] == "x" for j in judges) else 1

    before = sum(deficit(n, [j for m, j in pairs if m == n]) for n in (1, 2, 3, 4))
    repaired, components = connect(pairs, [], lambda j, n: (n, j) not in pairs, deficit=deficit)
    assert components == 1
    after = sum(deficit(n, [j for m, j in repaired if m == n]) for n in (1, 2, 3, 4))
    assert before == after == 0
    assert Counter(j for _n, j in repaired) == Counter(j for _n, j in pairs)


# Brute force ----------------------------------------------------------------------------


def mix_count(plan_on, fixed_on, groups, regions, where):
    """Extra judges of one affiliation minus nominations with a judge from elsewhere."""
    total = 0
    for r in range(len(where)):
        judges = fixed_on.get(r, []) + plan_on.get(r, [])
        keys = [groups[c] for c in judges if groups[c]]
        total += len(keys) - len(set(keys))
        total -= any(where[r] and regions[c] and regions[c] != where[r] for c in judges)
    return total


def brute_force(missing, allowed, base, capacity):
    """Every plan: per nomination a set of allowed judges of at most `missing`, loads within
    the capacities. Yields (coverage, sum of squared loads, plan as {row: [cols]})."""
    n, _k = allowed.shape
    choices = [
        [s for size in range(missing[r] + 1) for s in itertools.combinations(np.flatnonzero(allowed[r]).tolist(), size)]
        for r in range(n)
    ]
    for combo in itertools.product(*choices):
        load = list(base)
        for chosen in combo:
            for c in chosen:
                load[c] += 1
        if any(cap is not None and load[c] > cap for c, cap in enumerate(capacity)):
            continue
        yield sum(map(len, combo)), sum(x * x for x in load), {r: list(s) for r, s in enumerate(combo)}


def random_instance(rng):
    n, k = rng.randint(2, 4), rng.randint(2, 4)
    need = rng.randint(1, 2)
    allowed = np.array([[rng.random() > 0.2 for _ in range(k)] for _ in range(n)], dtype=bool)
    regions_of = {"A": rng.choice(["x", "y", ""]), "B": rng.choice(["x", "y"]), "C": rng.choice(["y", ""])}
    org = [rng.choice(["A", "B", "C", ""]) for _ in range(k)]
    # One region per affiliation: the flow sees every pair of one affiliation (a blank
    # organisation is an affiliation of its own, with any region).
    regions = [regions_of[o] if o else rng.choice(["x", "y", ""]) for o in org]
    where = [rng.choice(["x", "y", ""]) for _ in range(n)]
    fixed, base = [], [0] * k
    missing = [need] * n
    for r in range(n):
        if need == 2 and rng.random() < 0.3:
            c = rng.randrange(k)
            fixed.append((r, c))
            base[c] += 1
            missing[r] -= 1
            allowed[r, c] = False
    capacity = [rng.choice([None, None, 1, 2, 3]) for _ in range(k)]
    capacity = [None if cap is None else max(cap, b) for cap, b in zip(capacity, base, strict=True)]
    return missing, allowed, base, capacity, org, regions, where, fixed


@pytest.mark.parametrize("seed", range(40))
def test_random_small_instances_reach_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    missing, allowed, base, capacity, org, regions, where, fixed = random_instance(rng)
    mix = {"groups": org, "judge_regions": regions, "nomination_regions": where, "fixed": fixed}

    pairs = solve(missing, allowed, base, capacity=capacity, **mix)
    plain = solve(missing, allowed, base, capacity=capacity)

    fixed_on = judges_of(fixed)
    plans = list(brute_force(missing, allowed, base, capacity))
    coverage = max(p[0] for p in plans)
    squares = min(p[1] for p in plans if p[0] == coverage)
    best = min(mix_count(p[2], fixed_on, org, regions, where) for p in plans if p[:2] == (coverage, squares))
    got = loads(pairs, len(base), base)
    assert len(pairs) == coverage and sum(x * x for x in got) == squares
    assert all(cap is None or load <= cap for load, cap in zip(got, capacity, strict=True))
    assert mix_count(judges_of(pairs), fixed_on, org, regions, where) == best
    assert best <= mix_count(judges_of(plain), fixed_on, org, regions, where)


# The round, its switch and the admin's message --------------------------------------------


def TEC():
    return Category.objects.get(code="TEC")


@pytest.fixture
def mixed_world(cycle, eligible):
    """Four Datong nominations, two judges each; judges: two of Shanxi University in
    Datong, one of Datong Lab in Datong, one of Fudan in the Yangtze River Delta."""

    def make(prefer_mix=True):
        round_ = RoundFactory(cycle=cycle, judges_per_nomination=2, prefer_mix=prefer_mix)
        people = [
            JudgeProfileFactory(organisation=org, region=region)
            for org, region in [
                ("Shanxi University", "datong"),
                ("Shanxi  university", "datong"),
                ("Datong Lab", "datong"),
                ("Fudan University", "yangtze_delta"),
            ]
        ]
        PanelFactory(cycle=cycle, members=people)
        return round_, people, [eligible(region="datong") for _ in range(4)]

    return make


@pytest.mark.django_db
def test_assigning_reports_the_mix_and_the_admin_reads_it(mixed_world, admin_client):
    round_, people, _made = mixed_world()

    response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})

    on = {}
    for n, j in Assignment.objects.filter(round=round_).values_list("nomination_id", "judge_id"):
        on.setdefault(n, set()).add(j)
    assert Counter(len(judges) for judges in on.values()) == {2: 4}
    # The two of Shanxi University (in its normal form) never judge together.
    assert not any({people[0].pk, people[1].pk} <= judges for judges in on.values())
    # Fudan's judge takes two, as the others: two nominations have a judge from elsewhere.
    assert sum(people[3].pk in judges for judges in on.values()) == 2
    assert messages_of(response) == [
        "New technologies: 8 assignments created. Each judge with new work will be told by email.",
        "Mix of judges: 2 of 4 nominations with a known region have a judge from outside their region "
        "(0 with no eligible judge from elsewhere); nominations with two judges of one affiliation: 0.",
    ]


@pytest.mark.django_db
def test_a_round_that_does_not_prefer_the_mix_plans_as_without_it(mixed_world):
    round_, people, made = mixed_world(prefer_mix=False)
    report = assign(round_=round_, category=TEC())
    stored = sorted(Assignment.objects.filter(round=round_).values_list("nomination_id", "judge_id"))

    for person in people:
        person.region, person.organisation = "", f"University {person.pk}"
    plain, _ = plan(round_, TEC(), people, made, [], [])
    assert stored == sorted(plain)
    # The report still says what the plan made.
    assert report.regional == 4 and report.no_outside_judge == 0
    assert report.mixed_regions == sum(any(j == people[3].pk for n2, j in stored if n2 == n.pk) for n in made)


@pytest.mark.django_db
def test_a_nomination_no_judge_from_elsewhere_can_take_is_counted_apart(mixed_world):
    round_, people, _made = mixed_world()
    for person in people:
        person.region = "datong"
        person.save()
    report = assign(round_=round_, category=TEC())
    assert (report.regional, report.mixed_regions, report.no_outside_judge) == (4, 0, 4)
    assert report.complete


@pytest.mark.django_db
def test_the_round_form_has_the_switch(admin_client, cycle):
    round_ = RoundFactory(cycle=cycle)
    response = admin_client.get(url("round", "edit", round_.pk))
    assert response.status_code == 200
    assert 'name="prefer_mix"' in response.content.decode()
