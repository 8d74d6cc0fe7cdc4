"""Tests: fast hashing, mail kept in memory, background tasks run at once."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the outbox as in production, then into Django's in-memory outbox. Django's
# test set-up replaces EMAIL_BACKEND with locmem; tests/conftest.py puts the outbox back.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Shared caches as in development (the database; the test runner creates their tables):
# rate limits and page-cache purges run the code paths production's Redis runs.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "awards_cache"},
    "pages": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "awards_page_cache"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
LANGUAGE_CODE = "en"
# Tests measure pages' own work; the page cache's tests switch it on themselves.
PAGE_CACHE_SECONDS = 0
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not memory, for the SQLite test database: concurrency tests open real parallel
# connections, which need WAL and IMMEDIATE transactions as in production.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so two runs on one machine never share it; removed afterwards.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"awards-test-{os.getpid()}.sqlite3")
    }
