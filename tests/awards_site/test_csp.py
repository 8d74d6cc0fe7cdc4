"""The Content-Security-Policy (awards_site.content_security) and the HTML it relies on.

A crawl of the demo site as a visitor, a nominator, a judge and a panel chair: every page
carries the strict policy with a fresh nonce, and no page has a style attribute, an inline
script or style element without that nonce, an on*= event handler, a javascript: URL, or
anything loaded from another host. The admin gets its own relaxed policy, nothing more."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

from wagtail.models import Page

from accounts.mfa import activate_totp
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self' 'nonce-{nonce}'",
    "style-src": "'self' 'nonce-{nonce}'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
ADMIN = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'self'",
    "form-action": "'self'",
}
# Not crawled: other handlers (files, feeds), state changes behind a GET link, the admin.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/i18n/", "/accounts/logout/", "/winners/feed/")
SKIPPED_SUFFIXES = (".xml", ".css", ".ico", ".svg", ".pdf", ".jpg", ".png")
PAGES_PER_VISITOR = 45
# Scripts a browser never runs (allauth's pages hand their JavaScript data this way):
# script-src does not apply to them.
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def _policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, response.request["PATH_INFO"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def _nonce(policy):
    match = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", policy.get("script-src", ""))
    return match.group(1) if match else None


def _problems_in_html(path, html, nonce):
    """What the strict policy would refuse, or what would load from another host."""
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if attribute == "style":
                problems.append(f"{path}: style attribute on <{tag.name}>")
            elif attribute.startswith("on"):
                problems.append(f"{path}: event handler {attribute}= on <{tag.name}>")
            elif attribute in {"href", "src", "action", "formaction"} and str(value).strip().lower().startswith(
                "javascript:"
            ):
                problems.append(f"{path}: javascript: URL in {attribute}= on <{tag.name}>")
        for attribute in ("src", "srcset", "poster", "data"):
            for url in re.split(r",\s*", tag.get(attribute) or ""):
                host = urlsplit(url.strip().split(" ")[0]).netloc
                if host and host not in {"testserver"}:
                    problems.append(f"{path}: <{tag.name} {attribute}> from another host: {url}")
        if tag.name == "link" and tag.get("rel") and {"stylesheet", "icon", "preload"} & set(tag["rel"]):
            host = urlsplit(tag.get("href", "")).netloc
            if host and host != "testserver":
                problems.append(f"{path}: <link> loads from another host: {tag['href']}")
    for tag in soup.find_all(["script", "style"]):
        if tag.name == "script" and (tag.get("src") or tag.get("type") in DATA_BLOCK_TYPES):
            continue
        if tag.get("nonce") != nonce:
            problems.append(f"{path}: inline <{tag.name}> without the response's nonce")
    return problems


def _crawl(client, starts, within=("/",)):
    """Follows this site's links under `within` breadth-first from `starts`; returns
    {path: problems}."""
    seen, queue, checked = set(starts), list(starts), {}
    while queue and len(checked) < PAGES_PER_VISITOR:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        policy = _policy(response)
        nonce = _nonce(policy)
        expected = {k: v.format(nonce=nonce) for k, v in STRICT.items()}
        problems = [] if policy == expected else [f"{path}: policy {policy}"]
        html = response.content.decode()
        problems += _problems_in_html(path, html, nonce)
        checked[path] = problems
        for href in re.findall(r'href="([^"#]+)', html):
            parts = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if parts.netloc not in {"", "testserver"}:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link in seen or link.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
                continue
            if not link.startswith(within):
                continue
            seen.add(link)
            queue.append(link)
    return checked


def _url_names(paths):
    names = set()
    for path in paths:
        language = get_language_from_path(urlsplit(path).path) or "en"
        try:
            with translation.override(language):
                match = resolve(urlsplit(path).path)
        except Resolver404:
            continue
        if match.url_name == "wagtail_serve":
            route = urlsplit(path).path.removeprefix(f"/{language}")
            page = Page.objects.filter(url_path__endswith=route if route != "/" else "/home/").first()
            names.add(type(page.specific).__name__ if page else "wagtail_serve")
        else:
            names.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    return names


@pytest.fixture
def demo(demo_site):
    """The demo, loaded once for the module (tests/conftest.py)."""


def _client_for(email):
    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))  # the demo's staff and judges have an authenticator
    return client


@pytest.mark.parametrize(
    ("email", "starts", "within", "must_visit"),
    [
        (
            None,
            [
                "/en/",
                "/zh-hans/",
                "/en/search/?q=innovation",
                "/accounts/login/",
                "/accounts/signup/",
                "/accounts/password/reset/",
            ],
            ("/",),
            {
                "HomePage",
                "CallIndexPage",
                "CallPage",
                "WinnersIndexPage",
                "WinnerStoryPage",
                "search",
                "account_login",
                "account_signup",
            },
        ),
        (
            "nominator@example.org",
            ["/nominations/", "/accounts/email/"],
            ("/nominations/", "/nominate/", "/accounts/"),
            {"nominations:mine", "nominations:step", "nominations:review", "nominations:detail"},
        ),
        ("judge1@example.org", ["/judging/"], ("/judging/",), {"judging:dashboard", "judging:assignment"}),
        ("chair@example.org", ["/judging/panels/"], ("/judging/",), {"judging:panels", "judging:panel"}),
    ],
    ids=["visitor", "nominator", "judge", "chair"],
)
def test_every_page_has_the_strict_policy_and_nothing_inline(demo, email, starts, within, must_visit):
    checked = _crawl(_client_for(email), starts, within)

    assert must_visit <= _url_names(checked), sorted(_url_names(checked))
    assert [problem for problems in checked.values() for problem in problems] == []


def test_each_response_gets_a_fresh_nonce(client, home_page):
    first, second = _nonce(_policy(client.get("/en/"))), _nonce(_policy(client.get("/en/")))
    assert first and second and first != second


def test_a_page_served_from_the_page_cache_still_gets_the_policy(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/en/")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "hit"
    policy = _policy(response)
    assert policy == {k: v.format(nonce=_nonce(policy)) for k, v in STRICT.items()}


def test_a_page_that_used_the_nonce_is_not_stored_by_the_page_cache(rf, settings):
    from django.http import HttpResponse

    from awards_site.content_security import SiteCSPMiddleware
    from home.middleware import PageCacheMiddleware

    settings.PAGE_CACHE_SECONDS = 300

    def inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    stack = SiteCSPMiddleware(PageCacheMiddleware(inline_script))
    states = []
    for _ in range(2):
        request = rf.get("/with-inline-script/")
        request.COOKIES.clear()
        response = stack(request)
        states.append(response["X-Page-Cache"])
        nonce = _nonce(_policy(response))
        assert f'nonce="{nonce}"' in response.content.decode()
    assert states == ["miss", "miss"]


def test_the_admin_gets_its_own_policy_without_a_nonce(client, home_page):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(superuser)  # the admin asks staff for two factors (accounts.middleware)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _policy(response) == ADMIN


def test_the_category_style_sheet_gives_each_category_its_colour(client, home_page):
    from nominations.models import Category

    category = Category.objects.get(code="TEC")
    category.colour = "#123abc"
    category.save()
    response = client.get("/categories.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert ".category-tec { --category-colour: #123abc; }\n" in response.content.decode()
    assert response.content.decode().count("--category-colour") == Category.objects.count()
