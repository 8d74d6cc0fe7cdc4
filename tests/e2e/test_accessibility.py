"""Accessibility: axe-core (the npm package, package.json) runs in the browser on the pages
each kind of person uses, in both languages, and finds no serious or critical violation.

The script comes from node_modules (`make install` runs `npm ci`; .ci/run makes sure npm is
there). The pages come from the demo, loaded once for the module's one test."""

import json
from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale

from accounts.models import User
from judging.models import Assignment, Panel
from nominations.models import CallPage, Nomination, NominationFile, WinnersIndexPage, WinnerStoryPage
from nominations.winners import public_stories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
LANGUAGES = ("zh-hans", "en")


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci` (make install does when npm exists).")
    return AXE.read_text()


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo_data refuses otherwise
    call_command("load_demo_data", stdout=StringIO())
    settings.DEBUG = False


def _violations(page, axe_source, url):
    response = page.goto(url)
    assert response.status == 200, url
    return _axe(page, axe_source, url)


def _axe(page, axe_source, label):
    page.wait_for_load_state("load")
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [dict(v, page=label) for v in result if v["impact"] in SERIOUS]


def _session_cookie(live_server, email):
    client = Client()
    client.force_login(User.objects.get(email=email))  # the demo's staff and judges have an authenticator
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def _public_paths(language):
    call = CallPage.objects.live().order_by("-cycle__year", "category__sort_order").first()
    story = public_stories().first()
    index = WinnersIndexPage.objects.live().first()
    locale = Locale.objects.get(language_code=language)
    pages = [p.get_translation_or_none(locale) or p for p in (call, index, story)]
    return [f"/{language}/", *(p.url for p in pages)]


def _nominator_paths():
    draft = Nomination.objects.filter(nominator__email="nominator@example.org", state="draft").first()
    submitted = Nomination.objects.filter(nominator__email="nominator@example.org").exclude(state="draft").first()
    steps = [
        reverse("nominations:files", args=[draft.pk])
        if slug == "files"
        else reverse("nominations:step", args=[draft.pk, slug])
        for slug in _step_slugs(draft)
    ]
    return [
        reverse("nominations:mine"),
        *steps,
        reverse("nominations:review", args=[draft.pk]),
        reverse("nominations:detail", args=[submitted.pk]),
    ]


def _step_slugs(nomination):
    from nominations.questions import steps_for  # the call's own questions add a step

    return [slug for slug, _label, _fields in steps_for(nomination.call)]


def _judge_paths():
    assignment = (
        Assignment.objects.filter(round__closed_at__isnull=True)
        .exclude(state="recused")
        .select_related("judge__user")
        .order_by("pk")
        .first()
    )
    return assignment.judge.user.email, ["/judging/", reverse("judging:assignment", args=[assignment.pk])]


def _chair_paths():
    # The chair's latest panel with judged nominations: its round's results.
    for panel in Panel.objects.filter(chair__user__email="chair@example.org").order_by("-cycle__year"):
        judged = Assignment.objects.filter(round__cycle_id=panel.cycle_id, nomination__call__category=panel.category_id)
        round_id = judged.order_by("round__number").values_list("round_id", flat=True).first()
        if round_id:
            return ["/judging/panels/", reverse("judging:results", args=[round_id, panel.category.code])]
    raise AssertionError("The demo's chair has no judged panel.")


def _admin_paths():
    nomination = NominationFile.objects.filter(kind="image").exclude(nomination__state="draft").first().nomination
    return [
        "/admin/",
        reverse("wagtailsnippets_nominations_nomination:list"),
        reverse("wagtailsnippets_nominations_nomination:inspect", args=[nomination.pk]),
        reverse("wagtailadmin_pages:edit", args=[CallPage.objects.first().pk]),
        reverse("wagtailadmin_pages:edit", args=[WinnerStoryPage.objects.first().pk]),
    ]


def test_the_main_pages_have_no_serious_accessibility_violation(demo, live_server, browser, axe_source):
    judge_email, judge_paths = _judge_paths()
    people = [
        (None, None),
        ("nominator@example.org", _nominator_paths()),
        (judge_email, judge_paths),
        ("chair@example.org", _chair_paths()),
        ("admin@example.org", _admin_paths()),
    ]
    found, visited = [], 0
    for language in LANGUAGES:
        for email, paths in people:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            if email:
                cookies.append(_session_cookie(live_server, email))
            context.add_cookies(cookies)
            page = context.new_page()
            for path in paths or _public_paths(language):
                found += _violations(page, axe_source, live_server.url + path)
                assert page.evaluate("document.documentElement.lang").lower() == language, path
                visited += 1
            if email == "nominator@example.org":
                # A message after saving (the site's flash messages), without JavaScript's help.
                page.goto(live_server.url + paths[1])
                page.locator("form button[type=submit]").first.click()
                expect(page.locator(".messages li")).to_have_count(1)
                found += _axe(page, axe_source, f"{paths[1]} after saving")
            context.close()
    assert visited >= 2 * 20
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)
