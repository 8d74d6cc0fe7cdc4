"""THE rule for a nominator's deadlines (a call's close, an amendment deadline): a write is
judged by when it reached our front server, not by when a worker got to it.

`at` is the request's arrival (accounts.network.request_arrival: the time nginx stamped, or
now without a proxy). A write that arrived before the deadline is accepted while it is
processed within SUBMISSION_GRACE_SECONDS after it: the grace covers the queue in front of
the workers at a deadline surge, never a request sent late. With a grace of 0, or no `at`,
it is the plain rule: now < deadline."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext


def grace_seconds():
    return max(0, int(getattr(settings, "SUBMISSION_GRACE_SECONDS", 60)))


def in_time(deadline, at=None, now=None):
    """Whether a write that arrived at `at` and is processed at `now` beats `deadline`."""
    now = now or timezone.now()
    at = min(at or now, now)  # an arrival is never later than its processing
    return at < deadline and now < deadline + timedelta(seconds=grace_seconds())


def grace_note(deadline):
    """The rule in words for the call page, or "" with no grace period."""
    seconds = grace_seconds()
    if not seconds:
        return ""
    local = timezone.localtime(deadline)
    time = time_format(local, "TIME_FORMAT" if not local.second else "H:i:s")
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext(
            "Nominations sent before %(time)s are accepted, even if our server finishes them up to one minute later.",
            "Nominations sent before %(time)s are accepted, even if our server finishes them up to "
            "%(count)s minutes later.",
            minutes,
        ) % {"time": time, "count": minutes}
    return ngettext(
        "Nominations sent before %(time)s are accepted, even if our server finishes them up to one second later.",
        "Nominations sent before %(time)s are accepted, even if our server finishes them up to "
        "%(count)s seconds later.",
        seconds,
    ) % {"time": time, "count": seconds}
