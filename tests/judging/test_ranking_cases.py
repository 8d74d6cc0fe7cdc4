"""The cases that showed per-judge z-scores misjudging, each built through the database
(real rounds, criteria, assignments and scores) with the order expected written by hand.

Unless a case says otherwise the rubric is one criterion scored 0-100 with weight 1, so a
judge's total is the score they gave."""

import re
from decimal import Decimal

import pytest

from judging.models import Conflict, Criterion
from judging.results import panel_results
from nominations.models import Category
from tests.factories import CallPageFactory, JudgeProfileFactory, NominationFactory, advance
from tests.judging import helpers
from tests.judging.helpers import client_for, rows_order

world = helpers.world


class Panel:
    """The world's TEC panel in round 1 with a rubric of its own; `scores` writes each
    judge's submitted totals: {judge: {nomination: score}}."""

    def __init__(self, world, rubric=(("Overall", 1, 0, 100),)):
        self.world = world
        Criterion.objects.filter(round=world.round).delete()
        for order, (name, weight, low, high) in enumerate(rubric):
            Criterion.objects.create(
                round=world.round, name=name, weight=weight, scale_min=low, scale_max=high, sort_order=order
            )

    def nominations(self, count):
        """Eligible nominations, references in order of creation."""
        return [self.world.nomination() for _ in range(count)]

    def judges(self, count):
        return [JudgeProfileFactory() for _ in range(count)]

    def scores(self, by_judge):
        for judge, given in by_judge.items():
            for nomination, values in given.items():
                values = values if isinstance(values, tuple) else (values,)
                self.world.score(self.world.assign(nomination, judge), values)

    def results(self, **kwargs):
        return panel_results(self.world.round, self.world.tec, **kwargs)


def order(results):
    return [(row.nomination_id, row.rank_label) for row in results.rows]


@pytest.fixture
def panel(world):
    return Panel(world)


# (1) Judges who drew strong or weak nominations ------------------------------------------


@pytest.mark.django_db
def test_a_judge_who_drew_weak_nominations_does_not_lift_them(panel):
    # X scores three strong nominations, Y three weak ones, Z all six. Every judge agrees
    # exactly, so the adjusted scores are the totals: A 70 (X and Z) stays above F 40
    # (Y and Z), which per-judge z-scores put above it (F is Y's best, A is X's worst).
    a, b, c, d, e, f = panel.nominations(6)
    x, y, z = panel.judges(3)
    panel.scores(
        {
            x: {a: 70, b: 80, c: 90},
            y: {d: 20, e: 30, f: 40},
            z: {a: 70, b: 80, c: 90, d: 20, e: 30, f: 40},
        }
    )
    results = panel.results()
    assert results.method == "adjusted"
    assert order(results) == [(c.pk, "1"), (b.pk, "2"), (a.pk, "3"), (f.pk, "4"), (e.pk, "5"), (d.pk, "6")]
    assert [row.adjusted for row in results.rows] == pytest.approx([90, 80, 70, 40, 30, 20], abs=1e-9)
    assert all(abs(s.estimate) < 1e-9 for s in results.severities.values())


# (2) A harsh and a lenient judge ----------------------------------------------------------


@pytest.mark.django_db
def test_a_harsh_and_a_lenient_judge_weigh_the_same(panel):
    # Merits A 60, B 50, C 55, D 45. H is 10 below the panel, L 10 above, M on it.
    # Raw means: A 55, B 45, C 60, D 50 (order C, A, D, B); adjusted: A, C, B, D.
    a, b, c, d = panel.nominations(4)
    h, lenient, m = panel.judges(3)
    panel.scores(
        {
            h: {a: 50, b: 40},
            lenient: {c: 65, d: 55},
            m: {a: 60, b: 50, c: 55, d: 45},
        }
    )
    results = panel.results()
    assert order(results) == [(a.pk, "1"), (c.pk, "2"), (b.pk, "3"), (d.pk, "4")]
    assert [row.raw_mean for row in results.rows] == [55.0, 60.0, 45.0, 50.0]
    assert [row.adjusted for row in results.rows] == pytest.approx([60, 55, 50, 45], abs=1e-9)
    assert results.severities[h.pk].estimate == pytest.approx(-10, abs=1e-9)
    assert results.severities[lenient.pk].estimate == pytest.approx(10, abs=1e-9)
    assert results.severities[m.pk].estimate == pytest.approx(0, abs=1e-9)


# (3) A judge who gives every nomination the same total -------------------------------------


