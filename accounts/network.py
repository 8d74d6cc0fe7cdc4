"""The visitor's address: the one place our code learns it.

Behind a reverse proxy every request comes from the proxy's address (REMOTE_ADDR), and the
visitor's is in X-Forwarded-For. That header is a list that anyone can start: only the
entries our own proxies appended can be believed. TRUSTED_PROXY_COUNT (the environment,
settings.ALLAUTH_TRUSTED_PROXY_COUNT) says how many proxies of ours stand in front, and the
address is the one the outermost of them added: the right-most but (count - 1). With no proxy
(count 0, the default) the header is ignored. allauth's rate limits use the same rule, so a
visitor cannot get a fresh allowance by adding a made-up address at the left.

The same rule of trust gives the time the request reached our front server
(request_arrival), which deadlines are judged by."""

import re
from datetime import UTC, datetime, timedelta

from allauth.account.adapter import get_adapter

from django.conf import settings
from django.utils import timezone


def client_ip(request):
    """The visitor's IP address, as allauth's rate limits see it.

    Raises PermissionDenied (a 403) when there is none to be had."""
    return get_adapter().get_client_ip(request)


# The time our front server received the request, as nginx stamps it (deploy/nginx.conf:
# proxy_set_header X-Request-Start "t=${msec}"; seconds since the epoch with milliseconds).
REQUEST_START_META = "HTTP_X_REQUEST_START"
REQUEST_START_RE = re.compile(r"t=([0-9]{10})\.([0-9]{3})")
# A stamp this far ahead of our clock is the two machines' clocks disagreeing a little
# (taken as now); further ahead, or older than the oldest a queued request can be (nginx
# gives up on a worker after proxy_read_timeout, 60 s), it is not believed at all.
REQUEST_START_MAX_SKEW = timedelta(seconds=2)
REQUEST_START_MAX_AGE = timedelta(minutes=10)


def request_arrival(request):
    """When the request reached our front server: the deadline checks of nominations use it
    (nominations.deadlines), so a request that waited in the queue behind others at a
    deadline is judged by the time it was sent, not the time a worker got to it.

    The stamp is believed only when the site sits behind our proxy (TRUSTED_PROXY_COUNT at
    least 1), which sets the header itself and so drops whatever a visitor sent under that
    name. Without one the header is the visitor's own claim and is ignored: the arrival is
    now. A stamp that does not parse strictly, lies in the future beyond a small skew or is
    older than REQUEST_START_MAX_AGE is ignored as well. The answer is kept on the request."""
    arrival = getattr(request, "_arrival", None)
    if arrival is None:
        now = timezone.now()
        arrival = _stamped_arrival(request, now) or now
        request._arrival = arrival
    return arrival


def _stamped_arrival(request, now):
    if getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) < 1:
        return None
    match = REQUEST_START_RE.fullmatch(request.META.get(REQUEST_START_META, "").strip())
    if match is None:
        return None
    seconds, milliseconds = int(match[1]), int(match[2])
    stamp = datetime.fromtimestamp(seconds, tz=UTC) + timedelta(milliseconds=milliseconds)
    if stamp > now + REQUEST_START_MAX_SKEW or stamp < now - REQUEST_START_MAX_AGE:
        return None
    return min(stamp, now)
