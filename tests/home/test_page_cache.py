"""The page cache for anonymous visitors (home.middleware, core.cache, home.signals) and
the footer's language links (home.views.set_language_get)."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.views.decorators.cache import never_cache

from wagtail.models import Page

from accounts.models import User
from core.cache import purge_page_cache
from home.middleware import PageCacheMiddleware
from home.models import StandardPage

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    # The test settings' caches are shared ones (database tables), as in development.
    settings.PAGE_CACHE_SECONDS = 300


def _get(client, path="/en/", **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def _cache_state(response):
    return response.headers.get(HEADER)


def _standard_page(parent, slug="about", title="About the awards", live=True, **fields):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, show_in_menus=True, live=live, **fields))
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_without_the_sites_tables(client):
    first = _get(client)
    assert _cache_state(first) == "miss"

    with CaptureQueriesContext(connection) as queries:
        second = _get(client)

    assert _cache_state(second) == "hit"
    # Two reads of the pages' cache table (the generation, then the page), nothing else.
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"`') for q in queries.captured_queries]
    assert tables == ["awards_page_cache", "awards_page_cache"]
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["Content-Language"] == "en"
    assert "Cookie" in second["Vary"]
    # Nothing personal in what every visitor gets: no CSRF token, no Wagtail user bar.
    assert b"csrfmiddlewaretoken" not in second.content
    assert b"wagtail-userbar" not in second.content
    assert not second.cookies


@pytest.mark.django_db
def test_head_is_served_from_what_a_get_stored(client):
    _get(client)
    response = client.head("/en/")
    assert response.status_code == 200
    assert _cache_state(response) == "hit"


@pytest.mark.django_db
def test_publishing_a_page_purges_the_cache_and_the_menu_shows_it(client, home_page):
    assert b"About the awards" not in _get(client).content
    assert _cache_state(_get(client)) == "hit"

    _standard_page(home_page, live=False)

    response = _get(client)
    assert _cache_state(response) == "miss"
    assert b"About the awards" in response.content
    assert b'href="/en/about/"' in response.content


@pytest.mark.django_db
def test_unpublishing_a_page_purges_the_cache(client, home_page):
    page = _standard_page(home_page)
    assert b"About the awards" in _get(client).content
    assert _cache_state(_get(client)) == "hit"

    page.unpublish()

    response = _get(client)
    assert _cache_state(response) == "miss"
    assert b"About the awards" not in response.content


@pytest.mark.django_db
def test_moving_and_deleting_a_page_purge_the_cache(client, home_page):
    about = _standard_page(home_page)
    history = _standard_page(home_page, slug="history", title="Our history")
    _get(client, "/en/about/")
    assert _cache_state(_get(client, "/en/about/")) == "hit"

    history.move(about, pos="last-child")
    assert _cache_state(_get(client, "/en/about/")) == "miss"
    assert _cache_state(_get(client, "/en/about/")) == "hit"

    history.delete()
    assert _cache_state(_get(client, "/en/about/")) == "miss"


@pytest.mark.django_db
def test_any_page_deletion_purges_the_cache(client, home_page):
    # A live page's deletion also sends page_unpublished; a draft's only post_delete.
    draft = home_page.add_child(instance=StandardPage(title="Draft", slug="draft", live=False))
    _get(client)
    Page.objects.filter(pk=draft.pk).delete()
    assert _cache_state(_get(client)) == "miss"


@pytest.mark.django_db
def test_purge_page_cache_forgets_every_page(client):
    _get(client)
    _get(client, "/en/?page=2")
    purge_page_cache()
    assert _cache_state(_get(client)) == "miss"
    assert _cache_state(_get(client, "/en/?page=2")) == "miss"


@pytest.mark.django_db
def test_editing_a_cycle_purges_the_cache(client):
    from tests.factories import AwardCycleFactory

    _get(client)
    AwardCycleFactory()
    assert _cache_state(_get(client)) == "miss"


@pytest.mark.django_db
def test_signed_in_users_are_never_served_from_nor_fill_the_cache(client):
    _get(Client())  # an anonymous visitor fills the cache
    user = User.objects.create_user(email="someone@example.net", password="pw-1")
    client.force_login(user)

    for _ in range(2):
        response = _get(client)
        assert HEADER not in response.headers
        assert b"Sign out" in response.content

    # And what a signed-in user saw was not stored for anyone.
    purge_page_cache()
    _get(client)
    assert _cache_state(_get(Client())) == "miss"


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_session_or_messages_cookie_bypasses_the_cache(client, cookie):
    _get(Client())
    client.cookies[cookie] = "anything"
    assert HEADER not in _get(client).headers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/nominations/", "/judging/", "/admin/", "/i18n/set/en/?next=/", "/media/x.png"]
)
def test_excluded_prefixes_are_never_cached(client, path):
    for _ in range(2):
        assert HEADER not in client.get(path).headers


@pytest.mark.django_db
def test_the_query_string_is_part_of_the_key(client):
    assert _cache_state(_get(client, "/en/?utm=1")) == "miss"
    assert _cache_state(_get(client, "/en/?utm=1")) == "hit"
    assert _cache_state(_get(client, "/en/?utm=2")) == "miss"
    assert _cache_state(_get(client, "/en/")) == "miss"


@pytest.mark.django_db
def test_each_language_is_cached_separately(client, home_page):
    english = _get(client)
    assert b'<html lang="en">' in english.content

    chinese = _get(client, "/zh-hans/")
    assert _cache_state(chinese) == "miss"
    assert b'<html lang="zh-hans">' in chinese.content
    assert b'rel="nofollow">English</a>' in chinese.content  # each language named in itself
    again = _get(client, "/zh-hans/")
    assert _cache_state(again) == "hit"
    assert again.content == chinese.content

    back = _get(client)
    assert _cache_state(back) == "hit"
    assert back.content == english.content


@pytest.mark.django_db
def test_publishing_a_translation_purges_both_languages(client, home_page):
    from tests.factories import translate_page

    about = _standard_page(home_page)
    translate_page(home_page, "zh-hans")
    _get(client, "/en/about/")
    assert _cache_state(_get(client, "/en/about/")) == "hit"
    _get(client, "/zh-hans/")
    assert _cache_state(_get(client, "/zh-hans/")) == "hit"

    translate_page(about, "zh-hans", title="关于评选")

    assert _cache_state(_get(client, "/en/about/")) == "miss"
    chinese = _get(client, "/zh-hans/")
    assert _cache_state(chinese) == "miss"
    assert "关于评选" in chinese.content.decode()  # the Chinese menu shows the new page
    assert _cache_state(_get(client, "/zh-hans/about/")) == "miss"


@pytest.mark.django_db
def test_footer_links_each_language_and_marks_the_current_one(client, home_page):
    _standard_page(home_page)
    soup = BeautifulSoup(_get(client, "/en/about/?a=1&b=2").content, "html.parser")
    nav = soup.select_one("footer nav[aria-label=Language]")
    links = {a["lang"]: a for a in nav.select("a")}
    assert links["en"]["href"] == "/i18n/set/en/?next=/en/about/%3Fa%3D1%26b%3D2"
    assert links["zh-hans"]["href"] == "/i18n/set/zh-hans/?next=/en/about/%3Fa%3D1%26b%3D2"
    assert links["en"]["aria-current"] == "true"
    assert "aria-current" not in links["zh-hans"].attrs
    assert links["zh-hans"].get_text(strip=True) == "简体中文"
    assert links["en"].get_text(strip=True) == "English"
    assert soup.select("footer form") == []


@pytest.mark.django_db
def test_language_switch_sets_the_cookie_and_returns_to_a_page_on_this_site(client, settings):
    response = client.get("/i18n/set/zh-hans/?next=/calls/%3Fyear%3D2026")
    assert response.status_code == 302
    assert response["Location"] == "/calls/?year=2026"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "zh-hans"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE or settings.LANGUAGE_COOKIE_AGE is None
    assert cookie["path"] == "/"
    # Never sent with another site's requests, never readable by scripts; not Secure over
    # plain HTTP in development (production sets it: tests/awards_site/test_settings.py).
    assert (cookie["samesite"], cookie["httponly"], cookie["secure"]) == ("Lax", True, "")


@pytest.mark.django_db
def test_language_cookie_is_secure_where_the_settings_say_so(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    cookie = client.get("/i18n/set/zh-hans/?next=/").cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie["samesite"], cookie["httponly"], cookie["secure"]) == ("Lax", True, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)", ""],
)
def test_language_switch_refuses_to_leave_the_site(client, next_url):
    response = client.get("/i18n/set/en/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_404s_for_an_unknown_language(client, settings):
    response = client.get("/i18n/set/fr/?next=/")
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_language_switch_takes_no_post(client):
    assert client.post("/i18n/set/en/").status_code == 405


@pytest.mark.django_db
def test_zero_seconds_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert HEADER not in _get(client).headers


@pytest.mark.django_db
def test_a_missing_page_is_not_cached(client):
    for _ in range(2):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        assert _cache_state(response) == "miss"


# What the middleware refuses to store, with a view of its own.


def _csrf_view(request):
    from django.middleware.csrf import get_token

    return HttpResponse(get_token(request))


def _cookie_view(request):
    response = HttpResponse("ok")
    response.set_cookie("chosen", "1")
    return response


@never_cache
def _never_cache_view(request):
    return HttpResponse("ok")


def _private_view(request):
    return HttpResponse("ok", headers={"Cache-Control": "max-age=60, private"})


def _vary_view(request):
    return HttpResponse("ok", headers={"Vary": "User-Agent"})


def _session_view(request):
    request.session["seen"] = True
    return HttpResponse("ok")


def _served(view, rf):
    from django.contrib.sessions.backends.cache import SessionStore

    middleware = PageCacheMiddleware(view)
    states = []
    for _ in range(2):
        request = rf.get("/some/page/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        states.append(middleware(request)[HEADER])
    return states


@pytest.mark.django_db  # the page cache is a database table in tests
@pytest.mark.parametrize(
    "view", [_csrf_view, _cookie_view, _never_cache_view, _private_view, _vary_view, _session_view]
)
def test_responses_for_one_visitor_are_not_stored(rf, view):
    assert _served(view, rf) == ["miss", "miss"]


@pytest.mark.django_db
def test_a_plain_response_is_stored(rf):
    assert _served(lambda request: HttpResponse("ok"), rf) == ["miss", "hit"]