@pytest.mark.django_db
def test_judges_who_give_everyone_the_same_total_count_for_what_they_gave(panel):
    # K1 gives 45 to P and Q, K2 45 to P and R; M gives T 75, U 95, P 45; N gives T 75,
    # U 95. Z-scores call K1's and K2's 45s "average" (z = 0) and rank P above T (T is below
    # M's and N's own means). Here P, Q and R are 45, T 75, U 95.
    p, q, r, t, u = panel.nominations(5)
    k1, k2, m, n = panel.judges(4)
    panel.scores({k1: {p: 45, q: 45}, k2: {p: 45, r: 45}, m: {t: 75, u: 95, p: 45}, n: {t: 75, u: 95}})
    results = panel.results()
    assert order(results) == [(u.pk, "1"), (t.pk, "2"), (p.pk, "=3"), (q.pk, "=3"), (r.pk, "=3")]
    assert [row.adjusted for row in results.rows] == pytest.approx([95, 75, 45, 45, 45], abs=1e-9)


# (4) A judge with one nomination -----------------------------------------------------------


@pytest.mark.django_db
def test_a_judge_with_one_nomination_does_not_count_as_average(panel):
    # J1: A 80, B 60, C 35, D 30; J2 (10 below J1): A 70, B 50, C 25; O (one nomination): D 50.
    # D's merit rests on J1's 30: O's one total measures O, not D. Severities with
    # s1 + s2 + sO = 0: s1 = -10/3, s2 = -40/3, sO = +50/3; adjusted A 83.33, B 63.33,
    # C 38.33, D 33.33. Raw means would put D (40) above C (30); z-scores call O "average".
    a, b, c, d = panel.nominations(4)
    j1, j2, o = panel.judges(3)
    panel.scores({j1: {a: 80, b: 60, c: 35, d: 30}, j2: {a: 70, b: 50, c: 25}, o: {d: 50}})
    results = panel.results()
    assert order(results) == [(a.pk, "1"), (b.pk, "2"), (c.pk, "3"), (d.pk, "4")]
    assert [row.adjusted for row in results.rows] == pytest.approx(
        [80 + 10 / 3, 60 + 10 / 3, 35 + 10 / 3, 30 + 10 / 3], abs=1e-9
    )
    assert [row.raw_mean for row in results.rows[2:]] == [30.0, 40.0]
    assert results.severities[o.pk].estimate == pytest.approx(50 / 3, abs=1e-9)
    assert results.severities[o.pk].count == 1


# (5) Another category of the same round --------------------------------------------------


@pytest.mark.django_db
def test_scores_in_another_category_move_nothing_here(panel, call_index):
    world = panel.world
    a, b, c = panel.nominations(3)
    j1, j2 = world.judges[1], world.judges[2]
    panel.scores({j1: {a: 70, b: 60, c: 40}, j2: {a: 60, b: 65}})
    before = panel.results()
    # The same judges score in MAT in the same round: j1 very harshly, j2 very leniently.
    mat_call = CallPageFactory(parent=call_index, cycle=world.cycle, category=Category.objects.get(code="MAT"))
    for harsh, lenient in ((5, 95), (10, 100), (0, 90)):
        nomination = NominationFactory(call=mat_call)
        advance(nomination, "submit", by=nomination.nominator)
        advance(nomination, "accept", by=world.screener)
        panel.scores({j1: {nomination: harsh}, j2: {nomination: lenient}})
    after = panel.results()
    assert order(after) == order(before) == [(a.pk, "1"), (b.pk, "2"), (c.pk, "3")]
    fields = ("adjusted", "standard_error", "raw_mean", "spread", "score")
    assert [[getattr(r, f) for f in fields] for r in after.rows] == [
        [getattr(r, f) for f in fields] for r in before.rows
    ]
    assert after.severities == before.severities
    assert after.agreement == before.agreement
    assert len(panel_results(world.round, Category.objects.get(code="MAT")).rows) == 3


# (6) Ties ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_scores_within_the_tolerance_share_a_rank_listed_by_reference(world):
    # One criterion on 0-1000: a total is the score / 10. Two judges score everything, so
    # the adjusted scores are the raw means: A 80, B 69.5, C 70, D 50, E 49.45.
    # C leads its group and B is 0.5 below it (within 0.5: tied, "=2", listed by reference,
    # B first though it scored less); D is 4th; E is 0.55 below D: not tied.
    panel = Panel(world, rubric=(("Overall", 1, 0, 1000),))
    b, c, a, d, e = panel.nominations(5)
    j1, j2 = world.judges[1], world.judges[2]
    panel.scores({j1: {a: 800, b: 690, c: 700, d: 500, e: 494}, j2: {a: 800, b: 700, c: 700, d: 500, e: 495}})
    results = panel.results()
    assert order(results) == [(a.pk, "1"), (b.pk, "=2"), (c.pk, "=2"), (d.pk, "4"), (e.pk, "5")]
    assert [row.score for row in results.rows] == [Decimal(v) for v in ("80.00", "69.50", "70.00", "50.00", "49.45")]
    assert [row.tied for row in results.rows] == [False, True, True, False, False]


