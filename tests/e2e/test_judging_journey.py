"""A judge signs in with two factors, confirms no conflict of interest, scores a blind
nomination and submits; the panel's chair then reads the live results."""

import pytest

from wagtail.models import Site

from judging.models import Assignment
from tests.e2e.helpers import sign_in_with_code
from tests.factories import CallIndexPageFactory
from tests.judging.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_judge_scores_a_blind_nomination_and_the_chair_sees_the_result(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    world = World(CallIndexPageFactory(parent=home))
    nomination = world.nomination(nominee_name="Secret Company Ltd", nominee_organisation="Secret Company Ltd")
    judge = world.judges[1]
    assignment = world.assign(nomination, judge, declared=False)

    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    sign_in_with_code(page, live_server.url, judge.user)
    page.goto(live_server.url + "/judging/")
    assert "0 of 1 scored" in page.locator("main").inner_text()
    page.locator(f"a[href='/judging/assignments/{assignment.pk}/']").first.click()
    # The declaration first: in a blind round it names nobody.
    assert "Secret Company" not in page.content()
    assert page.locator(f"[name='score-{world.round.criteria.first().pk}']").count() == 0
    page.get_by_role("button", name="I confirm I have no conflict of interest").click()
    page.wait_for_load_state()
    assert "Secret Company" not in page.content()
    for criterion in world.round.criteria.all():
        score = page.locator(f"[name='score-{criterion.pk}']")
        if score.first.get_attribute("type") == "radio":
            page.locator(f"[name='score-{criterion.pk}'][value='{criterion.scale_max}']").check()
        else:
            score.fill(str(criterion.scale_max))
    page.get_by_role("button", name="Submit scores").click()
    page.locator("#confirm-submit-scores [data-confirm-yes]").click()  # the confirmation dialog
    page.locator("li.message--success").wait_for()
    assignment.refresh_from_db()
    assert assignment.state == "submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(chair, live_server.url, world.chair.user)
    assert "/accounts/2fa/" not in chair.url
    chair.goto(live_server.url + world.url("results"))
    ranking = chair.locator("table").first.inner_text()
    assert nomination.reference in ranking
    assert "100.0" in ranking  # the top of every scale: a total of 100
    assert Assignment.objects.filter(state="submitted").count() == 1
