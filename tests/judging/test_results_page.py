"""The results page: ranked rows as judging.results computes them, the agreement figure,
each judge's distribution, CSV and XLSX exports, rows hidden from conflicted or recused
viewers, and the administrators' decisions."""

import csv
import io
import re

import openpyxl
import pytest

from django.template.defaultfilters import floatformat
from django.urls import reverse

from judging.models import Award, Conflict, RubricVersion
from judging.results import panel_results
from nominations.models import Nomination
from tests.factories import AwardLevelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of, rows_order

world = helpers.world
scored = helpers.scored


# Results page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_rows_match_panel_results(client, world, scored):
    expected = panel_results(world.round, world.tec)
    response = client_for(client, world.chair.user).get(world.url("results"))
    assert response.status_code == 200
    body = response.content.decode()
    assert rows_order(body) == [row.nomination_id for row in expected.rows]
    nominations = Nomination.objects.in_bulk([row.nomination_id for row in expected.rows])
    for row in expected.rows:
        html = re.search(rf'<tr data-nomination="{row.nomination_id}">(.*?)</tr>', body, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", " ", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)]
        assert cells[0] == row.rank_label
        assert nominations[row.nomination_id].reference in cells[1]
        assert cells[2:6] == [
            "3",
            f"{floatformat(row.adjusted, 1)} ± {floatformat(row.standard_error, 1)}",
            floatformat(row.raw_mean, 1),
            floatformat(row.spread, 1),
        ]
    assert expected.method == "adjusted"
    # Every judge scored every nomination: the adjusted scores are the raw means.
    assert [row.adjusted for row in expected.rows] == pytest.approx([row.raw_mean for row in expected.rows])
    # The panel agreement figure, explained.
    assert f"ICC(1)) is {expected.agreement:.2f}" in body
    # Each judge's distribution: an inline SVG and the same figures as a table.
    assert body.count('<svg class="judge-chart"') == 1
    assert body.count("<circle ") == 9
    assert body.count('<tr data-judge="') == 3


@pytest.mark.django_db
def test_disagreement_is_flagged_in_words(client, world, scored):
    first, second, _third = scored
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    flagged = re.search(rf'<tr data-nomination="{second.pk}">(.*?)</tr>', body, re.S).group(1)
    assert '<span class="flag flag--disagree">Strong disagreement</span>' in flagged
    calm = re.search(rf'<tr data-nomination="{first.pk}">(.*?)</tr>', body, re.S).group(1)
    assert '<span class="flag flag--agree">Judges agree</span>' in calm
    assert body.count('class="flag flag--disagree"') == 1


@pytest.mark.django_db
def test_csv_export_has_a_header_and_one_row_per_nomination(client, world, scored):
    expected = panel_results(world.round, world.tec)
    response = client_for(client, world.admin).get(world.url("results"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="results-{world.cycle.year}-round-1-tec.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Rank",
        "Reference",
        "Title",
        "Judges",
        "Adjusted score",
        "Standard error",
        "Raw weighted mean",
        "Spread",
        "Strong disagreement",
        "State",
    ]
    assert len(rows) == 1 + 3
    references = Nomination.objects.in_bulk([row.nomination_id for row in expected.rows])
    for line, row in zip(rows[1:], expected.rows, strict=True):
        assert line[0] == row.rank_label
        assert line[1] == references[row.nomination_id].reference
        assert line[4:8] == [
            str(round(row.adjusted, 2)),
            str(round(row.standard_error, 2)),
            str(round(row.raw_mean, 2)),
            str(float(row.spread)),
        ]
        assert line[8] == ("Yes" if row.disagreement else "No")
        assert line[9] == "Eligible"


@pytest.mark.django_db
def test_xlsx_export_loads_with_openpyxl(client, world, scored):
    first, _second, _third = scored
    Nomination.objects.filter(pk=first.pk).update(title="=HYPERLINK(evil)")
    response = client_for(client, world.admin).get(world.url("results"), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rank", "Reference", "Title")
    assert len(rows) == 4
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert "=HYPERLINK(evil)" in [row[2] for row in rows[1:]]
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


@pytest.mark.django_db
def test_a_conflicted_chair_does_not_see_that_row(client, world, scored):
    first, second, third = scored
    Conflict.objects.create(
        judge=world.chair, nomination=second, source=Conflict.Source.DECLARED, reason="Ex-colleague"
    )
    client = client_for(client, world.chair.user)
    body = client.get(world.url("results")).content.decode()
    assert rows_order(body) == [
        r.nomination_id for r in panel_results(world.round, world.tec).rows if r.nomination_id != second.pk
    ]
    assert second.reference not in body
    assert second.title not in body
    rows = list(
        csv.reader(io.StringIO(client.get(world.url("results"), {"format": "csv"}).content.decode("utf-8-sig")))
    )
    assert sorted(line[1] for line in rows[1:]) == sorted([first.reference, third.reference])
    # Nor on the panel page.
    assert second.reference not in client.get(world.url("panel")).content.decode()
    # An administrator sees every row.
    assert second.reference in client_for(client, world.admin).get(world.url("results")).content.decode()


@pytest.mark.django_db
def test_a_recused_chair_does_not_see_that_row(client, world):
    nomination, other = world.nomination(), world.nomination()
    recused = world.assign(nomination, world.chair)
    recused.recuse(by=world.chair.user)
    recused.save()
    for judge in world.judges[1:]:
        world.score(world.assign(nomination, judge), (5, 5, 3))
        world.score(world.assign(other, judge), (7, 5, 3))
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    assert rows_order(body) == [other.pk]


@pytest.mark.django_db
def test_the_page_explains_the_method_the_rubric_version_and_each_judges_effect(client, world):
    # The lenient judge gives more on every criterion than the harsh one, on both
    # nominations; the chair scores only the first.
    first, second = world.nomination(), world.nomination()
    harsh, lenient, chair = world.judges[1], world.judges[2], world.chair
    world.score(world.assign(first, harsh), (6, 6, 3))
    world.score(world.assign(first, lenient), (8, 8, 5))
    world.score(world.assign(second, harsh), (2, 2, 3))
    world.score(world.assign(second, lenient), (4, 4, 5))
    world.score(world.assign(first, chair), (7, 7, 4))
    results = panel_results(world.round, world.tec)
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert "The adjusted score is what the nomination would have scored from an average judge of this panel" in body
    assert "Scores are read against the rubric as it stands; no score is submitted yet." in body
    assert "separate group" not in body
    for judge in (harsh, lenient, chair):
        severity = results.severities[judge.pk]
        html = re.search(rf'<tr data-judge="{judge.pk}">(.*?)</tr>', body, re.S).group(1)
        cell = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)[-1]
        sign = "+" if severity.estimate > 0 else ""
        expected = f"{sign}{floatformat(severity.estimate, 1)}"
        if severity.standard_error is not None:
            expected += f" ± {floatformat(severity.standard_error, 1)}"
        assert cell == expected
    assert results.severities[lenient.pk].estimate > 0 > results.severities[harsh.pk].estimate
    RubricVersion.objects.create(round=world.round, number=1, criteria=[])
    RubricVersion.objects.create(round=world.round, number=2, criteria=[], reason="Clearer guidance.")
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert "Scores are read against rubric version 2." in body


# Decisions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_shortlists_from_the_results(client, world, scored):
    first, second, third = scored
    world.close_and_sign_off()
    client = client_for(client, world.admin)
    body = client.get(world.url("results")).content.decode()
    decide = reverse("judging:decide", args=[world.round.pk, "TEC", first.pk])
    assert f'action="{decide}"' in body
    assert body.count('value="shortlist"') == 3
    assert body.count('value="not_shortlist"') == 3

    response = client.post(decide, {"confirmed": "1", "outcome": "shortlist"})
    assert response.status_code == 302
    assert response["Location"] == world.url("results")
    assert Nomination.objects.get(pk=first.pk).state == "shortlisted"
    assert messages_of(response) == [f"{first.reference} is shortlisted."]
    client.post(
        reverse("judging:decide", args=[world.round.pk, "TEC", third.pk]),
        {"confirmed": "1", "outcome": "not_shortlist"},
    )
    assert Nomination.objects.get(pk=third.pk).state == "not_shortlisted"
    # Decided rows have no buttons left.
    assert client.get(world.url("results")).content.decode().count('value="shortlist"') == 1
    # A round 2 decision is refused in round 1.
    response = client.post(
        reverse("judging:decide", args=[world.round.pk, "TEC", second.pk]), {"confirmed": "1", "outcome": "commend"}
    )
    assert Nomination.objects.get(pk=second.pk).state == "eligible"
    assert messages_of(response) == ["This decision does not belong to this round."]


@pytest.mark.django_db
def test_administrator_commends_in_round_two_with_an_award_level(client, world):
    final = RoundFactory(cycle=world.cycle, number=2)
    first, second = world.nomination("accept", "shortlist"), world.nomination("accept", "shortlist")
    for judge in world.judges:
        world.score(world.assign(first, judge, final), (9, 8, 5))
        world.score(world.assign(second, judge, final), (4, 4, 2))
    gold = AwardLevelFactory(cycle=world.cycle, name="First prize", rank=1)
    AwardLevelFactory(cycle=world.cycle, name="Commendation", rank=2)
    AwardLevelFactory(name="Another cycle's prize")
    world.close_and_sign_off(final)
    client = client_for(client, world.admin)
    body = client.get(world.url("results", final)).content.decode()
    assert body.count('value="commend"') == 2
    assert body.count('value="not_commend"') == 2
    assert body.count(f'<option value="{gold.pk}">First prize</option>') == 2
    assert "Another cycle&#x27;s prize" not in body

    response = client.post(
        reverse("judging:decide", args=[final.pk, "TEC", first.pk]),
        {"confirmed": "1", "outcome": "commend", "level": gold.pk},
    )
    assert response.status_code == 302
    assert Nomination.objects.get(pk=first.pk).state == "commended"
    award = Award.objects.get(nomination=first)
    assert award.level == gold
    assert award.decided_by == world.admin
    assert messages_of(response) == [f"{first.reference} is commended: First prize."]

    client.post(
        reverse("judging:decide", args=[final.pk, "TEC", second.pk]), {"confirmed": "1", "outcome": "not_commend"}
    )
    assert Nomination.objects.get(pk=second.pk).state == "not_commended"
    assert Award.objects.count() == 1


@pytest.mark.django_db
def test_commending_without_a_level_is_refused(client, world):
    final = RoundFactory(cycle=world.cycle, number=2)
    nomination = world.nomination("accept", "shortlist")
    world.score(world.assign(nomination, world.judges[1], final), (9, 8, 5))
    response = client_for(client, world.admin).post(
        reverse("judging:decide", args=[final.pk, "TEC", nomination.pk]),
        {"confirmed": "1", "outcome": "commend", "level": ""},
    )
    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).state == "shortlisted"
    assert messages_of(response) == ["Choose the award level."]
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_a_chair_cannot_decide(client, world, scored):
    first, _second, _third = scored
    client = client_for(client, world.chair.user)
    body = client.get(world.url("results")).content.decode()
    assert "/decide/" not in body
    assert 'value="shortlist"' not in body
    response = client.post(
        reverse("judging:decide", args=[world.round.pk, "TEC", first.pk]), {"confirmed": "1", "outcome": "shortlist"}
    )
    assert response.status_code == 403
    assert Nomination.objects.get(pk=first.pk).state == "eligible"
