"""A judge opens a nomination before confirming their statement for the cycle: the page
sends them to "My statement for <cycle>", where they add a row with the page's own button,
name the organisations they own a share of and advise, confirm, and come back to the
nomination's declaration."""

import re

import pytest

from wagtail.models import Site

from judging.models import CycleStatement, InterestRelation
from tests.e2e.helpers import sign_in_with_code
from tests.factories import CallIndexPageFactory
from tests.judging.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_judge_confirms_their_statement_before_the_declaration(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    world = World(CallIndexPageFactory(parent=home))
    judge = world.judges[1]
    assignment = world.assign(world.nomination(), judge, declared=False)
    CycleStatement.objects.filter(judge=judge).delete()  # no statement yet

    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    sign_in_with_code(page, live_server.url, judge.user)
    page.goto(live_server.url + "/judging/")
    assert f"Confirm my statement for {world.cycle.name} before scoring" in page.locator("main").inner_text()
    page.goto(live_server.url + f"/judging/assignments/{assignment.pk}/")
    page.wait_for_url(re.compile(rf"/judging/experts/statement/{world.cycle.pk}/\?next="))
    assert "confirm your statement for it" in page.locator("main").inner_text()

    page.get_by_label("Yes").check()
    page.get_by_label("Most nominations I can take").fill("12")
    rows = page.locator("[data-rows] tr")
    assert rows.count() == 3
    page.get_by_role("button", name="Add a row").click()
    assert rows.count() == 4
    page.locator("[name='interests-0-organisation']").fill("Taiyuan Hydrogen Fund")
    page.locator("[name='interests-0-relation']").select_option(InterestRelation.SHAREHOLDER)
    page.locator("[name='interests-3-organisation']").fill("Shanxi Coal Group")
    page.locator("[name='interests-3-relation']").select_option(InterestRelation.ADVISES)
    page.get_by_label("These are all the organisations I work for, advise or own a share of").check()
    page.get_by_role("button", name="Save my statement").click()

    page.wait_for_url(re.compile(rf"/judging/assignments/{assignment.pk}/$"))
    assert page.locator("[data-declaration]").count() == 1
    statement = CycleStatement.objects.get(judge=judge, cycle=world.cycle)
    assert statement.confirmed_at is not None and statement.capacity == 12
    assert list(statement.interests.order_by("pk").values_list("organisation", "relation")) == [
        ("Taiyuan Hydrogen Fund", InterestRelation.SHAREHOLDER),
        ("Shanxi Coal Group", InterestRelation.ADVISES),
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