@pytest.mark.django_db
def test_the_tie_rule_is_written_on_the_page(client, panel):
    world = panel.world
    a, b = panel.nominations(2)
    panel.scores({world.judges[1]: {a: 70, b: 70}, world.judges[2]: {a: 60, b: 60}})
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    assert (
        "Nominations within 0.5 points of the highest score in their group share its rank (shown as =3). "
        "Tied nominations are listed by reference, which does not rank them: the panel decides between them."
    ) in body
    ranks = re.findall(r'<tr data-nomination="\d+">\s*<td class="num">([^<]*)</td>', body)
    assert ranks == ["=1", "=1"]


# (7) A panel whose judges share no nominations ---------------------------------------------


@pytest.mark.django_db
def test_a_disconnected_panel_ranks_by_raw_means_and_says_why(client, panel):
    # J1 and J2 score A and B; J3 and J4 score C and D: two groups, nothing in common.
    world = panel.world
    a, b, c, d = panel.nominations(4)
    j1, j2, j3, j4 = panel.judges(4)
    panel.scores({j1: {a: 70, b: 50}, j2: {a: 80, b: 40}, j3: {c: 90, d: 30}, j4: {c: 64, d: 20}})
    results = panel.results()
    assert (results.method, results.connected, results.components) == ("raw", False, 2)
    assert order(results) == [(c.pk, "1"), (a.pk, "2"), (b.pk, "3"), (d.pk, "4")]
    assert [row.adjusted for row in results.rows] == [row.raw_mean for row in results.rows] == [77, 75, 45, 25]
    # Sample sd / sqrt(n): (90, 64) -> 13; (70, 80), (50, 40), (30, 20) -> 5.
    assert [row.standard_error for row in results.rows] == pytest.approx([13, 5, 5, 5])
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert "The judges fall into 2 separate groups with no nominations in common" in body
    assert "This ranking falls back to raw weighted means" in body


# (8) A chair with a conflict --------------------------------------------------------------


@pytest.mark.django_db
def test_a_conflicted_chair_sees_ranks_without_gaps_and_never_the_hidden_row(client, panel):
    world = panel.world
    first, second, third, fourth, fifth = panel.nominations(5)
    j1, j2 = world.judges[1], world.judges[2]
    panel.scores(
        {
            j1: {first: 90, second: 80, third: 70, fourth: 60, fifth: 50},
            j2: {first: 88, second: 78, third: 68, fourth: 58, fifth: 48},
        }
    )
    Conflict.objects.create(judge=world.chair, nomination=third, source=Conflict.Source.DECLARED, reason="Ex-colleague")
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    assert rows_order(body) == [first.pk, second.pk, fourth.pk, fifth.pk]
    assert re.findall(r'<tr data-nomination="\d+">\s*<td class="num">([^<]*)</td>', body) == ["1", "2", "3", "4"]
    assert third.reference not in body
    assert third.title not in body
    csv_body = client.get(world.url("results"), {"format": "csv"}).content.decode("utf-8-sig")
    assert third.reference not in csv_body
    assert [line.split(",")[0] for line in csv_body.splitlines()[1:]] == ["1", "2", "3", "4"]
    # The fit still uses every score: an administrator sees the same scores, five ranks.
    admin = panel.results()
    assert [row.rank for row in admin.rows] == [1, 2, 3, 4, 5]
    chair = panel.results(hidden=frozenset({third.pk}))
    assert [row.adjusted for row in chair.rows] == [row.adjusted for row in admin.rows if row.nomination_id != third.pk]


# (9) Spread exactly at the threshold --------------------------------------------------------


@pytest.mark.django_db
def test_a_spread_exactly_at_the_threshold_is_flagged(client, world, settings):
    # Weights 0.3 and 0.6 on 0-10. J1 gives 10 and 10 (100); J2 gives 7 and 7: exactly 70,
    # where float arithmetic gives 70.00000000000003 and a spread just under 30.
    settings.JUDGING_DISAGREEMENT_SPREAD = Decimal("30")
    panel = Panel(world, rubric=(("Novelty", Decimal("0.30"), 0, 10), ("Impact", Decimal("0.60"), 0, 10)))
    at, below = panel.nominations(2)
    j1, j2 = world.judges[1], world.judges[2]
    panel.scores({j1: {at: (10, 10), below: (10, 10)}, j2: {at: (7, 7), below: (8, 7)}})
    rows = {row.nomination_id: row for row in panel.results().rows}
    assert (rows[at.pk].spread, rows[at.pk].disagreement) == (Decimal("30.0"), True)
    # (0.3 * 8 + 0.6 * 7) / 0.9 * 10 = 73.33...: a spread of 26.7, not flagged.
    assert (rows[below.pk].spread, rows[below.pk].disagreement) == (Decimal("26.7"), False)
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    flagged = re.search(rf'<tr data-nomination="{at.pk}">(.*?)</tr>', body, re.S).group(1)
    assert "Strong disagreement" in flagged
