"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS, and passes
`manage.py check --deploy` with no warnings."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, STORAGES, env

DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (50+ random characters).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=awards.example.gov.cn")

# Caches every worker shares, or rate limits and page-cache purges hold per process only
# (settings.caches explains). Refused at start rather than discovered after an attack.
PER_PROCESS_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
for _alias in ("default", "pages"):
    _backend = CACHES.get(_alias, {}).get("BACKEND")
    if _backend in PER_PROCESS_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"The {_alias!r} cache uses {_backend}, which each worker process keeps to itself: "
            "login rate limits would multiply by the number of workers and purged pages would "
            "stay cached. Set CACHE_URL=redis://host:6379/0 (or PAGE_CACHE_URL for the pages), "
            "or CACHE_URL=dbcache://awards_cache for a database cache (run manage.py "
            "createcachetable). To turn the page cache off, set PAGE_CACHE_SECONDS=0."
        )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Monitors may ask the app server itself over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Media and private files as settings.base chose them (on disk, or buckets when
# AWS_STORAGE_BUCKET_NAME is set); static files compressed and named by their content.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# Each worker keeps its database connection between requests (a minute, checked before it is
# reused): opening one per request cost a page served from the page cache four times the
# page itself (bench/server.py). CONN_MAX_AGE=0 opens one per request again.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Sessions in the database that every app machine shares, read through the shared cache.
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db")

# /health/ says ok or failing per check, never why.
HEALTH_CHECK_DETAILS = False
