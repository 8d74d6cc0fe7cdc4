"""A round's audit workbook (judging.audit_export): it opens with openpyxl and keeps the
record, formula-like text as text."""

import io

import openpyxl
import pytest

from django.urls import reverse

from judging import services
from judging.models import Conflict, Decision
from tests.factories import JudgeProfileFactory
from tests.judging import helpers
from tests.judging.helpers import client_for

world = helpers.world
REASON = "Novelty scored on the wrong scale."


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.django_db
def test_the_workbook_keeps_the_rounds_record(client, world):
    nomination = world.nomination()
    judge = world.judges[1]
    assignment = world.assign(nomination, judge)
    novelty, impact, maturity = world.round.criteria.order_by("sort_order")
    user = judge.user
    services.save_scores(
        assignment_id=assignment.pk,
        user=user,
        scores={novelty.pk: (9, '=HYPERLINK("http://x")'), impact.pk: (5, ""), maturity.pk: (2, "")},
        overall_comment="+1 from me",
    )
    services.submit_assignment(assignment_id=assignment.pk, user=user)
    services.reopen_assignment(assignment_id=assignment.pk, user=world.chair.user, reason=REASON)
    services.save_scores(assignment_id=assignment.pk, user=user, scores={novelty.pk: (4, "@rescored")})
    services.submit_assignment(assignment_id=assignment.pk, user=user)
    world.score(world.assign(nomination, world.judges[2]), (6, 6, 3))
    Conflict.objects.create(
        judge=JudgeProfileFactory(), nomination=nomination, source=Conflict.Source.DETECTED, reason="-same firm"
    )
    Decision.objects.create(
        round=world.round,
        nomination=nomination,
        outcome="shortlist",
        decided_by=world.admin,
        scores_submitted=2,
        scores_required=3,
        override_reason="Enough to decide.",
    )

    response = client_for(client, world.admin).get(reverse("judging:round_audit", args=[world.round.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Scores",
        "Score history",
        "Conflicts",
        "Declarations",
        "State logs",
        "Rubric versions",
        "Judge effects",
        "Decisions",
    ]
    ref, name = nomination.reference, str(judge)
    scores = rows(book["Scores"])
    expected = [world.tec.display_name, ref, name, "Novelty", 4, "@rescored", "+1 from me", "Submitted"]
    assert expected in [r[:8] for r in scores]
    assert len(scores) == 6
    history = rows(book["Score history"])
    novelty_history = [r for r in history if r[1] == name and r[2] == "Novelty"]
    assert [r[3:7] for r in novelty_history] == [
        [None, 9, '=HYPERLINK("http://x")', str(user)],
        [9, 4, "@rescored", str(user)],
    ]
    assert novelty_history[-1][8] == REASON
    # Formula-like text is a text cell, never a formula.
    cell = next(c for c in book["Score history"]["F"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    assert [r[2:4] for r in rows(book["Conflicts"])] == [["Detected", "-same firm"]]
    assert [r[:2] for r in rows(book["Declarations"])] == [[ref, name], [ref, str(world.judges[2])]]
    logs = rows(book["State logs"])
    assert [r[3] for r in logs if r[0] == "Assignment" and r[2] == name] == ["start", "submit", "reopen", "submit"]
    assert [r[8] for r in logs if r[3] == "reopen"] == [REASON]
    assert [r[3] for r in logs if r[0] == "Nomination"] == ["submit", "accept"]
    assert [r[0] for r in rows(book["Rubric versions"])] == [1]
    effects = rows(book["Judge effects"])
    assert {r[1] for r in effects} == {name, str(world.judges[2])}
    assert {r[5] for r in effects} <= {"adjusted", "raw"}
    assert [[*r[1:3], r[8]] for r in rows(book["Decisions"])] == [[ref, "Shortlisted", "Enough to decide."]]


@pytest.mark.django_db
def test_administrators_find_the_workbook_on_the_panels_and_round_pages(client, world):
    url = reverse("judging:round_audit", args=[world.round.pk])
    assert url in client_for(client, world.admin).get(reverse("judging:panels")).content.decode()
    inspect = reverse("wagtailsnippets_judging_round:inspect", args=[world.round.pk])
    assert url in client.get(inspect).content.decode()
    assert url not in client_for(client, world.chair.user).get(reverse("judging:panels")).content.decode()
