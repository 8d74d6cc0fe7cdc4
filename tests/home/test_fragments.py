"""Fragments kept under the page cache's purge generation (home.fragments.cached_fragment, the
{% cached_fragment %} tag, the header's chrome, home.routing): what renews them, and that
nothing personal and nothing of another language is ever shared."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from core.cache import current_generation, purge_page_cache
from home.fragments import COUNTDOWN_SECONDS, cached_fragment, fragment_seconds
from home.models import HomePage, SiteSettings, StandardPage
from tests.factories import AwardCycleFactory, UserFactory, translate_page


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    # Off in the test settings (as the page cache is); these tests are about them.
    settings.FRAGMENT_CACHE_SECONDS = 300


def _html(client, path="/en/", status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def _heading(html):
    return BeautifulSoup(html, "html.parser").select_one(".hero h1").get_text(strip=True)


def _nav(html):
    return [a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select(".site-nav a")]


@pytest.mark.django_db
def test_a_kept_fragment_is_served_until_the_cache_is_purged(client, home_page):
    assert _heading(_html(client)) == home_page.hero_heading
    # A change no signal announces: the kept home page body still shows the old heading...
    HomePage.objects.filter(pk=home_page.pk).update(hero_heading="Changed in the database")
    assert _heading(_html(client)) == home_page.hero_heading
    # ...until a purge, which renews every fragment with the pages.
    purge_page_cache()
    assert _heading(_html(client)) == "Changed in the database"


@pytest.mark.django_db
def test_publishing_the_page_renews_its_fragments(client, home_page):
    _html(client)
    home_page.hero_heading = "A new season of awards"
    home_page.save_revision().publish()
    assert _heading(_html(client)) == "A new season of awards"


@pytest.mark.django_db
def test_publishing_a_menu_page_renews_every_pages_header(client, home_page, call_index):
    assert "About us" not in _nav(_html(client, call_index.url))
    about = home_page.add_child(instance=StandardPage(title="About us", slug="about-us", show_in_menus=True))
    about.save_revision().publish()
    assert "About us" in _nav(_html(client, call_index.url))


@pytest.mark.django_db
def test_saving_the_site_settings_renews_the_sites_name(client, home_page):
    assert "Mentioned Nowhere Awards" not in _html(client)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name_en = "Mentioned Nowhere Awards"
    settings.save()
    header = BeautifulSoup(_html(client), "html.parser").select_one(".brand").get_text(strip=True)
    assert header == "Mentioned Nowhere Awards"


@pytest.mark.django_db
def test_signed_in_links_are_never_shared_with_other_visitors(home_page, call_index):
    visitor, member = Client(), Client()
    member.force_login(UserFactory())
    for first, second in [(visitor, member), (member, visitor)]:
        purge_page_cache()
        for client in (first, second):
            _html(client)  # each fills or reads the same fragments
    visitor_nav, member_nav = _nav(_html(visitor)), _nav(_html(member))
    assert "Sign in" in visitor_nav and "Sign out" not in visitor_nav
    assert "Sign out" in member_nav and "My nominations" in member_nav and "Sign in" not in member_nav
    # The sign-in link returns to the page the visitor is on, whoever filled the fragments.
    soup = BeautifulSoup(_html(visitor, call_index.url), "html.parser")
    sign_in = next(a for a in soup.select(".site-nav a") if a.get_text(strip=True) == "Sign in")
    assert sign_in["href"].endswith("?next=" + call_index.url)
    assert "csrfmiddlewaretoken" not in _html(member)


@pytest.mark.django_db
def test_each_language_gets_its_own_fragments(client, home_page):
    translate_page(home_page, title="首页", hero_heading="城市创新奖")
    english = _html(client, "/en/")
    chinese = _html(client, "/zh-hans/")
    assert _heading(english) == home_page.hero_heading
    assert _heading(chinese) == "城市创新奖"
    # Read again, each from its own fragments.
    assert _heading(_html(client, "/en/")) == home_page.hero_heading
    assert _heading(_html(client, "/zh-hans/")) == "城市创新奖"
    assert '<html lang="en">' in english and '<html lang="zh-hans">' in chinese


@pytest.mark.django_db
def test_an_unpublished_page_is_no_longer_routed(client, call_index):
    _html(client, call_index.url)
    call_index.unpublish()
    _html(client, call_index.url, status=404)


@pytest.mark.django_db
def test_a_new_view_restriction_applies_at_once(client, call_index):
    _html(client, call_index.url)
    PageViewRestriction.objects.create(page=call_index, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(call_index.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_a_preview_is_never_served_from_a_fragment(rf, home_page):
    request = rf.get("/en/")
    assert cached_fragment(request, "probe", [], lambda: "kept") == "kept"
    assert cached_fragment(request, "probe", [], lambda: "fresh") == "kept"
    request.is_preview = True
    assert cached_fragment(request, "probe", [], lambda: "draft") == "draft"


@pytest.mark.django_db
def test_nothing_is_kept_when_fragments_are_off(rf, settings, home_page):
    settings.FRAGMENT_CACHE_SECONDS = 0
    request = rf.get("/en/")
    assert cached_fragment(request, "probe", [], lambda: "one") == "one"
    assert cached_fragment(request, "probe", [], lambda: "two") == "two"


# What the pages cost with their fragments kept, at two data sizes ------------------------

# The generation, the route, the header's chrome, the translations (hreflang), the head's
# and the body's fragments: cache reads only.
KEPT_HOME_QUERIES = 6
# The generation, the route, the chrome, the translations, the page's body.
KEPT_CALL_INDEX_QUERIES = 5
KEPT_CALL_PAGE_QUERIES = 5


def _count(client, url):
    client.get(url)  # fills the fragments
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_kept_home_calls_index_and_call_page_cost_the_same_with_one_or_three_cycles(client, make_calls):
    now = timezone.now()
    calls = make_calls(AwardCycleFactory(year=2026, nominations_open=now - timedelta(days=1)))
    urls = ["/en/", calls[0].get_parent().url, calls[0].url]
    small = [_count(client, url) for url in urls]
    for year in (2024, 2025):
        make_calls(AwardCycleFactory(year=year, nominations_open=now - timedelta(days=800 - year % 2 * 365)))
    large = [_count(client, url) for url in urls]
    expected = [KEPT_HOME_QUERIES, KEPT_CALL_INDEX_QUERIES, KEPT_CALL_PAGE_QUERIES]
    assert (small, large) == (expected, expected)


@pytest.mark.django_db
def test_a_fragment_is_kept_no_longer_than_its_countdown_or_the_next_status_change(make_calls):
    now = timezone.now()
    generation = current_generation()
    assert fragment_seconds(now, generation) == 300
    assert fragment_seconds(now, generation, countdown=True) == COUNTDOWN_SECONDS
    # A call closing in 20 seconds: nothing showing it outlives its close.
    purge_page_cache()
    call = make_calls(AwardCycleFactory(year=2026, nominations_open=now - timedelta(days=1)))[0]
    call.closes_at = now + timedelta(seconds=20)
    call.save_revision().publish()
    assert 0 < fragment_seconds(now, current_generation()) <= 20
