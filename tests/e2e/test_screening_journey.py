"""The awards office's one-click mistakes, in the browser: a screener ticks nominations
in the listing and chooses "Reject"; the confirmation page says what happens at once and
what cannot be undone, asks for the reason, and only "Yes" rejects (the one not waiting
for screening skipped and named). A single "Return for amendment" asks the same way."""

import pytest

from django.urls import reverse

from wagtail.models import Site

from nominations.models import Nomination
from tests.e2e.helpers import sign_in_with_code
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory, NominationFactory, advance
from tests.support import with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIST_URL = "/admin/snippets/nominations/nomination/"


def nominations(call, screener):
    made = []
    for title, steps in (
        ("Solar tiles", ("submit",)),
        ("Mine sensors", ("submit",)),
        ("Old idea", ("submit", "accept")),
    ):
        nomination = NominationFactory(call=call, title=title)
        for step in steps:
            advance(nomination, step, by=nomination.nominator if step == "submit" else screener)
        made.append(nomination)
    return made


def test_a_screener_confirms_a_bulk_rejection_after_reading_what_it_does(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home), cycle=AwardCycleFactory())
    screener = with_role("Screeners", "screener@example.net")
    first, second, eligible = nominations(call, screener)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(page, live_server.url, screener)
    page.goto(live_server.url + LIST_URL)
    for nomination in (first, second, eligible):
        page.locator(f"input[data-bulk-action-checkbox][data-object-id='{nomination.pk}']").check()
    page.locator("[data-bulk-action-footer] a", has_text="Reject").click()
    page.wait_for_url("**/admin/bulk/nominations/nomination/reject/**")

    main = page.locator("main").inner_text()
    assert "Please confirm." in main
    assert "The nominator is emailed the reason at once" in main
    assert "only an awards administrator can reopen the decision" in main
    assert "(will be skipped)" in main
    # Nothing happens before "Yes", and "Yes" without a reason is stopped in the browser.
    page.get_by_role("button", name="Yes, reject and email the nominators").click()
    assert page.locator("textarea[name=message]").evaluate("field => field.validity.valueMissing") is True
    assert "/admin/bulk/nominations/nomination/reject/" in page.url
    assert set(Nomination.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {"submitted"}

    page.fill("textarea[name=message]", "Outside the city region.")
    page.get_by_role("button", name="Yes, reject and email the nominators").click()
    page.wait_for_url(f"**{LIST_URL}**")
    messages = page.locator(".messages").inner_text()
    assert "2 nominations rejected as ineligible" in messages
    assert eligible.reference in messages
    assert set(Nomination.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {
        "ineligible"
    }
    assert Nomination.objects.get(pk=eligible.pk).state == "eligible"


def test_a_single_return_asks_first_and_cancelling_changes_nothing(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home), cycle=AwardCycleFactory())
    screener = with_role("Screeners", "screener@example.net")
    nomination = nominations(call, screener)[0]

    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    sign_in_with_code(page, live_server.url, screener)
    page.goto(live_server.url + reverse("wagtailsnippets_nominations_nomination:inspect", args=[nomination.pk]))
    page.get_by_role("link", name="Return for amendment").click()
    main = page.locator("main").inner_text()
    assert "Please confirm." in main
    assert "The nominator is emailed your message at once" in main
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"**/inspect/{nomination.pk}/")
    assert Nomination.objects.get(pk=nomination.pk).state == "submitted"
