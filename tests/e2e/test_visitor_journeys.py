import re
from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.models import Site

from nominations.models import Category
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def open_calls():
    home = Site.objects.get(is_default_site=True).root_page
    index = CallIndexPageFactory(parent=home, show_in_menus=True, title="Calls for nominations")
    cycle = AwardCycleFactory(year=2026, nominations_open=timezone.now() - timedelta(days=3))
    return [CallPageFactory(parent=index, cycle=cycle, category=c) for c in Category.objects.all()]


def test_visitor_on_a_phone_finds_a_call_and_its_dates(live_server, phone, open_calls):
    phone.goto(live_server.url + "/")
    cards = phone.locator(".category-card")
    assert cards.count() == 6
    assert phone.locator(".category-card .badge--open").count() == 6
    # Nothing wider than the screen: no sideways scrolling on a 375 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.get_by_role("link", name="New materials").click()
    phone.wait_for_url(re.compile(r"/calls/2026-new-materials/$"))
    assert phone.locator("h1").inner_text() == "New materials 2026"
    assert "Nominations close" in phone.locator(".call-facts").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_keyboard_user_can_skip_to_the_content(live_server, desktop, open_calls):
    desktop.goto(live_server.url + "/")
    desktop.keyboard.press("Tab")
    skip = desktop.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # it becomes visible on focus
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"


def test_new_user_signs_up_verifies_email_and_is_signed_in(live_server, desktop, open_calls):
    desktop.goto(live_server.url + "/")
    desktop.get_by_role("link", name="Sign up").click()
    desktop.get_by_label("Given name").fill("Mei")
    desktop.get_by_label("Family name").fill("Lin")
    desktop.get_by_label("Email").fill("newcomer@example.net")
    desktop.get_by_label("Password:", exact=True).fill("a-long-pass-phrase-42")
    desktop.get_by_label("Password (again):").fill("a-long-pass-phrase-42")
    desktop.get_by_role("button", name="Sign Up").click()
    desktop.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert "Verify Your Email Address" in desktop.content()

    link = re.search(r"http://[^/]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    desktop.goto(live_server.url + link)
    desktop.get_by_role("button", name="Confirm").click()
    # Signed in, on the home page in the language being read (/ redirects to /en/).
    desktop.wait_for_url(live_server.url + "/en/")
    assert desktop.get_by_role("link", name="Sign out").is_visible()


def test_visitor_reads_the_site_in_chinese(live_server, desktop, open_calls):
    desktop.goto(live_server.url + "/")
    desktop.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    desktop.wait_for_load_state()
    assert desktop.locator("html").get_attribute("lang") == "zh-hans"
    assert "新技术" in desktop.locator(".card-grid").inner_text()
