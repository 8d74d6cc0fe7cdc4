"""As many rounds as a cycle needs: a free round number (unique per cycle, the order
shown) and a stage (shortlisting or final); the data migration that gave existing rounds
their stage; the round a decision rests on when rounds share a stage; the rounds' listing
with its dates as written."""

import importlib
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone

from judging.decisions import decide, deciding_round
from judging.models import Decision, Round, RoundKind
from judging.services import JudgingError
from nominations.models import Nomination
from tests.factories import AwardCycleFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import client_for, messages_of, stamp

world = helpers.world
admin_user = helpers.admin_user
admin_client = helpers.admin_client
cycle = helpers.cycle

S, F = RoundKind.SHORTLISTING, RoundKind.FINAL
pytestmark = pytest.mark.django_db


def round_data(cycle, number, stage, **extra):
    """The round's add form as the admin posts it, without criteria."""
    opens = timezone.now() + timedelta(days=3)
    return {
        "cycle": cycle.pk,
        "number": number,
        "stage": stage,
        "opens_at": stamp(opens),
        "closes_at": stamp(opens + timedelta(days=14)),
        "judges_per_nomination": 3,
        "blind": "on",
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
        **extra,
    }


# Numbers and stages -------------------------------------------------------------------


def test_a_cycle_has_rounds_one_to_four_each_with_its_stage(admin_client, cycle):
    RoundFactory(cycle=cycle, number=1, stage=S)
    RoundFactory(cycle=cycle, number=2, stage=S)
    RoundFactory(cycle=cycle, number=4, stage=F)
    response = admin_client.post(url("round", "add"), round_data(cycle, 3, F))
    assert response.status_code == 302, response.context["form"].errors
    rounds = list(Round.objects.filter(cycle=cycle))
    assert [(r.number, r.stage, r.get_number_display(), r.nomination_state) for r in rounds] == [
        (1, S, "Round 1: shortlisting", "eligible"),
        (2, S, "Round 2: shortlisting", "eligible"),
        (3, F, "Round 3: final", "shortlisted"),
        (4, F, "Round 4: final", "shortlisted"),
    ]
    admin_client.get(url("round", "list"))  # shows (and so clears) the message "… created"
    body = admin_client.get(url("round", "list"), {"cycle": cycle.pk}).content.decode()
    names = [str(r) for r in rounds]
    assert all(name in body for name in names)
    assert [body.index(name) for name in names] == sorted(body.index(name) for name in names)
    # The stage filter.
    body = admin_client.get(url("round", "list"), {"stage": F}).content.decode()
    assert str(rounds[2]) in body and str(rounds[0]) not in body


def test_a_round_number_is_used_once_per_cycle(admin_client, cycle):
    RoundFactory(cycle=cycle, number=1)
    response = admin_client.post(url("round", "add"), round_data(cycle, 1, F))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This cycle already has a round with this number."]
    response = admin_client.post(url("round", "add"), round_data(cycle, 0, S))
    assert response.context["form"].errors["number"] == ["Ensure this value is greater than or equal to 1."]
    assert Round.objects.filter(cycle=cycle).count() == 1
    other = AwardCycleFactory()
    assert admin_client.post(url("round", "add"), round_data(other, 1, S)).status_code == 302
    assert Round.objects.filter(number=1).count() == 2


