"""The pages panel chairs and awards administrators follow a panel on: its progress
with reopening, who may see these pages, the cycle's methodology, and query counts.
The results page has its own module (test_results_page)."""

import re

import pytest
from django_fsm_log.models import StateLog

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.models import Assignment, AssignmentState, Conflict
from judging.results import panel_results
from nominations.models import Category, Nomination
from tests.factories import AwardLevelFactory, JudgeProfileFactory, PanelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of

A = AssignmentState

# Fixed whatever the number of nominations, judges and assignments: session, user, round,
# panel with its category, the viewer's conflicts, the site header (3, with the site
# settings for the awards' name), the page's own reads (panel, from its cache:
# the assignments' fingerprint, members, the cache read (the database cache in tests),
# the assignments only when they changed; results: criteria, rubric version, the
# assignments' fingerprint, nominations waiting, the sign-off, the sections' cache read,
# the judges' names), the two-factor check (one query: admin access, judge group or
# profile, an authenticator).
# 16 before the panel came with its category, the user bar and the header's judging link
# learnt from the two-factor check, and the results page read permissions only for a
# ranking signed off (whether the viewer may decide).
PANEL_PAGE_QUERIES = 12
# 22 before the above and before the results' sections were kept as HTML: the results
# themselves, the nominations' rows and a second sign-off read are not read from the cache.
RESULTS_PAGE_QUERIES = 16

world = helpers.world
scored = helpers.scored


# Panel page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_chair_sees_each_judges_progress(client, world):
    first, second = world.nomination(), world.nomination()
    judge_a, judge_b, judge_c = world.judges
    world.score(world.assign(first, judge_a), (5, 5, 3))
    world.score(world.assign(second, judge_a), (6, 5, 3))
    world.score(world.assign(first, judge_b), (6, 5, 3), submit=False)
    recused = world.assign(second, judge_b)
    recused.recuse(by=judge_b.user)
    recused.save()
    world.assign(first, judge_c)

    response = client_for(client, world.chair.user).get(world.url("panel"))
    assert response.status_code == 200
    body = response.content.decode()
    rows = {
        int(pk): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
        for pk, html in re.findall(r'<tr data-judge="(\d+)">(.*?)</tr>', body, re.S)
    }
    assert list(rows) == [j.pk for j in sorted(world.judges, key=lambda j: str(j).casefold())]
    # Assigned, in progress, submitted, recused, then the progress in words.
    assert f"{judge_a} (chair) 2 0 2 0" in rows[judge_a.pk]
    assert "2 of 2 (100%)" in rows[judge_a.pk]
    assert f"{judge_b} 2 0 0 1" in rows[judge_b.pk]
    assert "0 of 1 (0%)" in rows[judge_b.pk]
    assert f"{judge_c} 1 0 0 0" in rows[judge_c.pk]
    assert '<progress max="2" value="2"' in body
    # Who has scored what: one line per assignment, a reopen form for submitted ones.
    assert body.count("<tr data-assignment=") == 5
    for assignment in Assignment.objects.filter(state=A.SUBMITTED):
        assert reverse("judging:reopen", args=[assignment.pk]) in body
    assert body.count('action="/judging/assignments/') == 2
    assert "<caption>" in body


@pytest.mark.django_db
def test_administrator_sees_the_panel_page(client, world):
    response = client_for(client, world.admin).get(world.url("panel"))
    assert response.status_code == 200
    assert 'id="progress-heading"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["judge", "nominator", "other_chair"])
def test_panel_and_results_pages_are_404_for_anyone_else(client, world, who):
    if who == "judge":
        user = world.judges[1].user
    elif who == "nominator":
        user = world.nomination().nominator
    else:
        other = JudgeProfileFactory()
        PanelFactory(cycle=world.cycle, category=Category.objects.get(code="MAT"), members=[other], chair=other)
        user = other.user
    client = client_for(client, user)
    assert client.get(world.url("panel")).status_code == 404
    assert client.get(world.url("results")).status_code == 404
    assert client.get(world.url("results"), {"format": "csv"}).status_code == 404
    # The cycle's methodology is open to the chair of any of its panels.
    methodology = client.get(reverse("judging:methodology", args=[world.cycle.pk]))
    assert methodology.status_code == (200 if who == "other_chair" else 404)


