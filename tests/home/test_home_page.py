from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.models import Category
from tests.factories import AwardCycleFactory, CallPageFactory

# Serving the home page to a visitor: site lookup, page route, Wagtail's alias and
# view-restriction checks, the cycles, the categories, the cycle's calls, the calls index,
# the menu, the latest public winners (with their renditions prefetched: 1 + 1 when
# there are some), Wagtail's site root paths read from the shared cache (a database table
# in tests, as in development), the site settings (the header's name), the page's
# translations (hreflang links). Pinned so an N+1 (a query per category or call) fails.
HOME_PAGE_QUERIES = 14


def _cards(response):
    soup = BeautifulSoup(response.content, "html.parser")
    cards = {}
    for card in soup.select(".category-card"):
        name = card.select_one(".card__title").get_text(strip=True)
        cards[name] = card.select_one(".badge").get_text(strip=True)
    return cards


@pytest.mark.django_db
def test_home_lists_six_categories_with_their_call_status(client, make_calls, call_index):
    now = timezone.now()
    cycle = AwardCycleFactory(year=2026, nominations_open=now - timedelta(days=5))
    calls = {call.category.code: call for call in make_calls(cycle)}
    # One upcoming, one closing soon, one closed; the rest open.
    for code, opens, closes in [
        ("INF", now + timedelta(days=2), now + timedelta(days=40)),
        ("EQP", now - timedelta(days=5), now + timedelta(days=3)),
        ("IND", now - timedelta(days=20), now - timedelta(seconds=1)),
    ]:
        calls[code].opens_at, calls[code].closes_at = opens, closes
        calls[code].save()

    response = client.get("/en/")

    assert response.status_code == 200
    assert _cards(response) == {
        "New infrastructure": "Opens soon",
        "New technologies": "Open",
        "New materials": "Open",
        "New equipment": "Closing soon",
        "New products": "Open",
        "New industries": "Closed",
    }
    assert [c.display_name for c in Category.objects.all()] == list(_cards(response))


@pytest.mark.django_db
def test_home_shows_category_without_a_call_as_such(client, call_index):
    cycle = AwardCycleFactory(year=2026)
    CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="MAT"))
    cards = _cards(client.get("/en/"))
    assert cards["New materials"] == "Open"
    assert cards["New products"] == "No call yet"
    assert len(cards) == 6


@pytest.mark.django_db
def test_home_shows_the_running_cycle_not_an_older_or_later_one(client, make_calls):
    now = timezone.now()
    old = AwardCycleFactory(year=2024, nominations_open=now - timedelta(days=700))
    running = AwardCycleFactory(year=2025, nominations_open=now - timedelta(days=3))
    later = AwardCycleFactory(year=2026, nominations_open=now + timedelta(days=300))
    for cycle in (old, running, later):
        make_calls(cycle)
    html = client.get("/en/").content.decode()
    assert "2025 Innovation Awards" in html
    assert "2024 Innovation Awards" not in html
    assert "2026 Innovation Awards" not in html


def _count_home_queries(client):
    client.get("/en/")  # warm the caches (site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_home_query_count_is_pinned_with_one_and_three_cycles(client, make_calls, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure the page's own work, not the page cache
    now = timezone.now()
    make_calls(AwardCycleFactory(year=2026, nominations_open=now - timedelta(days=1)))
    with_one = _count_home_queries(client)

    for year in (2024, 2025):
        make_calls(AwardCycleFactory(year=year, nominations_open=now - timedelta(days=800 - year % 2 * 365)))
    with_three = _count_home_queries(client)

    assert with_one == HOME_PAGE_QUERIES
    assert with_three == HOME_PAGE_QUERIES
