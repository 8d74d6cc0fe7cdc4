"""The whole-page cache for anonymous visitors (served by home.middleware.PageCacheMiddleware).

Every entry's key starts with a generation token kept in the cache itself. Purging replaces
the token: every stored page becomes unreachable at once, whatever cache backend is used,
and the orphaned entries expire on their own after PAGE_CACHE_SECONDS.

Other apps call purge_page_cache() when something that public pages show changes outside
Wagtail's page publishing (results announced, a nominee withdrawing consent, ...)."""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import transaction
from django.utils import translation

GENERATION_KEY = "pagecache:generation"


def page_cache():
    """The cache that holds the pages: PAGE_CACHE_ALIAS, or the default cache where CACHES has
    no such alias (the test settings, for one, define only the default)."""
    alias = getattr(settings, "PAGE_CACHE_ALIAS", DEFAULT_CACHE_ALIAS)
    return caches[alias if alias in settings.CACHES else DEFAULT_CACHE_ALIAS]


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def current_generation(cache=None):
    """The token every key starts with. A missing token (first use, or evicted) gets a new
    random one, so entries stored under an earlier token can never be served again."""
    cache = cache or page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        token = secrets.token_hex(8)
        cache.add(GENERATION_KEY, token, timeout=None)
        generation = cache.get(GENERATION_KEY) or token
    return generation


def page_key(request, generation):
    """Generation, active language, then the full URL (scheme, host, path and query string)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{generation}:{language}:{hashlib.sha256(url.encode()).hexdigest()}"


def _new_generation():
    page_cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def purge_page_cache():
    """Forgets every cached page. Safe to call inside a transaction: it purges now, and once
    more when the transaction commits, so a request that read the old rows while the
    transaction was open cannot leave them in the cache under the new generation."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)
