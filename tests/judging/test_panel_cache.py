"""The panel page from the cache (judging.views.panel_cache): the second load reads its
rows from the cache, and whatever changes what it shows is in the very next load. The
default cache is the database cache in tests, as in a plain deployment."""

import re

import pytest

from django.conf import settings
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.models import Assignment, AssignmentState, Conflict
from judging.services import reopen_assignment
from tests.factories import JudgeProfileFactory
from tests.judging import helpers
from tests.judging.helpers import client_for

A = AssignmentState
world = helpers.world

ROWS_QUERY = '"nominations_nomination"."title"'  # the assignments as rows, read on a miss only


def load(client, world):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(world.url("panel"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def row_of(body, assignment):
    match = re.search(rf'<tr data-assignment="{assignment.pk}">(.*?)</tr>', body, re.S)
    return match and match.group(1)


def judge_row(body, judge):
    match = re.search(rf'<tr data-judge="{judge.pk}">(.*?)</tr>', body, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


@pytest.fixture
def chair(client, world):
    return client_for(client, world.chair.user)


@pytest.mark.django_db
def test_the_second_load_reads_the_rows_from_the_cache(chair, world):
    nomination = world.nomination()
    for judge in world.judges:
        world.score(world.assign(nomination, judge), (5, 5, 3))
    chair.get(world.url("panel"))  # per-process caches (content types, site)
    world.assign(world.nomination(), world.judges[1])  # a change: the next load builds afresh
    first, first_queries = load(chair, world)
    second, second_queries = load(chair, world)
    assert any(ROWS_QUERY in sql for sql in first_queries)
    assert not any(ROWS_QUERY in sql for sql in second_queries)
    assert len(second_queries) < len(first_queries)
    unmasked = (re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", body) for body in (first, second))
    assert next(unmasked) == next(unmasked)  # the same page (the token is masked afresh each time)


@pytest.mark.django_db
def test_a_submitted_score_shows_at_once(chair, world):
    assignment = world.assign(world.nomination(), world.judges[1])
    body, _ = load(chair, world)
    assert "Submitted" not in row_of(body, assignment)
    world.score(assignment, (5, 5, 3))
    body, _ = load(chair, world)
    assert "Submitted" in row_of(body, assignment)
    assert 'action="/judging/assignments/' in row_of(body, assignment)
    assert judge_row(body, world.judges[1]).startswith(f"{world.judges[1]} 1 0 1 0")


@pytest.mark.django_db
def test_a_reopened_assignment_shows_at_once(chair, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    body, _ = load(chair, world)
    assert 'action="/judging/assignments/' in row_of(body, assignment)
    reopen_assignment(assignment_id=assignment.pk, user=world.chair.user, reason="A typo")
    body, _ = load(chair, world)
    assert 'action="/judging/assignments/' not in row_of(body, assignment)
    assert "In progress" in row_of(body, assignment)


@pytest.mark.django_db
def test_a_recusal_shows_at_once(chair, world):
    assignment = world.assign(world.nomination(), world.judges[2])
    body, _ = load(chair, world)
    assert judge_row(body, world.judges[2]).startswith(f"{world.judges[2]} 1 0 0 0")
    assignment.recuse(by=world.judges[2].user)
    assignment.save()
    body, _ = load(chair, world)
    assert judge_row(body, world.judges[2]).startswith(f"{world.judges[2]} 1 0 0 1")
    assert "Recused" in row_of(body, assignment)


@pytest.mark.django_db
@pytest.mark.parametrize("member", [True, False])
def test_a_renamed_judge_shows_at_once(chair, world, member):
    judge = world.judges[1] if member else JudgeProfileFactory()  # assigned by hand, outside the panel
    assignment = world.assign(world.nomination(), judge)
    body, _ = load(chair, world)
    assert str(judge) in row_of(body, assignment)
    judge.user.first_name, judge.user.last_name = "Zhaoyun", "Renamed"
    judge.user.save()
    body, _ = load(chair, world)
    judge.user.refresh_from_db()
    assert "Renamed" in str(judge.user)
    assert str(judge.user) in row_of(body, assignment)
    assert judge_row(body, judge).startswith(str(judge.user))


@pytest.mark.django_db
def test_a_new_assignment_shows_at_once(chair, world):
    world.assign(world.nomination(), world.judges[1])
    body, _ = load(chair, world)
    assert body.count("<tr data-assignment=") == 1
    added = world.assign(world.nomination(), world.judges[2])
    body, _ = load(chair, world)
    assert body.count("<tr data-assignment=") == 2
    assert row_of(body, added)


@pytest.mark.django_db
def test_a_new_conflict_of_the_chairs_hides_its_rows_at_once(chair, world):
    nomination = world.nomination()
    assignment = world.assign(nomination, world.judges[1])
    body, _ = load(chair, world)
    assert row_of(body, assignment)
    Conflict.objects.create(judge=world.chair, nomination=nomination, source=Conflict.Source.DECLARED, reason="x")
    body, _ = load(chair, world)
    assert row_of(body, assignment) is None


@pytest.mark.django_db
def test_another_language_shows_at_once(chair, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    body, _ = load(chair, world)
    assert "Judging record" in body and "Reopen" in row_of(body, assignment)
    chair.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body, _ = load(chair, world)
    assert "评审记录" in body and "重新开放" in row_of(body, assignment)
    assert "Judging record" not in body


def tokens(body):
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))


@pytest.mark.django_db
def test_no_one_sees_anothers_csrf_token(world):
    world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    world.score(world.assign(world.nomination(), world.judges[2]), (5, 5, 3))
    chair, admin, chair_again = (Client(enforce_csrf_checks=True) for _ in range(3))
    client_for(chair, world.chair.user)
    client_for(admin, world.admin)
    client_for(chair_again, world.chair.user)  # the same person in another browser
    secrets = []
    for client in (chair, admin, chair_again, chair):
        body, _ = load(client, world)
        secret = client.cookies[settings.CSRF_COOKIE_NAME].value
        found = {_unmask_cipher_token(token) for token in tokens(body)}
        assert found == {secret}, "each form carries this session's own token"
        secrets.append(secret)
    assert len(set(secrets[:3])) == 3
    # The token in the page is accepted for that session's reopening.
    assignment = Assignment.objects.filter(state=A.SUBMITTED).first()
    token = next(iter(tokens(load(admin, world)[0])))
    url = reverse("judging:reopen", args=[assignment.pk])
    response = admin.post(url, {"reason": "x", "csrfmiddlewaretoken": token})
    assert response.status_code != 403
