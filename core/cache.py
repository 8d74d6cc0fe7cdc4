"""The whole-page cache for anonymous visitors (served by home.middleware.PageCacheMiddleware),
and what the pages' fragments (home.fragments) and the apps' own kept HTML share with it.

Every entry's key starts with a generation token kept in the cache itself. Purging replaces
the token: every stored page becomes unreachable at once, whatever cache backend is used,
and the orphaned entries expire on their own after PAGE_CACHE_SECONDS.

Other apps call purge_page_cache() when something that public pages show changes outside
Wagtail's page publishing (results announced, a nominee withdrawing consent, ...)."""

import hashlib
import secrets
import zlib

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import transaction
from django.utils import translation
from django.utils.functional import SimpleLazyObject

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
    global _local_purges
    _local_purges += 1
    page_cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def purge_page_cache():
    """Forgets every cached page. Safe to call inside a transaction: it purges now, and once
    more when the transaction commits, so a request that read the old rows while the
    transaction was open cannot leave them in the cache under the new generation."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


_local_purges = 0  # purges made by this process: a request's remembered generation is stale after one


def request_generation(request, cache=None):
    """current_generation(), read once per request (kept on it) unless this process purged
    since, so that a page's fragments cost one cache read each, not two."""
    if request is None:
        return current_generation(cache)
    remembered = getattr(request, "_fragment_generation", None)
    if remembered is not None and remembered[0] == _local_purges:
        return remembered[1]
    generation = current_generation(cache)
    request._fragment_generation = (_local_purges, generation)
    return generation


def lazy_values(compute, names):
    """{name: lazy value} for a page's context: compute() (a dict) runs once, when the first
    of them is used, so a template whose fragments are all kept costs none of its queries."""
    result = []

    def value(name):
        if not result:
            result.append(compute())
        return result[0][name]

    return {name: SimpleLazyObject(lambda name=name: value(name)) for name in names}


def packed(html):
    """Large HTML (a 200-nomination panel's rows, 500 KB) as the cache keeps it: zlib at its
    fastest level, a twentieth of the size. Reading it back (unpacked) costs a third of
    reading the text itself from the database cache, which stores it base64-encoded."""
    return zlib.compress(str(html).encode(), 1)


def unpacked(blob):
    return zlib.decompress(blob).decode()
