"""How long until a rate limit that refused a request lets it through again.

allauth answers a spent limit with a 429 and keeps no note of which limit it was, nor when
it frees up; its counters are in the cache, one list of hit times per (action, rate,
address/user/key). This module reads those lists the way allauth writes them
(allauth.core.internal.ratelimit, pinned with django-allauth in requirements.txt) to tell
the visitor when to come back."""

import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit as allauth_ratelimit

from django.core.cache import cache

APP = "allauth.account"
# The limits each allauth view can refuse a request for (ACCOUNT_RATE_LIMITS' actions).
VIEW_ACTIONS = {
    "account_login": ("login_failed", "login"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_change_password": ("change_password",),
    "account_set_password": ("change_password",),
    "account_email": ("manage_email",),
    "account_reauthenticate": ("reauthenticate",),
    "wagtailcore_authenticate_with_password": ("page_password",),
    "wagtaildocs_authenticate_with_password": ("page_password",),
    "privacy_export": ("privacy_export",),
    "privacy_delete_account": ("privacy_delete",),
}


def _key(request, action):
    """The per-key limits' key, found in the form the way allauth finds it."""
    if action == "login_failed":
        login = request.POST.get("login", "").strip()
        return get_adapter().login_attempts_key(request, login) if login else None
    if action == "reset_password":
        return request.POST.get("email", "").strip().lower() or None
    return None


def waits(request, *, action, key=None):
    """(seconds, rate) for each of `action`'s spent limits: how long until it lets this
    request through."""
    now = time.time()
    for rate in allauth_ratelimit.get_rates(app=APP, action=action):
        if (rate.per == "key" and key is None) or (rate.per == "user" and not request.user.is_authenticated):
            continue
        cache_key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        hits = [hit for hit in cache.get(cache_key, []) if hit > now - rate.duration]  # newest first
        if len(hits) >= rate.amount:
            # A new hit is let through once the amount-th newest has aged out of the period.
            yield math.ceil(hits[rate.amount - 1] + rate.duration - now), rate


@dataclass(frozen=True)
class Refusal:
    action: str | None  # None when no spent limit was found
    per: str | None  # "ip", "key" (the account, for login_failed) or "user"
    seconds: int


def refusal(request):
    """The limit that refused this request: the one that keeps the visitor waiting longest.
    When no spent limit is found (allauth also refuses when its counter is locked by a
    parallel request), the longest period configured for the view."""
    match = request.resolver_match
    actions = VIEW_ACTIONS.get(match.url_name if match else None, ())
    found = [
        Refusal(action=action, per=rate.per, seconds=seconds)
        for action in actions
        for seconds, rate in waits(request, action=action, key=_key(request, action))
    ]
    if found:
        return max(found, key=lambda refused: refused.seconds)
    periods = [rate.duration for action in actions for rate in allauth_ratelimit.get_rates(app=APP, action=action)]
    return Refusal(action=None, per=None, seconds=math.ceil(max(periods, default=60)))
