"""The dashboard reads a fixed number of queries whatever the data size: pinned at two
sizes, so a query per category, call, nomination, round, panel or story fails here."""

import pytest

from django.test import RequestFactory

from accounts.models import User
from judging.models import AssignmentState
from office.dashboard import dashboard_panels
from tests.factories import translate_page
from tests.nominations.helpers.winners import winners_index_page
from tests.office.helpers.dashboard import People, judges, judging_work, nominate, story_in_moderation

A = AssignmentState
# The office's own panels, the user read afresh: the user (1), their permissions for the
# roles (2), their groups (1: whether they are an awards administrator, accounts.roles),
# the current cycle (1), nominations by state (2: categories, counts), the
# screening queue (2: count, oldest), the chart (1), the calls (3: the active locale, the
# pages in every language, the counts), judging (4: rounds, categories, panels, counts),
# stories in moderation (3: count, workflow states, pages).
PANEL_QUERIES = 20
# The whole admin home for an awards administrator: the panels above and what Wagtail's
# own home costs (session, user, site summary, its panels...).
PAGE_QUERIES = 45


def build(size, *, home_page, call_index, cycle, calls, people):
    """`size` nominations per state in three categories, `size + 1` judges scoring every
    eligible one, `size` stories in moderation."""
    index = winners_index_page(home_page)
    pool = judges(size + 1)
    eligible = []
    for code in ("TEC", "MAT", "INF"):
        for state in ("draft", "submitted", "returned"):
            for _ in range(size):
                nominate(people, calls[code], state)
        eligible += [nominate(people, calls[code], "eligible") for _ in range(size)]
    judging_work(people, cycle, eligible, pool, states=[A.SUBMITTED, A.ASSIGNED, A.RECUSED, A.IN_PROGRESS])
    for number in range(size):
        story_in_moderation(people, calls["TEC"], index, title=f"Story {number}")


@pytest.fixture
def world(home_page, call_index, make_calls, db):
    from tests.factories import AwardCycleFactory

    people = People()
    cycle = AwardCycleFactory()
    calls = {call.category.code: call for call in make_calls(cycle)}
    translate_page(home_page, title="创新奖")
    translate_page(call_index, title="征集公告")
    for call in calls.values():
        translate_page(call, title=f"{call.category.code} 征集")
    return {"home_page": home_page, "call_index": call_index, "cycle": cycle, "calls": calls, "people": people}


def render_panels(user_pk):
    user = User.objects.get(pk=user_pk)  # no groups or permissions cached yet
    request = RequestFactory().get("/admin/")
    request.user = user
    return "".join(panel.render_html({"request": request}) for panel in dashboard_panels(user))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_dashboard_costs_the_same_queries_at_any_size(client, world, size, django_assert_num_queries):
    build(size, **world)
    admin = world["people"].admin

    with django_assert_num_queries(PANEL_QUERIES):
        html = render_panels(admin.pk)
    assert f"Story {size - 1}" in html  # the data is really there
    assert html.count("data-office-panel=") == 3

    client.force_login(admin)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/admin/")
    assert response.status_code == 200
    assert f"Story {size - 1}" in response.content.decode()