@pytest.mark.django_db
def test_signed_out_visitors_are_asked_to_sign_in(client, world):
    response = client.get(world.url("panel"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_chair_reopens_submitted_scores_with_a_reason(client, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    response = client_for(client, world.chair.user).post(
        reverse("judging:reopen", args=[assignment.pk]), {"reason": "Impact score typed in the wrong box."}
    )
    assert response.status_code == 302
    assert response["Location"] == world.url("panel")
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS
    assert assignment.submitted_at is None
    log = StateLog.objects.get(object_id=assignment.pk, transition="reopen")
    assert log.description == "Impact score typed in the wrong box."
    assert log.by == world.chair.user
    assert log.source_state == A.SUBMITTED
    assert log.state == A.IN_PROGRESS
    assert any("reopened" in message for message in messages_of(response))


@pytest.mark.django_db
def test_reopening_without_a_reason_is_refused(client, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    response = client_for(client, world.chair.user).post(
        reverse("judging:reopen", args=[assignment.pk]), {"reason": "   "}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED
    assert not StateLog.objects.filter(object_id=assignment.pk, transition="reopen").exists()
    assert messages_of(response) == ["Give the reason for reopening: it is kept in the record."]


@pytest.mark.django_db
def test_a_judge_cannot_reopen(client, world):
    assignment = world.score(world.assign(world.nomination(), world.judges[1]), (5, 5, 3))
    response = client_for(client, world.judges[2].user).post(
        reverse("judging:reopen", args=[assignment.pk]), {"reason": "Because."}
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED


# Methodology --------------------------------------------------------------------------


@pytest.mark.django_db
def test_methodology_counts_declared_and_detected_conflicts(client, world, scored):
    first, second, third = scored
    extra = JudgeProfileFactory()
    Conflict.objects.create(judge=world.judges[1], nomination=first, source=Conflict.Source.DECLARED, reason="x")
    Conflict.objects.create(judge=world.judges[2], nomination=second, source=Conflict.Source.DECLARED, reason="y")
    Conflict.objects.create(judge=extra, nomination=third, source=Conflict.Source.DETECTED, reason="z")
    response = client_for(client, world.chair.user).get(reverse("judging:methodology", args=[world.cycle.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    stats = dict(re.findall(r'<li data-stat="(\w+)"><strong>(\d+)</strong>', body))
    assert stats == {"judges": "3", "panels": "1", "rounds": "1", "declared": "2", "detected": "1"}
    assert "2 conflicts were declared by judges." in body
    assert "1 was detected automatically" in body
    assert "each nomination is scored by 3 judges" in body
    # The agreement figure per round and category, as the results page computes it.
    agreement = panel_results(world.round, world.tec).agreement
    assert re.search(rf'<tr data-category="TEC">.*?{agreement:.2f}</td>', body, re.S)
    assert "How scores are combined" in body


@pytest.mark.django_db
def test_methodology_is_open_to_administrators(client, world):
    response = client_for(client, world.admin).get(reverse("judging:methodology", args=[world.cycle.pk]))
    assert response.status_code == 200
    assert "No scores are submitted in this round yet." in response.content.decode()


# Query counts -------------------------------------------------------------------------


def _count(client, url):
    client.get(url)  # the results of this data computed and cached (judging.results.cached_panel_results)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(world, nominations, extra_judges):
    judges = [JudgeProfileFactory() for _ in range(extra_judges)]
    world.panel.members.add(*judges)
    for index in range(nominations):
        nomination = world.nomination()
        for offset, judge in enumerate([*world.judges, *judges]):
            assignment = world.assign(nomination, judge)
            if (index + offset) % 3:
                world.score(assignment, ((index + offset) % 11, 5, 3))


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "expected"), [("panel", PANEL_PAGE_QUERIES), ("results", RESULTS_PAGE_QUERIES)])
def test_page_queries_do_not_grow_with_the_data(client, world, page, expected):
    client = client_for(client, world.chair.user)
    _grow(world, nominations=2, extra_judges=0)
    Conflict.objects.create(
        judge=world.chair, nomination=Nomination.objects.first(), source=Conflict.Source.DETECTED, reason="x"
    )
    client.get(world.url(page))  # warm per-process caches (content types, site)
    small = _count(client, world.url(page))
    _grow(world, nominations=8, extra_judges=3)
    large = _count(client, world.url(page))
    assert small == large == expected


@pytest.mark.django_db
def test_results_queries_for_an_administrator_in_round_two(client, world):
    final = RoundFactory(cycle=world.cycle, number=2)
    AwardLevelFactory(cycle=world.cycle)
    client = client_for(client, world.admin)

    def grow(count):
        for _ in range(count):
            nomination = world.nomination("accept", "shortlist")
            for judge in world.judges:
                world.score(world.assign(nomination, judge, final), (6, 5, 3))

    grow(2)
    client.get(world.url("results", final))
    small = _count(client, world.url("results", final))
    grow(6)
    assert _count(client, world.url("results", final)) == small


# Where chairs start ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_chair_sees_the_panels_they_chair(client, world):
    other = JudgeProfileFactory()
    mat = PanelFactory(cycle=world.cycle, category=Category.objects.get(code="MAT"), members=[other], chair=other)
    response = client_for(client, world.chair.user).get(reverse("judging:panels"))
    assert response.status_code == 200
    body = response.content.decode()
    assert re.findall(r'<tr data-panel="(\d+)">', body) == [str(world.panel.pk)]
    assert world.url("panel") in body
    assert world.url("results") in body
    assert reverse("judging:methodology", args=[world.cycle.pk]) in body
    # An administrator sees every panel.
    body = client_for(client, world.admin).get(reverse("judging:panels")).content.decode()
    assert re.findall(r'<tr data-panel="(\d+)">', body) == [str(world.panel.pk), str(mat.pk)]


@pytest.mark.django_db
def test_the_panels_page_is_a_403_page_for_judges_who_chair_nothing(client, world):
    # A page that says why (tests/judging/test_panels_link_comments_and_dates.py), not a bare 404.
    assert client_for(client, world.judges[1].user).get(reverse("judging:panels")).status_code == 403
