"""An assignment's total has one home, judging.results.Rubric: the results page, its CSV
export and the nomination's audit page all show what it computes for the same scores.
A second place computing totals its own way fails here on the awkward rubric below
(decimal weights, scales that do not start at 0 and do not divide evenly)."""

import csv
import io
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from django.template.defaultfilters import floatformat
from django.urls import reverse

from judging.models import Criterion
from judging.results import Rubric, panel_results, to_decimal
from tests.judging import helpers
from tests.judging.helpers import client_for

world = helpers.world

# (weight, lowest, highest) per criterion, and each judge's scores in that order.
AWKWARD = [("Novelty", Decimal("0.30"), 0, 10), ("Impact", Decimal("0.70"), 1, 7), ("Maturity", Decimal("1.50"), 1, 5)]
SCORES = [(7, 5, 2), (4, 6, 4)]


def by_hand(values):
    """The rule as the methodology page states it, written out for this test only."""
    weighted = sum(
        Fraction(w) * Fraction(v - low, high - low) for (_n, w, low, high), v in zip(AWKWARD, values, strict=True)
    )
    return 100 * weighted / sum(Fraction(w) for _n, w, _l, _h in AWKWARD)


@pytest.fixture
def awkward(world):
    Criterion.objects.filter(round=world.round).delete()
    for order, (name, weight, low, high) in enumerate(AWKWARD):
        Criterion.objects.create(
            round=world.round, name=name, weight=weight, scale_min=low, scale_max=high, sort_order=order
        )
    nomination = world.nomination(title="Tidal pump")
    for judge, values in zip(world.judges, SCORES, strict=False):
        world.score(world.assign(nomination, judge), values)
    return nomination


def test_the_rubric_computes_the_awkward_totals_exactly():
    rubric = Rubric([(pk, weight, low, high) for pk, (_n, weight, low, high) in enumerate(AWKWARD)])
    assert [rubric.total_of(dict(enumerate(values))) for values in SCORES] == [Fraction(631, 15), Fraction(1097, 15)]
    assert [by_hand(values) for values in SCORES] == [Fraction(631, 15), Fraction(1097, 15)]


@pytest.mark.django_db
def test_results_page_export_and_audit_page_show_the_same_totals(client, world, awkward):
    totals = [by_hand(values) for values in SCORES]  # 42.066..., 73.133...
    mean = sum(totals) / len(totals)  # 57.6
    (row,) = panel_results(world.round, world.tec).rows
    assert row.raw_mean == float(mean)
    assert sorted(row.totals.values()) == [float(t) for t in totals]

    admin = client_for(client, world.admin)
    body = admin.get(world.url("results")).content.decode()
    line = re.search(rf'<tr data-nomination="{awkward.pk}">(.*?)</tr>', body, re.S).group(1)
    assert re.search(r'data-label="Raw weighted mean">([^<]*)</td>', line).group(1) == floatformat(float(mean), 1)

    export = admin.get(world.url("results"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    raw_column = rows[0].index("Raw weighted mean")
    assert Decimal(rows[1][raw_column]) == to_decimal(mean, 2)

    audit = admin.get(reverse("judging:nomination_audit", args=[awkward.pk])).content.decode()
    shown = re.findall(r"<td class=\"num\" data-total>([^<]*)</td>", audit)
    assert sorted(Decimal(value) for value in shown) == [to_decimal(t, 2) for t in totals]


@pytest.mark.django_db
def test_the_audit_page_shows_no_total_for_incomplete_scores(client, world):
    nomination = world.nomination(title="Half scored")
    novelty = world.round.criteria.order_by("sort_order").first()
    assignment = world.assign(nomination, world.judges[1])
    assignment.scores.create(criterion=novelty, value=5)
    audit = client_for(client, world.admin).get(reverse("judging:nomination_audit", args=[nomination.pk]))
    assert audit.status_code == 200
    assert "data-total" not in audit.content.decode()
