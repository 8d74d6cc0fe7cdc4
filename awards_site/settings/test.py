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
with_room_to_spare(CACHES)  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each test sets its own folders (tests/conftest.py); these are for code that runs before.
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-media" / "private"  # noqa: F405
LANGUAGE_CODE = "en"
# Tests measure pages' own work; the page cache's tests switch it on themselves.
PAGE_CACHE_SECONDS = 0
# Fragments and routes off too (core.cache): tests that want them turn them on.
FRAGMENT_CACHE_SECONDS = 0
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run has a database of its own, so two runs on one machine (two clones' `make
# test`, or two pytest runs in one tree) never share one: named after TEST_RUN_ID when set
# (a fixed name, for --reuse-db), else after this process. pytest-django creates it (--create-db
# drops a leftover first) and drops it at the end.
TEST_RUN_ID = os.environ.get("TEST_RUN_ID") or str(os.getpid())
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: concurrency tests open real parallel connections, which need WAL
    # and IMMEDIATE transactions as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"awards-test-{TEST_RUN_ID}.sqlite3")
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{TEST_RUN_ID}"[:63]}  # noqa: F405
