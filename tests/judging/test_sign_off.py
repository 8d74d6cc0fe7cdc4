"""The chair's sign-off of a ranking (judging.decisions.sign_off): after the round has
closed, once per round and category, with the full ranking kept as it stood."""

import pytest

from django.urls import reverse
from django.utils import timezone

from judging.decisions import sign_off
from judging.models import Panel, RankingSignOff, Round
from judging.results import panel_results
from judging.services import JudgingError
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of

world = helpers.world
scored = helpers.scored
pytestmark = pytest.mark.django_db


def _close(world):
    Round.objects.filter(pk=world.round.pk).update(closed_at=timezone.now())
    world.round.refresh_from_db()


def test_the_chair_signs_off_a_closed_round_with_a_snapshot(client, world, scored):
    expected = panel_results(world.round, world.tec)
    _close(world)
    client = client_for(client, world.chair.user)
    body = client.get(world.url("results")).content.decode()
    assert "Sign off this ranking" in body
    response = client.post(world.url("sign_off"), {"note": "Checked with the panel."})
    assert messages_of(response) == ["The ranking is signed off: decisions can be taken."]
    signed = RankingSignOff.objects.get()
    assert (signed.signed_by, signed.note) == (world.chair.user, "Checked with the panel.")
    assert signed.method == expected.method
    assert signed.rubric_version == expected.rubric_version
    references = {n.pk: n.reference for n in scored}
    assert signed.ranking == [
        {
            "nomination": row.nomination_id,
            "reference": references[row.nomination_id],
            "rank": row.rank_label,
            "adjusted": row.adjusted,
            "standard_error": row.standard_error,
            "raw_mean": row.raw_mean,
        }
        for row in expected.rows
    ]
    body = client.get(world.url("results")).content.decode()
    assert "Signed off by " in body
    assert "Sign off this ranking" not in body
    # A second sign-off (a double click): a message, nothing new.
    response = client.post(world.url("sign_off"))
    assert response.status_code == 302
    assert messages_of(response) == ["This ranking is already signed off."]
    assert RankingSignOff.objects.count() == 1


def test_an_open_round_cannot_be_signed_off(client, world, scored):
    client = client_for(client, world.chair.user)
    body = client.get(world.url("results")).content.decode()
    assert "The round is still open: the ranking can be signed off once it closes." in body
    assert reverse("judging:sign_off", args=[world.round.pk, "TEC"]) not in body
    client.post(world.url("sign_off"))
    assert not RankingSignOff.objects.exists()


def test_an_administrator_signs_off_only_for_a_panel_without_a_chair(client, world, scored):
    _close(world)
    with pytest.raises(JudgingError, match=r"Only the panel's chair signs off its ranking\."):
        sign_off(round_=world.round, category=world.tec, user=world.admin)
    Panel.objects.filter(pk=world.panel.pk).update(chair=None)
    body = client_for(client, world.admin).get(world.url("results")).content.decode()
    assert "This panel has no chair, so an awards administrator signs off its ranking." in body
    assert sign_off(round_=world.round, category=world.tec, user=world.admin).signed_by == world.admin
