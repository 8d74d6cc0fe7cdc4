"""Undoing a decision (judging.decisions.undo_decision): an awards administrator, with a
reason, before the announcement; never under work already built on it."""

from datetime import timedelta

import pytest
from django_fsm_log.models import StateLog

from django.urls import reverse
from django.utils import timezone

from judging.decisions import decide, undo_decision
from judging.models import Award, Decision, Score
from judging.services import JudgingError
from nominations.models import Nomination
from nominations.presentation import visible_history
from nominations.winners import create_story
from tests.factories import AwardLevelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of
from tests.nominations.helpers.winners import winners_index_page

world = helpers.world
pytestmark = pytest.mark.django_db
PAPER = "Scored on paper."


@pytest.fixture
def commended(world):
    """A nomination shortlisted in round 1 and commended in round 2, through decide."""
    final = RoundFactory(cycle=world.cycle, number=2)
    nomination = world.nomination()
    world.close_and_sign_off()
    world.close_and_sign_off(final)
    decide(nomination=nomination, user=world.admin, outcome="shortlist", override_reason=PAPER)
    level = AwardLevelFactory(cycle=world.cycle, name="First prize", rank=1)
    decide(nomination=nomination, user=world.admin, outcome="commend", level=level, override_reason=PAPER)
    return nomination, final


def test_undoing_a_commendation_then_the_shortlisting(client, world, commended):
    nomination, final = commended
    commendation = Decision.objects.get(outcome="commend")
    client = client_for(client, world.admin)
    body = client.get(world.url("results", final)).content.decode()
    undo_url = reverse("judging:undo_decision", args=[final.pk, "TEC", commendation.pk])
    assert f'action="{undo_url}"' not in body  # not ranked: no scores in round 2
    response = client.post(undo_url, {"reason": ""})
    assert messages_of(response) == ["Give the reason for undoing the decision: it is kept in the record."]
    response = client.post(undo_url, {"reason": "Wrong level chosen."})
    assert messages_of(response)[-1] == f"The decision on {nomination.reference} is undone."
    nomination.refresh_from_db()
    assert nomination.state == "shortlisted"
    assert not Award.objects.exists()
    commendation.refresh_from_db()
    assert (commendation.undone_by, commendation.undo_reason) == (world.admin, "Wrong level chosen.")
    assert commendation.undone_at is not None
    log = StateLog.objects.for_(nomination).latest("timestamp", "pk")
    assert (log.transition, log.by, log.description) == ("reopen_commendation", world.admin, "Wrong level chosen.")
    # Twice: refused.
    with pytest.raises(JudgingError, match="already undone"):
        undo_decision(decision=commendation, user=world.admin, reason="Again")
    undo_decision(decision=Decision.objects.get(outcome="shortlist"), user=world.admin, reason="Recount.")
    assert Nomination.objects.get(pk=nomination.pk).state == "eligible"


def test_the_results_page_offers_the_undo_on_a_decided_row(client, world):
    nomination = world.nomination()
    world.score(world.assign(nomination, world.judges[1]), (5, 5, 3))
    world.close_and_sign_off()
    decide(nomination=nomination, user=world.admin, outcome="shortlist", override_reason=PAPER)
    decision = Decision.objects.get()
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert f'action="{reverse("judging:undo_decision", args=[world.round.pk, "TEC", decision.pk])}"' in body
    assert "Undo decision" in body


def test_refusals(world, commended, home_page):
    nomination, _final = commended
    nomination.refresh_from_db()
    commendation = Decision.objects.get(outcome="commend")
    shortlisting = Decision.objects.get(outcome="shortlist")
    # A later decision stands on the shortlisting.
    with pytest.raises(JudgingError, match="A later decision stands on this one"):
        undo_decision(decision=shortlisting, user=world.admin, reason="Recount.")
    # Not an awards administrator.
    with pytest.raises(JudgingError, match="Only an awards administrator"):
        undo_decision(decision=commendation, user=world.chair.user, reason="Recount.")
    # A winner's story is written about it.
    story, _created = create_story(nomination=nomination, user=world.admin, index=winners_index_page(home_page))
    with pytest.raises(JudgingError, match="A winner's story is written about this commendation"):
        undo_decision(decision=commendation, user=world.admin, reason="Recount.")
    story.delete()
    # After the announcement.
    world.cycle.announcement_at = timezone.now() - timedelta(hours=1)
    world.cycle.save()
    with pytest.raises(JudgingError, match="The results are announced"):
        undo_decision(decision=commendation, user=world.admin, reason="Recount.")
    assert Nomination.objects.get(pk=nomination.pk).state == "commended"
    assert Award.objects.filter(nomination=nomination).exists()


def test_a_shortlisting_scored_in_round_two_stays(world):
    final = RoundFactory(cycle=world.cycle, number=2)
    nomination = world.nomination()
    world.close_and_sign_off()
    decide(nomination=nomination, user=world.admin, outcome="shortlist", override_reason=PAPER)
    assignment = world.assign(nomination, world.judges[1], final)
    Score.objects.create(assignment=assignment, criterion=final.criteria.first(), value=4)
    with pytest.raises(JudgingError, match="already scored this nomination in Round 2: final"):
        undo_decision(decision=Decision.objects.get(), user=world.admin, reason="Recount.")
    assert Nomination.objects.get(pk=nomination.pk).state == "shortlisted"


def test_an_undone_decision_leaves_no_trace_in_the_nominators_history(world):
    nomination = world.nomination()
    world.close_and_sign_off()
    decide(nomination=nomination, user=world.admin, outcome="shortlist", override_reason=PAPER)
    undo_decision(decision=Decision.objects.get(), user=world.admin, reason="Recount.")
    nomination.refresh_from_db()
    assert [entry.state for entry in visible_history(nomination)] == ["submitted", "eligible"]
