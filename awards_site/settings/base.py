"""Settings shared by every environment. Values that differ between machines come from
the environment (see .env.example); nothing secret lives here."""

from decimal import Decimal
from pathlib import Path

import environ
from csp import constants as csp

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for developers; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First: it adds the per-language fields to models before other apps read them.
    "modeltranslation",
    "accounts",
    "home",
    "nominations",
    "judging",
    "office",
    "outbox",
    "scheduling",
    "privacy",
    "operations",
    "wagtail.locales",
    "wagtail.contrib.simple_translation",  # "Translate" for pages and snippets; home's report links it
    "wagtail.contrib.redirects",  # RedirectMiddleware; a page moved or renamed keeps its old address
    "wagtail.contrib.settings",
    "wagtail.sites",
    "accounts.apps.UsersAppConfig",  # wagtail.users, with the profile in its user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",  # wagtail.images' and wagtail.documents' tags
    "django_fsm_log",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # /sitemap.xml: Django's sitemap templates, rendered by wagtail.contrib.sitemaps' view
    # (which needs no app of its own; home.sitemap).
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: refuses a body too big from its Content-Length before anything reads it, and
    # caps reading the others (awards_site.request_limits).
    "awards_site.request_limits.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (awards_site.content_security). Above the page cache, so that
    # pages served from it get a header (and nonce) of their own.
    "awards_site.content_security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that a 404 from an unprefixed view stays a 404 (awards_site.locale).
    "awards_site.locale.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Public pages for anonymous visitors, from the cache (PAGE_CACHE_* in settings.caches). After the
    # session, locale and authentication middleware: it needs the visitor and the language.
    "home.middleware.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # DENY; Wagtail's preview overrides it
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's page routing, remembered under the page cache's purge generation (home.routing).
    "home.routing.PageRouteMiddleware",
]

X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, awards_site.content_security): only this site's own
# scripts, styles and images; inline ones only with the response's nonce. No other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    }
}
# Wagtail's admin (/admin/) renders inline scripts and style attributes in its own templates
# and widgets, so it gets 'unsafe-inline' for those, and nothing else more: still no other
# hosts, no plugins, no eval. It frames its own previews, hence frame-ancestors 'self'.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.UNSAFE_INLINE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "blob:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.SELF],
        "form-action": [csp.SELF],
    }
}

ROOT_URLCONF = "awards_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "awards_site.wsgi.application"

# SQLite by default so a fresh machine needs no server. WAL lets readers work while a
# writer commits; IMMEDIATE takes the write lock at BEGIN so two writers queue behind the
# busy timeout instead of failing with "database is locked" half-way through a transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's parameters (accounts.hashers): a sign-in costs tens of milliseconds of
# a worker, not PBKDF2's half second. Older PBKDF2 hashes still verify, and are rehashed
# with the first at the next sign-in. Tests: tests/accounts/test_password_hashers.py.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: the email address is the login, and it must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# With a honeypot field against sign-up bots (accounts.honeypot).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Wagtail sends a signed-in user without admin access back to the sign-in page with a
# message; redirecting signed-in users away from it would loop between the two.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Innovation Awards] ")
# Failed logins lock the ACCOUNT being guessed (5 in 5 minutes; a password reset lifts it)
# and only slow an ADDRESS: a whole office signs in from one address, so its per-address
# limits leave room for 100 colleagues signing in at nine and a few dozen typos, while a
# password-spraying address gets 30 guesses a minute and 200 an hour across all accounts.
# "login" counts every sign-in form sent, right or wrong. A spent limit gets the 429 page
# saying when to try again (accounts.views.rate_limited). Tests: tests/accounts/test_rate_limits.py.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "30/m/ip,200/h/ip,5/5m/key",
    "signup": "30/m/ip,200/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "30/m/ip,200/h/ip,3/5m/key",
    "reset_password_from_key": "30/m/ip",
    "change_password": "5/m/user",
    # Wagtail's shared passwords of private pages and collections (accounts.views).
    "page_password": "20/m/ip,100/h/ip",
    # Downloading one's data builds an archive of every file: a few times an hour is plenty.
    "privacy_export": "5/h/user",
    # Deleting one's account re-checks the password.
    "privacy_delete": "10/h/user",
}
# Months a cycle keeps the personal data of nominations that were not commended after its
# announcement (privacy.retention; each cycle can differ in the admin's Retention policies).
PRIVACY_RETENTION_MONTHS = env.int("PRIVACY_RETENTION_MONTHS", default=24)
# How many reverse proxies of ours stand in front of the site (each appends the address it
# saw to X-Forwarded-For). 0: the header is ignored and REMOTE_ADDR is the visitor. Rate
# limits and accounts.network.client_ip use the address the outermost proxy added; anything
# further left is the visitor's own claim and is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# A submit (or any write a nominator's deadline applies to) is judged by when it reached our
# front server: the X-Request-Start stamp nginx adds (deploy/nginx.conf), believed only with
# TRUSTED_PROXY_COUNT >= 1. One that arrived before the deadline is accepted while a worker
# processes it within this many seconds after the deadline (nominations.deadlines): the
# queue at a deadline surge. The call page says so. 0: no grace.
SUBMISSION_GRACE_SECONDS = env.int("SUBMISSION_GRACE_SECONDS", default=60)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff, judges and chairs without two factors reach only the public site and their account
# pages (an allowlist of views in accounts.mfa; accounts.middleware sends them to set up).
DEMO_TOTP_CODE = "(set up your authenticator app)"
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Innovation Awards")

TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Public media (Wagtail's image library). Nominations' files get a private store later.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# Nomination files: a private store outside MEDIA_ROOT, never under a public URL.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Set to e.g. "/protected/" when nginx serves PRIVATE_MEDIA_ROOT as an internal location.
PRIVATE_MEDIA_X_ACCEL_PREFIX = env("PRIVATE_MEDIA_X_ACCEL_PREFIX", default="")
# Backups (manage.py backup / restore, operations.backups): where archives are written, how
# long --prune keeps them (every archive for the daily days, then one a week for the weekly
# days), and where pg_dump / pg_restore are when they are not on PATH.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP_DAILY_DAYS = env.int("BACKUP_KEEP_DAILY_DAYS", default=30)
BACKUP_KEEP_WEEKLY_DAYS = env.int("BACKUP_KEEP_WEEKLY_DAYS", default=365)
BACKUP_PG_BIN_DIR = env("BACKUP_PG_BIN_DIR", default="")
# Set to e.g. "/media-internal/" when nginx serves MEDIA_ROOT as an internal location: every
# /media/ request still goes through Django (nominations.views.media, the image embargo).
MEDIA_X_ACCEL_PREFIX = env("MEDIA_X_ACCEL_PREFIX", default="")
# "default": public media; "private": nomination files (nominations.storage). On disk unless
# AWS_STORAGE_BUCKET_NAME is set: then both live in S3 or an S3-compatible server, so that
# several app machines share them (see object_storages() below).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "nominations.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Seconds a signed link to a private file in a bucket works (the file view redirects to one
# after its permission check).
PRIVATE_MEDIA_URL_SECONDS = env.int("PRIVATE_MEDIA_URL_SECONDS", default=60)


def object_storages():
    """STORAGES["default"] and ["private"] in buckets, from the environment, or {} when
    AWS_STORAGE_BUCKET_NAME is not set. Keys come from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY (read by boto3, never kept in settings). Both buckets stay
    private: public media go through /media/ (the image embargo), private files through
    signed URLs."""
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {}
    common = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # a non-AWS server: http://minio:9000
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for most non-AWS servers
        "default_acl": None,  # the bucket's own (private)
        "file_overwrite": False,  # a name taken gets a new one, as on disk
        "querystring_auth": True,
    }
    return {
        "default": {
            "BACKEND": "nominations.object_storage.AppServedS3Storage",
            "OPTIONS": {**common, "bucket_name": bucket, "location": env("AWS_MEDIA_LOCATION", default="media")},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=bucket),
                "location": env("AWS_PRIVATE_LOCATION", default="private"),
                "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
            },
        },
    }


