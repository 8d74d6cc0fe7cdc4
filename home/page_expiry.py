"""How long a cached page stays true (home.middleware.PageCacheMiddleware).

Publishing purges the page cache, but some of what pages show changes with the clock alone:
a call opens, starts "closing soon", closes; a cycle's milestones are reached; its winners
are announced (and their stories become public). A page is kept no longer than until the
next such moment of any call or cycle the site shows, so that a closed call never offers
"Nominate" from the cache. That moment takes one query, and is itself cached under the
purge generation (an edited date purges it with the pages) for no longer than it holds."""

import functools
import math
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail.models import Page

from nominations.models import AwardCycle, CallPage

NEXT_CHANGE_KEY = "pagecache:{generation}:next-change"
NO_CHANGE = "none"  # cached when no change lies ahead (the cache cannot hold None)

# What a page shows by the clock alone (nominations.models: CallPage.status,
# AwardCycle.milestones and is_announced, nominations.queries.current_cycle).
CYCLE_MOMENTS = ("nominations_open", "nominations_close", "judging_open", "judging_close", "announcement_at")
CALL_MOMENTS = ("opens_at", "closes_at")
# A page expires this much before the change at the latest: the cache backend counts the
# timeout from its own reading of the clock, a moment after ours.
STORE_MARGIN = timedelta(seconds=1)


def next_status_change(now):
    """The first moment after `now` at which a live call or a cycle changes status, or None.

    One query of one row, each moment's next value a scalar subquery. Written as SQL: the
    same question through the ORM (a union of eight querysets over Wagtail's page model)
    costs some 20 ms of Python to build and compile, this well under one."""
    soon = timedelta(days=settings.CALL_CLOSING_SOON_DAYS)
    alias = router.db_for_read(CallPage)
    connection = connections[alias]
    sql = _next_moments_sql(alias)
    after = [now] * len(CYCLE_MOMENTS) + [now, now, now + soon]
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(value) for value in after])
        row = cursor.fetchone()
    values = [_aware(value) for value in row]
    # The last column is the first close more than CALL_CLOSING_SOON_DAYS ahead: "closing
    # soon" starts that long before it.
    if values[-1] is not None:
        values[-1] -= soon
    return min((value for value in values if value is not None), default=None)


@functools.cache
def _next_moments_sql(alias):
    # Only our models' table and column names go into the text, quoted; the times are
    # parameters.
    q = connections[alias].ops.quote_name
    cycles = q(AwardCycle._meta.db_table)
    calls, pages = q(CallPage._meta.db_table), q(Page._meta.db_table)
    live_calls = (
        f"{calls} INNER JOIN {pages} ON {pages}.{q(Page._meta.pk.column)} = {calls}.{q(CallPage._meta.pk.column)} "
        f"WHERE {pages}.{q('live')}"
    )
    columns = [f"(SELECT MIN({q(name)}) FROM {cycles} WHERE {q(name)} > %s)" for name in CYCLE_MOMENTS]  # noqa: S608
    columns += [
        f"(SELECT MIN({calls}.{q(name)}) FROM {live_calls} AND {calls}.{q(name)} > %s)"  # noqa: S608
        for name in (*CALL_MOMENTS, "closes_at")
    ]
    return "SELECT " + ", ".join(columns)


def _aware(value):
    """A datetime as the database returned it (SQLite: text in UTC) made aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def seconds_to_keep(now, change, limit):
    """Whole seconds a page stored at `now` may be kept: `limit` (PAGE_CACHE_SECONDS), or
    fewer, ending at least STORE_MARGIN before `change` (None: no change ahead), as the
    cache counts them from its own clock a moment later. 0: do not keep it."""
    if change is None:
        return max(0, limit)
    return max(0, min(limit, math.floor((change - now - STORE_MARGIN).total_seconds())))


def next_change(cache, generation, limit, now=None):
    """next_status_change(now), read from `cache` where an earlier page stored it (kept there
    under the purge generation for as long as it holds, at most `limit` seconds)."""
    now = now or timezone.now()
    key = NEXT_CHANGE_KEY.format(generation=generation)
    stored = cache.get(key)
    if stored == NO_CHANGE:
        return None
    if stored is not None and stored > now:
        return stored
    change = next_status_change(now)
    if keep := seconds_to_keep(now, change, limit):
        cache.set(key, NO_CHANGE if change is None else change, keep)
    return change
