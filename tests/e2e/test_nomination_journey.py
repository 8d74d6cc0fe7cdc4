import re
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from django.core import mail
from django.utils import timezone

from wagtail.models import Site

from nominations.models import Category, Nomination
from tests.e2e.helpers import field, sign_in
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def call():
    home = Site.objects.get(is_default_site=True).root_page
    index = CallIndexPageFactory(parent=home, show_in_menus=True, title="Calls for nominations")
    cycle = AwardCycleFactory(year=2026, nominations_open=timezone.now() - timedelta(days=3))
    return CallPageFactory(parent=index, cycle=cycle, category=Category.objects.get(code="MAT"))


def test_nominator_fills_the_steps_uploads_a_photo_and_submits(live_server, phone, call, tmp_path):
    UserFactory(email="applicant@example.net")
    sign_in(phone, live_server.url, "applicant@example.net")
    phone.goto(live_server.url + call.url)
    phone.get_by_role("link", name="Nominate", exact=True).click()

    field(phone, "Enterprise").check()
    field(phone, "Nominee's name").fill("Shanxi Graphene Materials Co.")
    field(phone, "Organisation").fill("Shanxi Graphene Materials Co.")
    field(phone, "Nominee's email").fill("info@graphene.example.com")
    field(phone, "Where the innovation comes from").select_option("datong")
    phone.get_by_role("button", name="Save and continue").click()

    field(phone, "Title of the innovation").fill("Graphene anti-corrosion coating")
    field(phone, "Short summary").fill("Halves corrosion on mine equipment.")
    field(phone, "Description").fill("A coating applied by spraying.")
    field(phone, "What is new").fill("First made in the province.")
    phone.get_by_role("button", name="Save and continue").click()

    field(phone, "Measurable results and impact").fill("Maintenance costs down 40%.")
    field(phone, "In market").check()
    field(phone, "Evidence").fill("Lab report attached.")
    phone.get_by_role("button", name="Save and continue").click()

    photo = tmp_path / "coating.jpg"
    Image.new("RGB", (800, 600), "#0f766e").save(photo, "JPEG")
    field(phone, "Add files").set_input_files(str(photo))
    phone.get_by_role("button", name="Upload and continue").click()

    field(phone, "Colleague").check()
    field(phone, "The information is true").check()
    field(phone, "Consent to processing").check()
    phone.get_by_role("button", name="Save and review").click()

    assert "answers are missing" not in phone.content()
    assert "coating.jpg" in phone.locator(".review-section").all_inner_texts()[3]
    phone.get_by_role("button", name="Submit the nomination").click()
    phone.wait_for_url(re.compile(r"/nominations/\d+/$"))

    nomination = Nomination.objects.get()
    assert nomination.state == "submitted"
    assert f"Your reference is {nomination.reference}" in phone.content()
    assert nomination.files.get().original_name == "coating.jpg"
    # The nominator's receipt, and the nominee's request for their own consent.
    assert sorted(m.subject for m in mail.outbox) == [
        f"[Innovation Awards] Nomination received: {nomination.reference}",
        f"[Innovation Awards] You have been nominated: please confirm ({nomination.reference})",
    ]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_autosave_keeps_typing_without_pressing_save(live_server, desktop, call):
    from tests.factories import NominationFactory

    nominator = UserFactory(email="typist@example.net")
    nomination = NominationFactory(call=call, nominator=nominator, evidence="")
    sign_in(desktop, live_server.url, nominator.email)
    desktop.goto(f"{live_server.url}/nominations/{nomination.pk}/edit/impact/")
    field(desktop, "Evidence").fill("Typed and never saved by hand.")
    # A locator assertion: wait_for_function evaluates a string, which the site's
    # Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(desktop.locator(".autosave-status")).to_have_text(re.compile(r"^Saved at"))
    nomination.refresh_from_db()
    assert nomination.evidence == "Typed and never saved by hand."


def test_double_click_on_submit_sends_one_request(live_server, desktop, call):
    from tests.factories import NominationFactory

    nominator = UserFactory(email="double@example.net")
    nomination = NominationFactory(call=call, nominator=nominator)
    sign_in(desktop, live_server.url, nominator.email)
    desktop.goto(f"{live_server.url}/nominations/{nomination.pk}/review/")
    desktop.get_by_role("button", name="Submit the nomination").dblclick()
    desktop.wait_for_url(re.compile(r"/nominations/\d+/$"))
    assert "already submitted" not in desktop.content()
    assert len(mail.outbox) == 2  # one receipt and one consent request: the second click sent nothing
