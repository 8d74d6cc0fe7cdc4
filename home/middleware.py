"""Serves public pages to anonymous visitors from a cache (keys and purging: core.cache).

Placed right after AuthenticationMiddleware (and so after SessionMiddleware, LocaleMiddleware
and CsrfViewMiddleware): a hit skips the middleware below it and the view, but still passes
back out through the security, session, locale and common middleware, as a fresh response
does. Because CsrfViewMiddleware, SessionMiddleware and MessageMiddleware's cookies are only
added after a response leaves this middleware, a response is stored only if nothing in the
request asked for them either (a CSRF token used, the session changed, a message added).

A page is kept until the next moment a call or cycle changes status by the clock (a call
closes, results are announced: home.page_expiry), if that comes before PAGE_CACHE_SECONDS;
a max-age the response carries is cut to the same moment, on a miss and on every hit."""

import math

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control

from core.cache import current_generation, page_cache, page_cache_seconds, page_key
from home.page_expiry import next_change, seconds_to_keep

HEADER = "X-Page-Cache"
# Cache-Control directives that forbid sharing a response with another visitor.
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}
# The key stands for these: Cookie (only visitors without a session are served) and
# Accept-Language (the active language is part of the key). A response varying on anything
# else is not stored.
KEYED_VARY_HEADERS = {"cookie", "accept-language"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not _request_is_cacheable(request):
            return self.get_response(request)

        cache = page_cache()
        # The key (and so the generation) is fixed before the page is rendered: if a purge
        # happens while it renders, the page is stored under the old generation, never read.
        generation = current_generation(cache)
        key = page_key(request, generation)
        stored = cache.get(key)
        if stored is not None:
            content, headers, *expires = stored  # (an entry stored before expiries: no third)
            response = HttpResponse(content, headers=headers)
            if expires:
                _cut_max_age(response, math.floor(expires[0] - timezone.now().timestamp()))
            response[HEADER] = "hit"
            return response

        # What the page shows is decided as it renders: it is true until the first status
        # change after this moment.
        rendered_at = timezone.now()
        response = self.get_response(request)
        if request.method == "GET" and _response_is_cacheable(request, response):
            change = next_change(cache, generation, seconds, now=rendered_at)
            now = timezone.now()
            keep = seconds_to_keep(now, change, seconds)
            if keep:
                _cut_max_age(response, keep)
                cache.set(key, (response.content, dict(response.items()), now.timestamp() + keep), keep)
        response[HEADER] = "miss"
        return response


def _request_is_cacheable(request):
    if request.method not in {"GET", "HEAD"}:
        return False
    if request.path_info.startswith(tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))):
        return False
    # Anyone with a session (signed in, or part-way through something) or a message waiting
    # gets the page made for them. Checked before request.user, which would load the session.
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _directives(response.get("Cache-Control")) & PRIVATE_DIRECTIVES:
        return False
    if _directives(response.get("Vary")) - KEYED_VARY_HEADERS:
        return False
    # Cookies that the middleware above this one adds on the way out: a CSRF token in the
    # page (it would be someone else's for every later visitor), a changed session, a message.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    # A page whose HTML used the Content-Security-Policy nonce (an inline script or style):
    # stored, it would hand every later visitor that same nonce (awards_site.content_security).
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    return not getattr(getattr(request, "_messages", None), "added_new", False)


def _cut_max_age(response, seconds):
    """No max-age or s-maxage beyond `seconds` (a response without either is left alone:
    pages carry none, so browsers ask again and a purge reaches them)."""
    seconds = max(0, seconds)
    limits = {}
    if (max_age := get_max_age(response)) is not None and max_age > seconds:
        limits["max_age"] = seconds
    shared = _directive_value(response.get("Cache-Control"), "s-maxage")
    if shared is not None and shared > seconds:
        limits["s_maxage"] = seconds
    if limits:
        patch_cache_control(response, **limits)


def _directive_value(header, name):
    for part in cc_delim_re.split(header or ""):
        key, _sep, value = part.partition("=")
        if key.strip().lower() == name:
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


def _directives(header):
    """The lower-cased names in a comma-separated header (Cache-Control, Vary)."""
    if not header:
        return set()
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(header)}