STORAGES.update(object_storages())

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every message goes through the outbox (outbox.backends): stored in the sender's transaction
# and delivered by a background task through the real backend from EMAIL_URL, retried with
# back-off; what finally fails is listed in the admin. A mail outage never fails a request.
OUTBOX_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
# Seconds before a mail server that does not answer is given up on (the attempt is retried).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)
# Delays before the 2nd, 3rd, ... attempts: 1 min, 5 min, 30 min, 2 h, then it is failed.
OUTBOX_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
# Failed emails are kept this long for a retry from the admin (manage.py sweep_outbox).
OUTBOX_FAILED_RETENTION_DAYS = env.int("OUTBOX_FAILED_RETENTION_DAYS", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Innovation Awards <awards@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (emails and Wagtail's own tasks) goes through django-tasks' database
# backend: no broker to run. `make run` starts a worker beside the web server.
# TASKS_BACKEND=rq (with REDIS_URL) puts the queue in Redis instead, worked by
# `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", default="redis://127.0.0.1:6379/0")}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": []}}

# Periodic jobs (scheduling.schedule): `manage.py scheduler` enqueues each task at its cron
# time, in TIME_ZONE ("minute hour day month weekday"); the task worker runs it. A task that
# cannot be imported is skipped with a log line.
SCHEDULED_TASKS = {
    "publish-scheduled-pages": {"cron": "* * * * *", "task": "scheduling.tasks.publish_scheduled_pages"},
    "judging-reminders": {"cron": "0 9 * * *", "task": "scheduling.tasks.send_judging_reminders"},
    "draft-reminders": {"cron": "0 10 * * *", "task": "scheduling.tasks.send_draft_reminders"},
    "outbox-sweep": {"cron": "*/5 * * * *", "task": "scheduling.tasks.sweep_outbox"},
    "retention": {"cron": "30 3 * * *", "task": "privacy.tasks.apply_retention"},
}
# A backup from the scheduler when BACKUP_CRON is set, e.g. "15 2 * * *": an archive into
# BACKUP_DIR, then the retention of `manage.py backup --prune` (operations.backups).
BACKUP_CRON = env("BACKUP_CRON", default="")
if BACKUP_CRON:
    SCHEDULED_TASKS["backup"] = {"cron": BACKUP_CRON, "task": "operations.backups.scheduled_backup"}
# Nominators with a draft in a call closing within this many days get one reminder.
DRAFT_REMINDER_DAYS = env.int("DRAFT_REMINDER_DAYS", default=3)
# /health/ (scheduling.health) fails when more than HEALTH_TASK_BACKLOG_MAX tasks have been
# ready to run for over HEALTH_TASK_BACKLOG_MINUTES. Reasons are shown only with details on.
HEALTH_TASK_BACKLOG_MINUTES = env.int("HEALTH_TASK_BACKLOG_MINUTES", default=15)
HEALTH_TASK_BACKLOG_MAX = env.int("HEALTH_TASK_BACKLOG_MAX", default=0)
HEALTH_CHECK_DETAILS = env.bool("HEALTH_CHECK_DETAILS", default=DEBUG)

# A call shows "closing soon" in the last days before it closes.
CALL_CLOSING_SOON_DAYS = env.int("CALL_CLOSING_SOON_DAYS", default=7)

# Modules that load_demo_data runs, in order; each has load(*, stdout, now).
DEMO_DATA_MODULES = [
    "accounts.demo",
    "nominations.demo",
    "judging.demo",
    "nominations.demo_winners",
    "home.demo",
    "office.demo",
]
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-awards-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every page action at INFO; the admin's history already records them.
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", default="WARNING")},
    },
}

# Judging (judging.ranking): thresholds are exact decimals, compared the same way on every
# database. A spread of this many points (0-100) between a nomination's judges flags strong
# disagreement; adjusted scores within this many points of their group's top share a rank.
JUDGING_DISAGREEMENT_SPREAD = Decimal("30")
JUDGING_TIE_TOLERANCE = Decimal("0.5")

# Languages, locales and translated content; the limits on uploads and request bodies; the
# admin's and Wagtail's settings (one file per role keeps this one short).
from awards_site.settings.caches import *  # noqa: E402, F403
from awards_site.settings.languages import *  # noqa: E402, F403
from awards_site.settings.limits import *  # noqa: E402, F403
from awards_site.settings.wagtail import *  # noqa: E402, F403
