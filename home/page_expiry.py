"""How long a cached page stays true (home.middleware.PageCacheMiddleware).

Publishing purges the page cache, but some of what pages show changes with the clock alone:
a call opens, starts "closing soon", closes; a cycle's milestones are reached; its winners
are announced (and their stories become public). A page is kept no longer than until the
next such moment of any call or cycle the site shows, so that a closed call never offers
"Nominate" from the cache. That moment takes one query, and is itself cached under the
purge generation (an edited date purges it with the pages) for no longer than it holds."""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

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
    One query: the union of each moment's rows still ahead, earliest first."""
    soon = timedelta(days=settings.CALL_CLOSING_SOON_DAYS)
    calls = CallPage.objects.live()
    parts = [_ahead(AwardCycle.objects.all(), F(name), now) for name in CYCLE_MOMENTS]
    parts += [_ahead(calls, F(name), now) for name in CALL_MOMENTS]
    # "Closing soon" starts CALL_CLOSING_SOON_DAYS before the close.
    parts.append(_ahead(calls, F("closes_at") - Value(soon), now))
    first, *rest = parts
    row = first.union(*rest, all=True).order_by("moment").first()
    return row[0] if row else None


def _ahead(queryset, expression, now):
    moment = ExpressionWrapper(expression, output_field=DateTimeField())
    # The Cast gives every part of the union the same column type on every database.
    return (
        queryset.annotate(moment=Cast(moment, DateTimeField())).filter(moment__gt=now).order_by().values_list("moment")
    )


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
