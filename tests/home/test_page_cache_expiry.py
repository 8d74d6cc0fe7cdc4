"""Cached pages expire at the next status change of what they show (home.page_expiry): a
closed call is never offered from the cache with "Nominate". Time is not moved: the rule is
a pure function of `now`, and the stored entries' expiry is read from the cache's table."""

from datetime import UTC, datetime, timedelta

import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from core.cache import page_cache, purge_page_cache
from home.middleware import PageCacheMiddleware
from home.page_expiry import next_status_change, seconds_to_keep
from nominations.models import AwardCycle, Category
from tests.factories import AwardCycleFactory, CallPageFactory

PAGE_SECONDS = 300
CLOSE = datetime(2027, 1, 13, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = PAGE_SECONDS
    settings.CALL_CLOSING_SOON_DAYS = 7


# The rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before_the_change", "kept"),
    [
        (timedelta(seconds=10), 9),  # a page cached 10 s before a call closes: gone before it
        (timedelta(seconds=10.5), 9),
        (timedelta(seconds=2), 1),
        (timedelta(seconds=1.5), 0),  # too close to the change: not stored at all
        (timedelta(0), 0),
        (timedelta(seconds=-5), 0),
        (timedelta(hours=1), PAGE_SECONDS),
    ],
)
def test_a_page_is_kept_until_just_before_the_next_change_at_most_the_page_cache_seconds(before_the_change, kept):
    now = CLOSE - before_the_change
    assert seconds_to_keep(now, CLOSE, PAGE_SECONDS) == kept
    if 0 < kept < PAGE_SECONDS:
        assert now + timedelta(seconds=kept) < CLOSE


def test_with_no_change_ahead_a_page_is_kept_the_page_cache_seconds():
    assert seconds_to_keep(CLOSE, None, PAGE_SECONDS) == PAGE_SECONDS
    assert seconds_to_keep(CLOSE, None, 0) == 0


# The next change, in one query -------------------------------------------------------------


def _far_cycle(now, **dates):
    """A cycle whose every date is far from `now` unless given."""
    defaults = {
        "nominations_open": now - timedelta(days=100),
        "nominations_close": now + timedelta(days=100),
        "judging_open": now + timedelta(days=110),
        "judging_close": now + timedelta(days=120),
        "announcement_at": now + timedelta(days=130),
    }
    return AwardCycleFactory(**(defaults | dates))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "ahead"),
    [
        ("closes", timedelta(seconds=10)),
        ("opens", timedelta(hours=3)),
        ("closing_soon", timedelta(days=2)),  # closing soon starts 7 days before the close
        ("announcement", timedelta(days=1)),
        ("judging_open", timedelta(hours=5)),
    ],
)
def test_the_next_change_is_the_first_moment_ahead_of_any_call_or_cycle(
    call_index, django_assert_num_queries, moment, ahead
):
    now = timezone.now()
    at = now + ahead
    cycle = _far_cycle(
        now,
        **{"announcement": {"announcement_at": at}, "judging_open": {"judging_open": at}}.get(moment, {}),
    )
    call = {
        "closes": {"opens_at": now - timedelta(days=30), "closes_at": at},
        "opens": {"opens_at": at, "closes_at": now + timedelta(days=60)},
        "closing_soon": {"opens_at": now - timedelta(days=30), "closes_at": at + timedelta(days=7)},
    }.get(moment, {"opens_at": now - timedelta(days=30), "closes_at": now + timedelta(days=60)})
    CallPageFactory(parent=call_index, cycle=cycle, **call)

    with django_assert_num_queries(1):
        change = next_status_change(now)

    assert abs(change - at) < timedelta(milliseconds=1)


@pytest.mark.django_db
def test_an_unpublished_call_and_the_past_do_not_count(call_index):
    now = timezone.now()
    cycle = _far_cycle(now)
    shown = CallPageFactory(
        parent=call_index, cycle=cycle, opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=60)
    )
    hidden = CallPageFactory(
        parent=call_index,
        cycle=cycle,
        category=Category.objects.exclude(pk=shown.category_id).first(),
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(seconds=10),
    )
    hidden.unpublish()
    # The shown call starts "closing soon" 7 days before its close, before any cycle date.
    assert abs(next_status_change(now) - (shown.closes_at - timedelta(days=7))) < timedelta(milliseconds=1)


@pytest.mark.django_db
def test_with_nothing_ahead_there_is_no_change(call_index):
    now = timezone.now()
    AwardCycleFactory(
        nominations_open=now - timedelta(days=400),
        nominations_close=now - timedelta(days=300),
        judging_open=now - timedelta(days=290),
        judging_close=now - timedelta(days=280),
        announcement_at=now - timedelta(days=270),
    )
    assert next_status_change(now) is None


# The stored pages --------------------------------------------------------------------------


def _stored_expiries():
    """{cache key: expiry} of the pages' cache table (the test settings keep it in the database)."""
    table = connection.ops.quote_name("awards_page_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, expires FROM {table}")  # noqa: S608 (our own table name)
        rows = cursor.fetchall()
    expiries = {}
    for key, expires in rows:
        if isinstance(expires, str):  # SQLite hands back the text
            expires = datetime.fromisoformat(expires)
        expiries[key] = expires if timezone.is_aware(expires) else expires.replace(tzinfo=UTC)
    return expiries


