"""No one-click mistakes, in the browser: a judge's "Submit scores" opens a dialog that says
the scores become final (cancelling sends nothing; confirming submits), an administrator's
"Shortlist" the same; without JavaScript the server asks on a page of its own. And the
results table holds its buttons in view at 1280 px and does not scroll sideways at 375 px
(measured in the page's own layout)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from wagtail.models import Site

from judging import services
from judging.models import AssignmentState
from nominations.models import Nomination
from tests.e2e.helpers import SECRET, code_on_a_still_clock
from tests.factories import PASSWORD, CallIndexPageFactory
from tests.judging.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCORES_FINAL = "Once submitted, your scores are final"
DECISION_BUTTONS = "button[value=shortlist], button[value=not_shortlist]"


@pytest.fixture
def world():
    return World(CallIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page))


def signed_in(browser, base, user, width=1280, javascript=True):
    page = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript).new_page()
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, SECRET)
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_login) button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    with code_on_a_still_clock(SECRET) as code:
        page.fill("input[name=code]", code)
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/)"))
    return page


def fill_scores(page, round_):
    for criterion in round_.criteria.all():
        score = page.locator(f"[name='score-{criterion.pk}']")
        if score.first.get_attribute("type") == "radio":
            page.locator(f"[name='score-{criterion.pk}'][value='{criterion.scale_max}']").check()
        else:
            score.fill(str(criterion.scale_max))


def test_a_judge_cancels_then_confirms_submitting_scores(live_server, browser, world):
    assignment = world.assign(world.nomination(), world.judges[1])
    page = signed_in(browser, live_server.url, world.judges[1].user, width=375)
    page.goto(live_server.url + f"/judging/assignments/{assignment.pk}/")
    fill_scores(page, world.round)
    dialog = page.locator("#confirm-submit-scores")

    page.get_by_role("button", name="Submit scores").click()
    assert dialog.evaluate("d => d.open")
    assert SCORES_FINAL in dialog.inner_text()
    assert "Only the panel's chair can reopen them" in dialog.inner_text()
    assert assignment.nomination.reference in dialog.locator("[data-confirm-subject]").inner_text()
    dialog.get_by_role("button", name="Keep editing").click()
    assert not dialog.evaluate("d => d.open")
    assignment.refresh_from_db()
    assert assignment.state != AssignmentState.SUBMITTED  # nothing was submitted
    assert page.get_by_role("button", name="Submit scores").is_enabled()  # and the form still works

    page.get_by_role("button", name="Submit scores").click()
    dialog.get_by_role("button", name="Submit my scores").click()
    page.locator("li.message--success").wait_for()
    assert "Your scores are submitted." in page.locator("li.message--success").inner_text()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_server_asks_before_submitting(live_server, browser, world):
    assignment = world.assign(world.nomination(), world.judges[1])
    page = signed_in(browser, live_server.url, world.judges[1].user, javascript=False)
    page.goto(live_server.url + f"/judging/assignments/{assignment.pk}/")
    fill_scores(page, world.round)

    page.get_by_role("button", name="Submit scores").click()
    page.locator("[data-confirm-page=submit-scores]").wait_for()
    assert SCORES_FINAL in page.locator("main").inner_text()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.IN_PROGRESS  # saved as a draft only

    page.get_by_role("button", name="Submit my scores").click()
    page.locator("li.message--success").wait_for()
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED


def ranked_round(world, count=5):
    """`count` eligible nominations with long titles in a closed, signed-off round; every
    other one short of scores (so its row has a reason field)."""
    nominations = []
    for n in range(count):
        nomination = world.nomination(title=f"A long innovation title number {n} for the cold-climate heat pump grid")
        judges = world.judges if n % 2 == 0 else world.judges[1:2]
        for judge in judges:
            assignment = world.assign(nomination, judge)
            criteria = world.round.criteria.all()
            services.save_scores(
                assignment_id=assignment.pk, user=judge.user, scores={c.pk: (c.scale_min + n % 3, "") for c in criteria}
            )
            services.submit_assignment(assignment_id=assignment.pk, user=judge.user)
        nominations.append(nomination)
    world.close_and_sign_off()
    return nominations


def test_an_administrator_cancels_then_confirms_a_shortlisting(live_server, browser, world):
    first = ranked_round(world, count=2)[0]
    page = signed_in(browser, live_server.url, world.admin)
    page.goto(live_server.url + world.url("results"))
    row = page.locator(f"tr[data-nomination='{first.pk}']")
    dialog = page.locator("#confirm-shortlist")

    row.get_by_role("button", name="Shortlist", exact=True).click()
    assert dialog.evaluate("d => d.open")
    assert first.reference in dialog.locator("[data-confirm-subject]").inner_text()
    assert "An awards administrator can undo it, with a reason" in dialog.inner_text()
    page.keyboard.press("Escape")  # cancels, as the Cancel button does
    assert not dialog.evaluate("d => d.open")
    assert Nomination.objects.get(pk=first.pk).state == "eligible"

    row.get_by_role("button", name="Shortlist", exact=True).click()
    dialog.get_by_role("button", name="Shortlist").click()
    page.locator("li.message--success").wait_for()
    assert Nomination.objects.get(pk=first.pk).state == "shortlisted"


def test_the_results_table_keeps_its_buttons_in_view(live_server, browser, world):
    ranked_round(world)
    page = signed_in(browser, live_server.url, world.admin)

    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + world.url("results"))
        boxes = page.eval_on_selector_all(
            DECISION_BUTTONS,
            "buttons => buttons.map(b => { const r = b.getBoundingClientRect(); return [r.left, r.right]; })",
        )
        assert len(boxes) == 10
        assert all(left >= 0 and right <= width for left, right in boxes), (width, boxes)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
