"""The chair's and administrators' POSTs go through forms (judging.chair_forms,
judging.admin_forms.AssignCategoryForm): a bad value is a message on the page, never a 500,
and changes nothing."""

import pytest
from django_fsm_log.models import StateLog

from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, AssignmentState, Decision, RankingSignOff, Round
from tests.judging import helpers
from tests.judging.helpers import admin_url, client_for, messages_of

A = AssignmentState
world = helpers.world
scored = helpers.scored
pytestmark = pytest.mark.django_db


def test_reopening_with_a_reason_too_long_changes_nothing(client, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    response = client_for(client, world.chair.user).post(
        reverse("judging:reopen", args=[assignment.pk]), {"reason": "x" * 1001}
    )
    assert response.status_code == 302
    assert response["Location"] == world.url("panel")
    assert messages_of(response) == ["Ensure this value has at most 1000 characters (it has 1001)."]
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED
    assert not StateLog.objects.filter(object_id=assignment.pk, transition="reopen").exists()


def test_a_sign_off_note_too_long_changes_nothing(client, world, scored):
    Round.objects.filter(pk=world.round.pk).update(closed_at=timezone.now())
    response = client_for(client, world.chair.user).post(world.url("sign_off"), {"note": "n" * 2001})
    assert response.status_code == 302
    assert messages_of(response) == ["Ensure this value has at most 2000 characters (it has 2001)."]
    assert not RankingSignOff.objects.exists()


# Commending belongs to the final round, not to round 1.
@pytest.mark.parametrize("outcome", ["publish", "", "commend"])
def test_a_decision_that_is_not_the_rounds_changes_nothing(client, world, outcome):
    nomination = world.nomination()
    world.close_and_sign_off()
    url = reverse("judging:decide", args=[world.round.pk, "TEC", nomination.pk])
    response = client_for(client, world.admin).post(url, {"outcome": outcome, "confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"] == world.url("results")
    assert messages_of(response) == ["This decision does not belong to this round."]
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.state == "eligible"


@pytest.mark.parametrize("category", ["", "XXX", "TEC' OR 1=1"])
def test_assigning_in_a_category_that_does_not_exist_changes_nothing(client, world, category):
    response = client_for(client, world.admin).post(
        admin_url("round", "assign", world.round.pk), {"category": category}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Choose a category to assign."]
    assert not Assignment.objects.exists()
