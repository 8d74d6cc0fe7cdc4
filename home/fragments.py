"""Fragments of pages, kept in the page cache (core.cache) under its purge generation."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from core.cache import page_cache, request_generation
from home.page_expiry import next_change, seconds_to_keep

# Fragments -------------------------------------------------------------------------------
# Parts of pages that change only when content changes (the header's menu and the site's
# name, a page's body, a listing's cards), rendered once and kept in the page cache under
# the same generation token: a purge forgets them with the pages. They serve everyone,
# signed in or not, so a fragment must hold nothing personal (sign-in state, CSRF tokens,
# names) and nothing from the request but what its key says (language, time zone, host).

FRAGMENT_PREFIX = "fragment"
# A fragment that shows a countdown ("3 hours, 5 minutes left") is kept no longer than this.
COUNTDOWN_SECONDS = 60


def fragment_cache_seconds():
    """FRAGMENT_CACHE_SECONDS (0: fragments are not kept, as in the tests by default)."""
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 300)


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
    limit = fragment_cache_seconds()
    if countdown:
        limit = min(limit, COUNTDOWN_SECONDS)
    return seconds_to_keep(now, next_change(cache or page_cache(), generation, limit, now), limit)
