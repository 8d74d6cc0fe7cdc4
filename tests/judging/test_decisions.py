"""Decisions an appeal can trust (judging.decisions.decide): only after the round has
closed and its ranking is signed off, on the full number of counted scores or with a
written reason, each recorded as a Decision beside the logged transition."""

from datetime import timedelta

import pytest
from django_fsm_log.models import StateLog

from django.urls import reverse
from django.utils import timezone

from judging.decisions import decide
from judging.models import Award, Conflict, Decision, Round
from judging.services import JudgingError
from nominations.models import Nomination
from tests.factories import AwardLevelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of

world = helpers.world
scored = helpers.scored
pytestmark = pytest.mark.django_db


def test_shortlisting_an_unscored_nomination_in_an_open_round_is_refused(client, world):
    nomination = world.nomination()
    response = client_for(client, world.admin).post(
        reverse("judging:decide", args=[world.round.pk, "TEC", nomination.pk]),
        {"confirmed": "1", "outcome": "shortlist"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["The round is still open: decide once it has closed."]
    assert Nomination.objects.get(pk=nomination.pk).state == "eligible"
    assert not Decision.objects.exists()


def test_a_round_past_its_closing_time_still_waits_for_the_sign_off(world, scored):
    first, _second, _third = scored
    Round.objects.filter(pk=world.round.pk).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(JudgingError, match="not signed off yet"):
        decide(nomination=first, user=world.admin, outcome="shortlist")
    assert Nomination.objects.get(pk=first.pk).state == "eligible"


def test_a_decision_is_recorded_with_the_scores_it_rests_on(world, scored):
    first, _second, _third = scored
    world.close_and_sign_off()
    decide(nomination=first, user=world.admin, outcome="shortlist")
    decision = Decision.objects.get()
    assert (decision.round, decision.nomination, decision.outcome, decision.decided_by) == (
        world.round,
        first,
        "shortlist",
        world.admin,
    )
    assert (decision.scores_submitted, decision.scores_required, decision.override_reason) == (3, 3, "")
    log = StateLog.objects.for_(first).get(transition="shortlist")
    assert (log.by, log.description) == (world.admin, None)


def test_fewer_counted_scores_need_a_written_reason_which_is_kept(world, scored):
    first, _second, _third = scored
    # A conflict found after scoring: that judge's scores no longer count.
    Conflict.objects.create(
        judge=world.judges[2], nomination=first, source=Conflict.Source.DETECTED, reason="Same firm"
    )
    world.close_and_sign_off()
    with pytest.raises(JudgingError, match="has 2 of the 3 scores the round asks for"):
        decide(nomination=first, user=world.admin, outcome="shortlist", override_reason="   ")
    assert Nomination.objects.get(pk=first.pk).state == "eligible"
    decide(nomination=first, user=world.admin, outcome="shortlist", override_reason="A judge fell ill.")
    decision = Decision.objects.get()
    assert (decision.scores_submitted, decision.override_reason) == (2, "A judge fell ill.")
    assert StateLog.objects.for_(first).get(transition="shortlist").description == "A judge fell ill."


def test_a_commendation_records_its_level(world):
    final = RoundFactory(cycle=world.cycle, number=2, judges_per_nomination=1)
    nomination = world.nomination("accept", "shortlist")
    world.score(world.assign(nomination, world.judges[1], final), (9, 8, 5))
    gold = AwardLevelFactory(cycle=world.cycle, name="First prize", rank=1)
    world.close_and_sign_off(final)
    decide(nomination=nomination, user=world.admin, outcome="commend", level=gold)
    decision = Decision.objects.get()
    assert (decision.round, decision.outcome, decision.level, decision.scores_submitted) == (final, "commend", gold, 1)
    assert Award.objects.get(nomination=nomination).level == gold


def test_the_page_asks_for_the_reason_when_scores_are_short(client, world):
    nomination = world.nomination()
    world.score(world.assign(nomination, world.judges[1]), (5, 5, 3))
    world.close_and_sign_off()
    client = client_for(client, world.admin)
    body = client.get(world.url("results")).content.decode()
    assert "1 submitted score of the 3 this round asks for: give a reason to decide anyway." in body
    assert body.count('name="override_reason"') == 1
    decide_url = reverse("judging:decide", args=[world.round.pk, "TEC", nomination.pk])
    response = client.post(decide_url, {"confirmed": "1", "outcome": "not_shortlist"})
    assert messages_of(response) == [
        "This nomination has 1 of the 3 scores the round asks for. Give a reason to decide anyway."
    ]
    client.post(
        decide_url, {"confirmed": "1", "outcome": "not_shortlist", "override_reason": "Late file, one judge enough."}
    )
    assert Decision.objects.get().override_reason == "Late file, one judge enough."


def test_no_decision_column_before_the_sign_off(client, world, scored):
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert "/decide/" not in body
