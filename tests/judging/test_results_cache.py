"""The results page keeps a panel's results in the cache (judging.results.cached_panel_results)
until anything they are computed from changes: a new score, a changed one, a reopening or a
new conflict shows in the very next page. Its two sections are kept as HTML
(judging.views.results_sections) for viewers who do not decide: a nomination's new title or
state, a judge's new name, a nomination still waiting and another language show at once."""

import re

import pytest

from django.conf import settings

from judging import services
from judging.models import Assignment, Conflict
from judging.results import panel_results
from nominations import services as services_of_nominations
from nominations.models import Nomination, NominationState
from tests.judging import helpers
from tests.judging.helpers import client_for, rows_order

world = helpers.world
scored = helpers.scored


def judges_column(body):
    """{nomination id: the "Judges" cell} of the results table."""
    return {
        int(pk): int(count)
        for pk, count in re.findall(
            r'<tr data-nomination="(\d+)">.*?<td class="num" data-label="Judges">(\d+)</td>', body, re.S
        )
    }


def raw_mean(body, pk):
    row = re.search(rf'<tr data-nomination="{pk}">(.*?)</tr>', body, re.S).group(1)
    return float(re.search(r'data-label="Raw weighted mean">([^<]*)</td>', row).group(1))


def page(client, world):
    response = client.get(world.url("results"))
    assert response.status_code == 200
    return response.content.decode()


def live_order(world):
    return [row.nomination_id for row in panel_results(world.round, world.tec).rows]


@pytest.mark.django_db
def test_a_new_nomination_scored_shows_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    assert rows_order(page(client, world)) == live_order(world)
    assert rows_order(page(client, world)) == live_order(world)  # now from the cache

    best = world.nomination(title="Innovation D")
    for judge in world.judges:
        world.score(world.assign(best, judge), (10, 10, 5))

    order = rows_order(page(client, world))
    assert order == live_order(world)
    assert order[0] == best.pk


@pytest.mark.django_db
def test_a_reopened_and_changed_score_shows_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    first, _second, _third = scored
    before = page(client, world)
    assert judges_column(before)[first.pk] == 3

    assignment = Assignment.objects.get(nomination=first, judge=world.judges[1])
    services.reopen_assignment(assignment_id=assignment.pk, user=world.chair.user, reason="Typed in the wrong box.")
    assert judges_column(page(client, world))[first.pk] == 2  # no longer counted

    criteria = list(world.round.criteria.order_by("sort_order"))
    services.save_scores(
        assignment_id=assignment.pk,
        user=assignment.judge.user,
        scores={criterion.pk: (criterion.scale_min, "") for criterion in criteria},
    )
    services.submit_assignment(assignment_id=assignment.pk, user=assignment.judge.user)

    body = page(client, world)
    assert judges_column(body)[first.pk] == 3
    assert rows_order(body) == live_order(world)
    # That judge's total went from 90 to 0: the mean of three totals, 78.3, to 48.3.
    assert (raw_mean(before, first.pk), raw_mean(body, first.pk)) == (78.3, 48.3)


@pytest.mark.django_db
def test_a_new_conflict_shows_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    first, _second, _third = scored
    assert judges_column(page(client, world))[first.pk] == 3

    Conflict.objects.create(judge=world.judges[2], nomination=first, source=Conflict.Source.DETECTED, reason="x")

    assert judges_column(page(client, world))[first.pk] == 2


@pytest.mark.django_db
def test_a_nominations_new_title_and_state_show_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    first, _second, _third = scored
    page(client, world)
    assert "Innovation A" in page(client, world)  # the sections now from the cache

    first.title = "Innovation A, renamed"
    first.save()
    body = page(client, world)
    assert "Innovation A, renamed" in body

    services_of_nominations.withdraw(nomination_id=first.pk, user=first.nominator, reason="Changed our mind.")
    row = re.search(rf'<tr data-nomination="{first.pk}">(.*?)</tr>', page(client, world), re.S).group(1)
    assert f'data-label="State">{NominationState.WITHDRAWN.label}</td>' in row


@pytest.mark.django_db
def test_a_judges_new_name_shows_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    judge = world.judges[2]
    page(client, world)
    assert f'<tr data-judge="{judge.pk}">' in page(client, world)

    judge.user.first_name, judge.user.last_name = "Renamed", "Expert"
    judge.user.save()

    row = re.search(rf'<tr data-judge="{judge.pk}">(.*?)</tr>', page(client, world), re.S).group(1)
    assert str(judge) in row and "Renamed" in str(judge)


@pytest.mark.django_db
def test_a_nomination_waiting_for_scores_is_counted_at_once(client, world, scored):
    client = client_for(client, world.chair.user)
    assert "not ranked" not in page(client, world)
    assert "not ranked" not in page(client, world)

    world.nomination(title="Innovation D")  # eligible, not yet assigned

    assert "1 more nomination in this round has no submitted scores yet" in page(client, world)


@pytest.mark.django_db
def test_each_language_gets_its_own_sections(client, world, scored):
    client = client_for(client, world.chair.user)
    for language, heading in (("en", "How each judge scored"), ("zh-hans", "各评审专家评分情况")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page(client, world)
        assert heading in page(client, world)


@pytest.mark.django_db
def test_the_kept_sections_hold_no_form_and_no_token(client, world, scored):
    """What the cache keeps is the same for every viewer: no CSRF token in it."""
    client = client_for(client, world.chair.user)
    body = page(client, world)
    ranking = body[body.index('<section aria-labelledby="agreement-heading">') : body.index("data-sign-off")]
    assert "csrfmiddlewaretoken" not in ranking and "<form" not in ranking
    assert Nomination.objects.count() == 3