def _get(client, path):
    """The page as it is stored from a cache that held nothing. A first rendering may create
    rows (the site's settings) whose saving purges the cache: that one is not the test's."""
    client.get(path)
    page_cache().clear()
    return client.get(path)


def _is_page(key):
    # ":1:pagecache:<generation>:<language>:<hash>" (the backend's prefix first)
    return key.split(":")[2] == "pagecache" and key.count(":") == 5


def _page_expiries():
    return [expires for key, expires in _stored_expiries().items() if _is_page(key)]


@pytest.mark.django_db
def test_a_call_page_cached_minutes_before_the_close_expires_at_the_close_not_in_five_minutes(
    client, call_index, time_machine
):
    # The clock stands still (the cache's expiries read it too) until the test ends: four
    # minutes before the close, before PAGE_CACHE_SECONDS (five) runs out, however busy the machine.
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    closes = now + timedelta(seconds=240)
    call = CallPageFactory(
        parent=call_index, cycle=_far_cycle(now), opens_at=now - timedelta(days=30), closes_at=closes
    )

    response = _get(client, call.url)

    assert response["X-Page-Cache"] == "miss"
    assert "Nominate" in response.content.decode()
    [expires] = _page_expiries()
    # Kept 1-2 s less than the time left, its expiry stored to the second (rounded down).
    assert closes - timedelta(seconds=3) <= expires <= closes
    # The next change is kept with the same bound.
    [change_expires] = [e for k, e in _stored_expiries().items() if k.endswith("next-change")]
    assert change_expires <= closes
    assert client.get(call.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_with_no_change_near_a_page_is_kept_the_page_cache_seconds(client, call_index, time_machine):
    now = timezone.now()
    call = CallPageFactory(
        parent=call_index, cycle=_far_cycle(now), opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=60)
    )
    client.get(call.url)
    page_cache().clear()
    stored_at = timezone.now().replace(microsecond=0)
    time_machine.move_to(stored_at, tick=False)  # the cache's expiry reads the same clock
    client.get(call.url)

    [expires] = _page_expiries()
    # The expiry is stored to the second (rounded down): exactly the page cache's seconds.
    assert expires == stored_at + timedelta(seconds=PAGE_SECONDS)


@pytest.mark.django_db
def test_the_next_change_is_read_once_and_forgotten_with_a_purge(client, call_index, django_assert_num_queries):
    now = timezone.now()
    call = CallPageFactory(
        parent=call_index, cycle=_far_cycle(now), opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=60)
    )
    client.get("/en/")
    _get(client, call.url)
    key = next(k for k in _stored_expiries() if k.endswith("next-change"))

    client.get("/en/")  # another page: the change is read from the cache
    assert [k for k in _stored_expiries() if k.endswith("next-change")] == [key]

    purge_page_cache()
    client.get(call.url)
    keys = [k for k in _stored_expiries() if k.endswith("next-change")]
    assert len(keys) == 2
    assert key in keys


# Cache-Control ------------------------------------------------------------------------------


def _served_twice(view):
    from django.contrib.sessions.backends.cache import SessionStore
    from django.test import RequestFactory

    middleware = PageCacheMiddleware(view)
    responses = []
    for _ in range(2):
        request = RequestFactory().get("/some/page/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        responses.append(middleware(request))
    return responses


def _max_age(response, directive="max-age"):
    for part in response["Cache-Control"].split(","):
        name, _sep, value = part.strip().partition("=")
        if name == directive:
            return int(value)
    return None


@pytest.mark.django_db
def test_a_max_age_is_cut_to_the_next_change_on_a_miss_and_on_a_hit(call_index):
    now = timezone.now()
    closes = now + timedelta(seconds=60)
    CallPageFactory(parent=call_index, cycle=_far_cycle(now), opens_at=now - timedelta(days=30), closes_at=closes)
    cache_control = {"Cache-Control": "public, max-age=3600, s-maxage=3600"}

    miss, hit = _served_twice(lambda request: HttpResponse("ok", headers=cache_control))

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert 0 < _max_age(response) <= 59
        assert 0 < _max_age(response, "s-maxage") <= 59
    assert _max_age(hit) <= _max_age(miss)


@pytest.mark.django_db
def test_a_page_rendered_a_moment_before_a_change_is_not_stored():
    cycle = _far_cycle(timezone.now())

    def view(request):
        # While the page renders, a change (the cycle's close) comes within the second.
        moment = timezone.now() + timedelta(milliseconds=500)
        AwardCycle.objects.filter(pk=cycle.pk).update(nominations_close=moment)
        return HttpResponse("ok")

    responses = _served_twice(view)

    assert [r["X-Page-Cache"] for r in responses] == ["miss", "miss"]
    assert _page_expiries() == []


@pytest.mark.django_db
def test_a_page_without_a_max_age_gets_none(call_index):
    miss, hit = _served_twice(lambda request: HttpResponse("ok"))
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert "Cache-Control" not in miss
    assert "Cache-Control" not in hit


@pytest.mark.django_db
def test_an_entry_stored_before_expiries_were_kept_with_it_is_still_served(client):
    # What the cache held before this change: (content, headers) without an expiry.
    _get(client, "/en/")
    cache = page_cache()
    [key] = [k for k in _stored_expiries() if _is_page(k)]
    name = key.split(":", 2)[2]  # the backend's prefix (":1:") off
    content, headers, _expires = cache.get(name)
    cache.set(name, (content, headers), 60)
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == content
