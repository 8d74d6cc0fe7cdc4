"""A nominator ticks their partners' regions in the browser: the script autosaves the
ticked boxes (static/js/autosave.js: a group of boxes posts each ticked value, its base is
their values comma-joined), unticking saves too, and typing another answer leaves the
ticked regions as they are."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def draft(home_page):
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home_page))
    nominator = UserFactory(email="regions@example.net")
    return NominationFactory(call=call, nominator=nominator, partner_regions=["datong"])


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def autosaved(page, step_url, change):
    with page.expect_response(lambda r: r.url == step_url and r.request.method == "POST") as info:
        change()
    return info.value


def test_ticked_regions_are_autosaved_and_kept_when_another_answer_changes(live_server, page, draft):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", draft.nominator.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    step_url = f"{live_server.url}/nominations/{draft.pk}/edit/nominee/"
    page.goto(step_url)
    expect(page.get_by_role("checkbox", name="Datong")).to_be_checked()

    response = autosaved(page, step_url, lambda: page.get_by_role("checkbox", name="Beijing-Tianjin-Hebei").check())
    assert response.status == 200
    expect(page.locator(".autosave-status")).to_have_text(re.compile(r"^Saved at "))
    draft.refresh_from_db()
    assert draft.partner_regions == ["datong", "jing_jin_ji"]

    response = autosaved(page, step_url, lambda: page.get_by_role("checkbox", name="Datong").uncheck())
    assert response.status == 200
    draft.refresh_from_db()
    assert draft.partner_regions == ["jing_jin_ji"]

    response = autosaved(page, step_url, lambda: page.get_by_label(re.compile(r"^\s*Nominee's name")).fill("Renamed"))
    assert response.status == 200
    assert "partner_regions" not in (response.request.post_data or "")
    draft.refresh_from_db()
    assert (draft.nominee_name, draft.partner_regions) == ("Renamed", ["jing_jin_ji"])

    page.reload()
    expect(page.get_by_role("checkbox", name="Beijing-Tianjin-Hebei")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Datong")).not_to_be_checked()
