"""A nominator answers a call's own questions in the browser: typing is autosaved, the
step is saved, and the review page shows the answers (nominations.questions)."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from wagtail.models import Site

from nominations.models import Category, NominationAnswer
from tests.e2e.helpers import field, sign_in
from tests.factories import AwardCycleFactory, CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers.questions import ask, question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# Where the step's picture goes for a person to look at (QUESTIONS_SCREENSHOT overrides;
# nothing is written when the folder does not exist).
SCREENSHOT = Path(os.environ.get("QUESTIONS_SCREENSHOT", "/work/helpers/questions.png"))


@pytest.fixture
def call():
    home = Site.objects.get(is_default_site=True).root_page
    index = CallIndexPageFactory(parent=home, title="Calls for nominations")
    cycle = AwardCycleFactory(year=2026, nominations_open=timezone.now() - timedelta(days=3))
    return CallPageFactory(parent=index, cycle=cycle, category=Category.objects.get(code="MAT"))


def test_a_nominator_answers_the_calls_questions(live_server, desktop, call):
    budget, used, remarks = ask(
        call,
        question(
            "Annual budget of the project (yuan)", "number", required=True, help_text="A whole number or decimal."
        ),
        question("Where is the material used?", "choice", required=True, choices=["In mines", "In buildings"]),
        question("Anything else the judges should know?", "long_text"),
        question("Date of the first test", "date"),
        question("Test certificate", "file", help_text="The laboratory's certificate, if you have one."),
    )[:3]
    nominator = UserFactory(email="applicant@example.net")
    draft = NominationFactory(call=call, nominator=nominator)
    sign_in(desktop, live_server.url, "applicant@example.net")

    desktop.goto(f"{live_server.url}/nominations/{draft.pk}/edit/files/")
    desktop.get_by_role("link", name="Questions for this call").click()
    expect(desktop.get_by_role("heading", name="Questions for this call", level=2)).to_be_visible()
    if SCREENSHOT.parent.is_dir():
        desktop.screenshot(path=str(SCREENSHOT), full_page=True)

    field(desktop, "Annual budget of the project (yuan)").fill("125000.50")
    # Typing is saved a few seconds after it stops (static/js/autosave.js).
    expect(desktop.locator(".autosave-status")).to_contain_text("Saved at")
    assert NominationAnswer.objects.get(nomination=draft, question_id=budget).value == "125000.5"

    field(desktop, "In buildings").check()
    field(desktop, "Anything else the judges should know?").fill("Tested through two winters.")
    desktop.get_by_role("button", name="Save and continue").click()
    desktop.wait_for_url(re.compile(r"/edit/declarations/$"))

    desktop.get_by_role("link", name="Review and submit").click()
    section = desktop.locator("section", has=desktop.locator("#review-questions"))
    expect(section).to_contain_text("125000.5")
    expect(section).to_contain_text("In buildings")
    expect(section).to_contain_text("Tested through two winters.")
    assert "answers are missing" not in desktop.content()
    answers = dict(NominationAnswer.objects.filter(nomination=draft).values_list("question_id", "value"))
    assert (answers[used], answers[remarks]) == ("In buildings", "Tested through two winters.")
