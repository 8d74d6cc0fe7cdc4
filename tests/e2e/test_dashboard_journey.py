"""An awards administrator signs in with two factors and reads the office's dashboard on
the admin home: every panel, the submissions chart, and the screening queue's link,
which lands on the nominations listing filtered to those waiting. It reads on a phone."""

import pytest

from wagtail.models import Site

from tests.e2e.helpers import sign_in_with_code
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory
from tests.office.helpers.dashboard import People, days_ago, nominate, submitted_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_administrator_reads_the_dashboard_and_opens_the_screening_queue(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home), cycle=AwardCycleFactory())
    people = People()
    waiting = [
        submitted_at(nominate(people, call, "submitted", title=f"Waiting {age}"), days_ago(age)) for age in (3, 1)
    ]
    screened = submitted_at(nominate(people, call, "eligible", title="Already screened"), days_ago(5))

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(page, live_server.url, people.admin)
    page.goto(live_server.url + "/admin/")
    for heading in (
        "Nominations by state and category",
        "Screening queue",
        "Submissions per day",
        "Days to each call's close",
        "Judging completion per panel",
        "Stories waiting for moderation",
    ):
        assert page.get_by_role("heading", name=heading).is_visible()
    chart = page.get_by_role("img", name="Submissions per day")
    assert chart.is_visible()
    assert page.locator("rect.office-chart__bar").count() == 30
    assert page.locator("rect.office-chart__bar[data-count='1']").count() == 3  # 5, 3 and 1 days ago
    assert page.locator("rect.office-chart__bar[data-count='0']").count() == 27
    assert page.locator("[data-office-waiting]").inner_text() == "2"

    # On a phone the panels fit the screen; only the state matrix scrolls, inside its panel.
    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("#office-screening-queue-section").bounding_box()["width"] <= 375
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("[data-office-queue-link]").click()
    page.wait_for_url("**/admin/snippets/nominations/nomination/?state=submitted")
    listing = page.locator("main").inner_text()
    for nomination in waiting:
        assert nomination.reference in listing
    assert screened.reference not in listing
    page.get_by_role("link", name=waiting[0].reference).first.click()
    page.wait_for_url(f"**/inspect/{waiting[0].pk}/")
    assert "Waiting 3" in page.locator("main").inner_text()
