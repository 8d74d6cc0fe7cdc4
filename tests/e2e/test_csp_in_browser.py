"""The Content-Security-Policy in a real browser: Chromium reports no violation on the main
pages of the demo site (public, account, nominator, judge, chair, and a few admin pages
under the admin's own policy), and the nomination form's autosave still works."""

import re
from io import StringIO

import pytest
from playwright.sync_api import expect

from django.core.management import call_command
from django.test import Client

from wagtail.models import Site

from accounts.models import User
from nominations.models import CallIndexPage, CallPage, Nomination, WinnersIndexPage
from nominations.winners import public_stories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Records what the browser refused, whether or not it also logs it to the console.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo_data refuses otherwise
    call_command("load_demo_data", stdout=StringIO())
    settings.DEBUG = False


@pytest.fixture
def open_browser(browser, live_server):
    """A desktop browser context for a demo user (None: a visitor), with its refusals."""
    contexts = []

    def open_as(email):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        if email:
            # A signed-in session made by Django (the demo's staff and judges have an
            # authenticator), so no one types a one-time code here.
            client = Client()
            client.force_login(User.objects.get(email=email))
            session = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        return page, console

    yield open_as
    for context in contexts:
        context.close()


def _refusals(page, console, base, paths):
    refused = []
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        refused += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        refused += [f"{path}: {text}" for text in console if "Refused to" in text or "Content Security Policy" in text]
        console.clear()
    return refused


def _main_pages_cause_no_csp_violation(live_server, open_browser):
    call = CallPage.objects.live().order_by("-cycle__year", "category__sort_order").first()
    story = public_stories().first()
    public = [
        "/",
        CallIndexPage.objects.live().first().url,
        call.url,
        WinnersIndexPage.objects.live().first().url,
        story.url,
        "/en/search/?q=innovation",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]
    page, console = open_browser(None)
    assert _refusals(page, console, live_server.url, public) == []

    nominator = User.objects.get(email="nominator@example.org")
    draft = Nomination.objects.filter(nominator=nominator, state="draft").first()
    page, console = open_browser(nominator.email)
    nominator_pages = [
        "/nominations/",
        f"/nominations/{draft.pk}/",
        f"/nominations/{draft.pk}/edit/nominee/",
        f"/nominations/{draft.pk}/review/",
        "/accounts/email/",
    ]
    assert _refusals(page, console, live_server.url, nominator_pages) == []

    judge = User.objects.get(email="judge1@example.org")
    assignment = judge.judge_profile.assignments.exclude(state="recused").first()
    page, console = open_browser(judge.email)
    judge_pages = ["/judging/", f"/judging/assignments/{assignment.pk}/"]
    assert _refusals(page, console, live_server.url, judge_pages) == []

    page, console = open_browser("chair@example.org")
    assert _refusals(page, console, live_server.url, ["/judging/panels/"]) == []


def _admin_pages_cause_no_csp_violation_under_the_admin_policy(live_server, open_browser):
    home = Site.objects.get(is_default_site=True).root_page
    page, console = open_browser("admin@example.org")
    admin_pages = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/images/",
        "/admin/account/",
    ]
    assert _refusals(page, console, live_server.url, admin_pages) == []
    assert "gravatar" not in page.content()
    # The public site for an editor: Wagtail's user bar under the strict policy.
    assert _refusals(page, console, live_server.url, ["/", public_stories().first().url]) == []
    assert page.locator("wagtail-userbar").count() == 1  # its script made it from the template


def _autosave_works_under_the_policy(live_server, open_browser):
    nominator = User.objects.get(email="nominator@example.org")
    draft = Nomination.objects.filter(nominator=nominator, state="draft").first()
    page, _ = open_browser(nominator.email)
    page.goto(f"{live_server.url}/nominations/{draft.pk}/edit/impact/")
    page.get_by_label("Evidence").fill("Typed under a strict policy.")
    # Not wait_for_function: it evaluates a string, which the policy (no 'unsafe-eval') refuses.
    expect(page.locator(".autosave-status")).to_have_text(re.compile(r"^Saved at"))
    draft.refresh_from_db()
    assert draft.evidence == "Typed under a strict policy."
    assert page.evaluate("window.__cspViolations") == []


def test_the_pages_cause_no_csp_violation_and_autosave_works_under_the_policy(demo, live_server, open_browser):
    # One test, so the demo is loaded once (a browser test's data cannot be shared between
    # tests): the public and personal pages, the admin's under its own policy, then the
    # autosave (the only part that changes data).
    _main_pages_cause_no_csp_violation(live_server, open_browser)
    _admin_pages_cause_no_csp_violation_under_the_admin_policy(live_server, open_browser)
    _autosave_works_under_the_policy(live_server, open_browser)
