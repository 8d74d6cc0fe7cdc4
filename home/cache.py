"""The whole-page cache for anonymous visitors (served by home.middleware.PageCacheMiddleware).

Every entry's key starts with a generation token kept in the cache itself. Purging replaces
the token: every stored page becomes unreachable at once, whatever cache backend is used,
and the orphaned entries expire on their own after PAGE_CACHE_SECONDS.

Other apps call purge_page_cache() when something that public pages show changes outside
Wagtail's page publishing (results announced, a nominee withdrawing consent, ...)."""

import hashlib
import secrets
import zlib
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import transaction
from django.utils import timezone, translation
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


# Fragments -------------------------------------------------------------------------------
# Parts of pages that change only when content changes (the header's menu and the site's
# name, a page's body, a listing's cards), rendered once and kept in the page cache under
# the same generation token: a purge forgets them with the pages. They serve everyone,
# signed in or not, so a fragment must hold nothing personal (sign-in state, CSRF tokens,
# names) and nothing from the request but what its key says (language, time zone, host).

FRAGMENT_PREFIX = "fragment"
# A fragment that shows a countdown ("3 hours, 5 minutes left") is kept no longer than this.
COUNTDOWN_SECONDS = 60

_local_purges = 0  # purges made by this process: a request's remembered generation is stale after one


def fragment_cache_seconds():
    """FRAGMENT_CACHE_SECONDS (0: fragments are not kept, as in the tests by default)."""
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 300)


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


def fragment_key(request, name, vary, generation):
    """Generation, the templates' version, language, then (hashed) time zone, scheme and
    host, the fragment's name and what it varies on."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    host = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    parts = "\x1f".join([timezone.get_current_timezone_name(), host, name, *(str(v) for v in vary)])
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"{FRAGMENT_PREFIX}:{generation}:{_templates_version()}:{language}:{digest}"


_templates_digest = []


def _templates_version():
    """A digest of the project's template files (names, sizes, times), read once per process:
    a release with changed templates starts its fragments afresh instead of serving ones
    rendered by the templates it replaced."""
    if not _templates_digest:
        digest = hashlib.sha256()
        for folder in (Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", ())):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        _templates_digest.append(digest.hexdigest()[:12])
    return _templates_digest[0]


def cached_fragment(request, name, vary, make, *, countdown=False, keep_empty=True):
    """What make() returns (HTML or any picklable value), kept under the purge generation
    and the key above. One cache read when it is kept. A fragment is kept at most
    FRAGMENT_CACHE_SECONDS, never past the next moment a call or cycle changes status
    (home.page_expiry), and at most COUNTDOWN_SECONDS when it shows a countdown. Wagtail's
    previews (request.is_preview) always get a fresh one: they show a draft. With
    keep_empty=False, a None from make() is not kept."""
    limit = fragment_cache_seconds()
    if not limit or getattr(request, "is_preview", False):
        return make()
    cache = page_cache()
    generation = request_generation(request, cache)
    key = fragment_key(request, name, vary, generation)
    stored = cache.get(key)
    if stored is not None:
        return stored[0]  # stored in a tuple, so that a None or empty value is kept too
    now = timezone.now()
    value = make()
    if value is None and not keep_empty:
        return value
    if keep := fragment_seconds(now, generation, countdown=countdown, cache=cache):
        cache.set(key, (value,), keep)
    return value


def fragment_seconds(now, generation, *, countdown=False, cache=None):
    """How long a fragment made at `now` may be kept: FRAGMENT_CACHE_SECONDS, at most
    COUNTDOWN_SECONDS with a countdown, and never past the next status change of a call or
    cycle (home.page_expiry; 0: not at all)."""
    from home.page_expiry import next_change, seconds_to_keep

    limit = fragment_cache_seconds()
    if countdown:
        limit = min(limit, COUNTDOWN_SECONDS)
    return seconds_to_keep(now, next_change(cache or page_cache(), generation, limit, now), limit)


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