def test_the_stage_cannot_change_once_judges_are_assigned(client, world):
    data = round_data(world.cycle, 1, F)
    data.update(opens_at=stamp(world.round.opens_at), closes_at=stamp(world.round.closes_at))
    world.assign(world.nomination(), world.judges[1])
    response = client_for(client, world.admin).post(url("round", "edit", world.round.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors["stage"] == [
        "Judges are assigned in this round: its stage can no longer change."
    ]
    assert Round.objects.get(pk=world.round.pk).stage == S


def test_the_data_migration_gives_existing_rounds_their_stage_from_their_number(cycle):
    migration = importlib.import_module("judging.migrations.0005_round_stage")
    # As rows stood when the column was added: every stage the default, shortlisting.
    first, second = RoundFactory(cycle=cycle, number=1, stage=S), RoundFactory(cycle=cycle, number=2, stage=S)
    wrong = RoundFactory(cycle=AwardCycleFactory(), number=1, stage=F)
    migration.set_stage_from_number(apps, None)
    assert {r.pk: (r.number, r.stage) for r in Round.objects.all()} == {
        first.pk: (1, S),
        second.pk: (2, F),
        wrong.pk: (1, S),
    }


# The round a decision rests on ---------------------------------------------------------


@pytest.fixture
def rescored(world):
    """Round 1 (shortlisting) judged A and B; round 2, a second shortlisting round with one
    judge a nomination, re-scored A. Both closed and signed off."""
    second = RoundFactory(cycle=world.cycle, number=2, stage=S, judges_per_nomination=1)
    a, b = world.nomination(title="A"), world.nomination(title="B")
    for nomination in (a, b):
        for judge in world.judges:
            world.score(world.assign(nomination, judge), (5, 5, 3))
    world.score(world.assign(a, world.judges[1], second), (9, 9, 5))
    world.close_and_sign_off()
    world.close_and_sign_off(second)
    return a, b, second


def test_a_decision_rests_on_the_latest_round_of_its_stage_that_judged_the_nomination(world, rescored):
    a, b, second = rescored
    assert deciding_round(a, S) == second
    assert deciding_round(b, S) == world.round
    decide(nomination=a, user=world.admin, outcome="shortlist")
    decide(nomination=b, user=world.admin, outcome="not_shortlist")
    assert {(d.nomination, d.round, d.scores_submitted, d.scores_required) for d in Decision.objects.all()} == {
        (a, second, 1, 1),
        (b, world.round, 3, 3),
    }


def test_an_earlier_round_refuses_a_decision_that_rests_on_a_later_one(world, rescored):
    a, _b, _second = rescored
    with pytest.raises(JudgingError, match="was judged again in Round 2: shortlisting: decide it from that round"):
        decide(nomination=a, user=world.admin, outcome="shortlist", round_=world.round)
    assert not Decision.objects.exists()
    assert Nomination.objects.get(pk=a.pk).state == "eligible"


def test_a_rescoring_round_still_open_holds_only_its_own_nominations(world):
    second = RoundFactory(cycle=world.cycle, number=2, stage=S, judges_per_nomination=1)
    a, b = world.nomination(), world.nomination()
    for nomination in (a, b):
        for judge in world.judges:
            world.score(world.assign(nomination, judge), (5, 5, 3))
    world.assign(a, world.judges[2], second)
    world.close_and_sign_off()
    with pytest.raises(JudgingError, match="The round is still open"):
        decide(nomination=a, user=world.admin, outcome="shortlist")
    decide(nomination=b, user=world.admin, outcome="shortlist")
    assert Decision.objects.get().round == world.round


def test_final_rounds_follow_the_same_rule(world):
    third = RoundFactory(cycle=world.cycle, number=3, stage=F, judges_per_nomination=1)
    fourth = RoundFactory(cycle=world.cycle, number=4, stage=F, judges_per_nomination=1)
    judged, not_judged = world.nomination("accept", "shortlist"), world.nomination("accept", "shortlist")
    world.score(world.assign(judged, world.judges[1], third), (6, 6, 3))
    world.score(world.assign(judged, world.judges[2], fourth), (9, 9, 5))
    assert deciding_round(judged, F) == fourth
    # Judged in no final round: the stage's latest round, which needs a reason.
    assert deciding_round(not_judged, F) == fourth
    assert deciding_round(judged, S) == world.round


def test_the_results_page_of_the_earlier_round_points_to_the_later_one(client, world, rescored):
    a, b, second = rescored
    client = client_for(client, world.admin)
    body = client.get(world.url("results")).content.decode()
    assert f'data-judged-again="{second.number}"' in body
    assert "Judged again in round 2: decide it from that round's results." in body
    decide_url = reverse("judging:decide", args=[world.round.pk, "TEC", b.pk])
    assert body.count('action="' + decide_url + '"') >= 1  # B is decided here
    a_url = reverse("judging:decide", args=[world.round.pk, "TEC", a.pk])
    assert a_url not in body
    response = client.post(a_url, {"confirmed": "1", "outcome": "shortlist"})
    assert messages_of(response) == [
        f"{a.reference} was judged again in Round 2: shortlisting: decide it from that round's results."
    ]
    later = client.get(world.url("results", second)).content.decode()
    assert reverse("judging:decide", args=[second.pk, "TEC", a.pk]) in later
    assert "data-judged-again" not in later


# The rounds' listing ---------------------------------------------------------------------


def local(value, format_string="j M Y, H:i"):
    return dateformat.format(timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)), format_string)


def test_the_list_shows_a_closing_date_two_weeks_ahead_as_a_date(admin_client, cycle):
    now = timezone.now()
    round_ = RoundFactory(cycle=cycle, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=14))
    body = admin_client.get(url("round", "list")).content.decode()
    cells = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', body)
    assert cells == [
        (local(round_.opens_at, "c"), local(round_.opens_at)),
        (local(round_.closes_at, "c"), local(round_.closes_at)),
    ]
    assert "+08:00" in cells[1][0]  # the site's time zone, Beijing time
    assert "just now" not in body.lower()


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_of_rounds_takes_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    for _ in range(count):
        RoundFactory(closed_at=timezone.now())
    admin_client.get(url("round", "list"))  # warm the caches (site, locale)
    with django_assert_num_queries(ROUND_LIST_QUERIES):
        response = admin_client.get(url("round", "list"))
    assert response.content.decode().count("<time datetime=") == 3 * count


ROUND_LIST_QUERIES = 15
