"""The results page keeps a panel's results in the cache (judging.results.cached_panel_results)
until anything they are computed from changes: a new score, a changed one, a reopening or a
new conflict shows in the very next page."""

import re

import pytest

from judging import services
from judging.models import Assignment, Conflict
from judging.results import panel_results
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
