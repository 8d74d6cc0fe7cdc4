"""A nomination's judging record (judging.views.audit): what it shows to the panel's
chair, who else may open it, and its query count."""

import pytest

from django.urls import reverse
from django.utils import timezone

from judging import services
from judging.models import Conflict, Decision
from tests.factories import JudgeProfileFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import client_for

world = helpers.world
REASON = "Impact was typed in the maturity box."


def audit_url(nomination):
    return reverse("judging:nomination_audit", args=[nomination.pk])


def scored_and_reopened(world, nomination):
    """The second judge scores, changes a score, submits; the chair reopens; the judge
    changes it again. The third judge submits; a fourth has a detected conflict."""
    judge = world.judges[1]
    assignment = world.assign(nomination, judge)
    novelty, impact, maturity = world.round.criteria.order_by("sort_order")
    user = judge.user
    services.save_scores(
        assignment_id=assignment.pk,
        user=user,
        scores={novelty.pk: (6, "Fresh."), impact.pk: (5, "Local."), maturity.pk: (2, "")},
        overall_comment="A careful piece of work.",
    )
    services.save_scores(assignment_id=assignment.pk, user=user, scores={impact.pk: (8, "Regional.")})
    services.submit_assignment(assignment_id=assignment.pk, user=user)
    services.reopen_assignment(assignment_id=assignment.pk, user=world.chair.user, reason=REASON)
    services.save_scores(assignment_id=assignment.pk, user=user, scores={impact.pk: (3, "Corrected.")})
    world.score(world.assign(nomination, world.judges[2]), (4, 4, 2))
    Conflict.objects.create(
        judge=JudgeProfileFactory(), nomination=nomination, source=Conflict.Source.DETECTED, reason="Same employer"
    )
    return assignment


@pytest.mark.django_db
def test_the_record_shows_scores_changes_logs_conflicts_rubric_and_decisions(client, world):
    nomination = world.nomination(title="Heat pump retrofit")
    assignment = scored_and_reopened(world, nomination)
    Decision.objects.create(
        round=world.round,
        nomination=nomination,
        outcome=Decision.Outcome.SHORTLIST,
        decided_by=world.admin,
        scores_submitted=1,
        scores_required=3,
        override_reason="Two judges fell ill.",
        undone_at=timezone.now(),
        undone_by=world.admin,
        undo_reason="Decided before the sign-off.",
    )
    response = client_for(client, world.chair.user).get(audit_url(nomination))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        str(world.judges[1]),
        str(world.judges[2]),
        "Corrected.",
        "A careful piece of work.",
        REASON,
        "Same employer",
        "Two judges fell ill.",
        "Decided before the sign-off.",
        "Heat pump retrofit",
    ):
        assert text in body, text
    record = response.context["rounds"][0]
    judge = next(j for j in record.judges if j.assignment == assignment)
    impact = [(change.old, change.new, change.why) for criterion, change in judge.changes if criterion.name == "Impact"]
    assert impact == [(None, 5, ""), (5, 8, ""), (8, 3, REASON)]
    assert all(change.who == world.judges[1].user for _criterion, change in judge.changes)
    assert [entry.transition for entry in judge.log] == ["start", "submit", "reopen"]
    assert judge.log[-1].description == REASON
    assert [v.number for v in record.versions] == [1]
    assert [d.override_reason for d in record.decisions] == ["Two judges fell ill."]
    assert [entry.transition for entry in response.context["nomination_log"]] == ["submit", "accept"]
    assert body.count('data-change="~"') == 2  # impact, twice; every other score was only created
    assert "data-declaration" in body


@pytest.mark.django_db
def test_a_chair_with_a_conflict_and_other_judges_get_404(client, world):
    nomination = world.nomination()
    Conflict.objects.create(judge=world.chair, nomination=nomination, source=Conflict.Source.DECLARED, reason="Mine")
    assert client_for(client, world.chair.user).get(audit_url(nomination)).status_code == 404
    assert client_for(client, world.judges[1].user).get(audit_url(nomination)).status_code == 404
    assert client_for(client, world.admin).get(audit_url(nomination)).status_code == 200


@pytest.mark.django_db
def test_the_panel_and_results_pages_link_to_the_record(client, world):
    nomination = world.nomination()
    world.score(world.assign(nomination, world.judges[1]), (5, 5, 3))
    client_for(client, world.chair.user)
    assert audit_url(nomination) in client.get(world.url("panel")).content.decode()
    assert audit_url(nomination) in client.get(world.url("results")).content.decode()


def grow(world, judges, rounds):
    nomination = world.nomination()
    for number in range(1, rounds + 1):
        round_ = world.round if number == 1 else RoundFactory(cycle=world.cycle, number=number)
        for index in range(judges):
            judge = world.judges[index] if index < 3 else JudgeProfileFactory()
            assignment = world.assign(nomination, judge, round_=round_)
            world.score(assignment, (5, 5, 3))
            assignment.reopen(by=world.admin, description="Check")
            assignment.save()
            Conflict.objects.create(
                judge=JudgeProfileFactory(), nomination=nomination, source=Conflict.Source.DETECTED, reason="x"
            )
        Decision.objects.create(round=round_, nomination=nomination, outcome="shortlist", decided_by=world.admin)
    return nomination


@pytest.mark.django_db
def test_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client_for(client, world.admin)
    small, large = grow(world, judges=1, rounds=1), grow(world, judges=4, rounds=2)
    client.get(audit_url(small))  # content types and the like, cached once
    with django_assert_num_queries(AUDIT_PAGE_QUERIES):
        assert client.get(audit_url(small)).status_code == 200
    with django_assert_num_queries(AUDIT_PAGE_QUERIES):
        response = client.get(audit_url(large))
    assert len(response.context["rounds"]) == 2
    assert len(response.context["rounds"][1].judges) == 4


# Session, user, permissions (2), their groups (whether they are an awards administrator,
# accounts.roles), two factors, nomination, panel, the viewer's conflicts,
# the record (assignments, decisions, rounds, criteria, rubric versions, scores, score
# history, state logs), conflicts, and the site's header and footer (with the site settings
# for the awards' name).
AUDIT_PAGE_QUERIES = 23
