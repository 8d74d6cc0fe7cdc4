"""Caches: every one shared by all worker processes (allauth's rate limits, the page cache and
its fragments, sessions in production), and what the page cache keeps and purges."""

import environ

env = environ.Env()

# Every cache is one that all worker processes share: allauth's rate limits count failed
# logins in it, and a page-cache purge must reach every worker. A per-process (local-memory)
# cache would let each of N workers allow its own five failures and keep serving a page after
# it was unpublished; production refuses one (settings.production). With no CACHE_URL the
# cache lives in the database (tables made by `manage.py createcachetable`, by the test runner
# in tests), so development and the tests run the same shared code paths as Redis in production.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://awards_cache")}
# Whole public pages for anonymous visitors (home.middleware.PageCacheMiddleware) live in a
# cache of their own, so that many pages cannot push allauth's rate-limit counters out when
# the cache culls entries. It defaults to CACHE_URL when that is set (Redis keeps both).
CACHES["pages"] = env.cache("PAGE_CACHE_URL", default=env("CACHE_URL", default="dbcache://awards_page_cache"))
PAGE_CACHE_ALIAS = "pages"  # core.cache falls back to "default" where CACHES has no "pages"


def with_room_to_spare(caches):
    """The database cache culls a third of its rows, in key order, once it holds MAX_ENTRIES
    (Django's default: 300), and allauth's rate-limit counters sort first: on a busy day
    (sessions, panels' results) it would forget failed sign-ins. Expired rows go first when it
    culls; this bound is only a backstop against a runaway table. Redis is bounded by its
    own memory limit instead."""
    for cache in caches.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 1_000_000)
    return caches


with_room_to_spare(CACHES)
# How long a page is kept; 0 turns the page cache off. Publishing, unpublishing, moving or
# deleting a page purges it at once (home.signals), as does core.cache.purge_page_cache().
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Parts of pages kept under the same purge generation for everyone, signed in or not (the
# header's menu, a page's body, Wagtail's routing: home.fragments.cached_fragment); 0: none.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=300)
# Never cached: personal or interactive pages and what other handlers serve.
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/",
    "/accounts/",
    "/nominate/",
    "/nominations/",
    "/judging/",
    "/documents/",
    "/i18n/",
    "/static/",
    "/media/",
    "/health/",
]
# Saving or deleting one of these (shown on public pages, edited as snippets) purges too.
PAGE_CACHE_PURGE_MODELS = [
    "nominations.AwardCycle",
    "nominations.Category",
    "wagtailcore.Site",
    "judging.Award",  # the award level a winner's story shows
    "judging.ExpertiseKeyword",  # the fields of expertise on the public list of the pool
    "home.SiteSettings",  # the site's name in every page's header and title
    "wagtailcore.PageViewRestriction",  # who may see a page (home.routing keeps the answer)
]
