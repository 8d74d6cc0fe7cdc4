"""Two tabs on one draft: each tab's autosave writes only what it changed, so answers
changed in different tabs are both kept; when both change the same answer, the later tab
is shown both texts and keeps its own, and never says "Saved" meanwhile."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.conf import settings

from nominations.models import Nomination
from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"
SCREENSHOT = "/work/helpers/conflict.png"


@pytest.fixture
def draft(home_page):
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home_page))
    nominator = UserFactory(email="two-tabs@example.net")
    return NominationFactory(call=call, nominator=nominator, title="Original title", summary="Original summary.")


@pytest.fixture
def two_tabs(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page(), context.new_page()
    context.close()


def _sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def field(page, label):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def autosaved(page, step_url, change):
    """Makes `change` on the page and returns the autosave's response (the script waits
    for typing to stop)."""
    with page.expect_response(lambda r: r.url == step_url and r.request.method == "POST") as info:
        change()
    return info.value


def test_two_tabs_keep_both_answers_and_show_both_texts_of_one_answer(live_server, two_tabs, draft):
    tab_a, tab_b = two_tabs
    _sign_in(tab_a, live_server.url, draft.nominator.email)  # the context's other tab shares the session
    step_url = f"{live_server.url}/nominations/{draft.pk}/edit/innovation/"
    tab_a.goto(step_url)
    tab_b.goto(step_url)  # the same session: a second tab

    # Different answers in each tab: both kept.
    a = autosaved(tab_a, step_url, lambda: field(tab_a, "Title of the innovation").fill("Title from tab A"))
    b = autosaved(tab_b, step_url, lambda: field(tab_b, "Short summary").fill("Summary from tab B."))
    assert (a.status, b.status) == (200, 200)
    expect(tab_b.locator(".autosave-status")).to_have_text(re.compile(r"^Saved at "))
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Title from tab A", "Summary from tab B.")

    # Both change the title: tab B's page was based on the original title.
    a = autosaved(tab_a, step_url, lambda: field(tab_a, "Title of the innovation").fill("Second title from tab A"))
    b = autosaved(tab_b, step_url, lambda: field(tab_b, "Title of the innovation").fill("Title from tab B"))
    assert (a.status, b.status) == (200, 409)

    notice = tab_b.locator(".conflict[data-conflict-for='title']")
    expect(notice).to_be_visible()
    expect(notice.locator("[data-conflict-stored]")).to_have_text("Second title from tab A")
    expect(notice.locator("[data-conflict-yours]")).to_have_text("Title from tab B")
    expect(tab_b.locator(".autosave-status")).to_have_text(re.compile(r"^Not saved: an answer was changed"))
    expect(field(tab_b, "Title of the innovation")).to_have_value("Title from tab B")
    assert _serious_violations(tab_b) == []
    notice.scroll_into_view_if_needed()
    tab_b.screenshot(path=SCREENSHOT, clip=_around(notice.bounding_box(), tab_b))
    draft.refresh_from_db()
    assert draft.title == "Second title from tab A"

    # Tab B keeps its own version.
    kept = autosaved(tab_b, step_url, lambda: notice.get_by_role("button", name="Keep my version").click())
    assert kept.status == 200
    expect(notice).to_have_count(0)
    expect(tab_b.locator(".autosave-status")).to_have_text(re.compile(r"^Saved at "))
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Title from tab B", "Summary from tab B.")

    # Tab A, now behind, changes the title again and this time takes the saved version.
    autosaved(tab_a, step_url, lambda: field(tab_a, "Title of the innovation").fill("Third title from tab A"))
    notice_a = tab_a.locator(".conflict[data-conflict-for='title']")
    expect(notice_a.locator("[data-conflict-stored]")).to_have_text("Title from tab B")
    notice_a.get_by_role("button", name="Use the saved version").click()
    expect(notice_a).to_have_count(0)
    expect(field(tab_a, "Title of the innovation")).to_have_value("Title from tab B")
    expect(tab_a.locator(".autosave-status")).to_have_text("The saved version is back in the field.")
    assert Nomination.objects.get(pk=draft.pk).title == "Title from tab B"


def _serious_violations(page):
    """axe-core's serious and critical findings on the page as it is (the conflict shown)."""
    page.evaluate((Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))}))"""
    )
    return [v for v in found if v["impact"] in {"serious", "critical"}]


def _around(box, page):
    """The notice with the field above it, for the screenshot."""
    top = max(box["y"] - 160, 0)
    return {"x": 0, "y": top, "width": page.viewport_size["width"], "height": box["height"] + (box["y"] - top) + 20}


def test_saving_the_whole_step_from_an_old_tab_shows_both_texts_on_the_page(live_server, two_tabs, draft):
    tab_a, tab_b = two_tabs
    _sign_in(tab_a, live_server.url, draft.nominator.email)  # the context's other tab shares the session
    step_url = f"{live_server.url}/nominations/{draft.pk}/edit/innovation/"
    tab_a.goto(step_url)
    tab_b.goto(step_url)
    autosaved(tab_b, step_url, lambda: field(tab_b, "Title of the innovation").fill("Title from tab B"))

    # Tab A saves the whole step with its button before its own autosave runs.
    field(tab_a, "Title of the innovation").fill("Title from tab A")
    field(tab_a, "What is new").fill("Novelty from tab A.")
    with tab_a.expect_response(lambda r: r.url == step_url and r.request.method == "POST") as info:
        tab_a.get_by_role("button", name="Save draft").click()
    assert info.value.status == 409

    expect(tab_a.get_by_role("alert")).to_contain_text("Not saved: an answer was changed in another tab or window")
    notice = tab_a.locator(".conflict[data-conflict-for='title']")
    expect(notice.locator("[data-conflict-stored]")).to_have_text("Title from tab B")
    expect(notice.locator("[data-conflict-yours]")).to_have_text("Title from tab A")
    expect(field(tab_a, "Title of the innovation")).to_have_value("Title from tab A")
    expect(field(tab_a, "What is new")).to_have_value("Novelty from tab A.")
    draft.refresh_from_db()
    assert (draft.title, draft.novelty) == ("Title from tab B", "Novelty from tab A.")

    notice.get_by_role("button", name="Use the saved version").click()
    expect(notice).to_have_count(0)
    expect(field(tab_a, "Title of the innovation")).to_have_value("Title from tab B")
    with tab_a.expect_response(lambda r: r.request.method == "POST") as info:
        tab_a.get_by_role("button", name="Save draft").click()
    assert info.value.status == 302
    draft.refresh_from_db()
    assert (draft.title, draft.novelty) == ("Title from tab B", "Novelty from tab A.")
