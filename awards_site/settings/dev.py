"""Local development: DEBUG on, mail to the console, a throwaway key unless one is set."""

import warnings

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Not a secret: only ever used on a developer's machine with DEBUG on.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Serve static files straight from the source folders; no collectstatic in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# The demo's staff and judges have an authenticator set up; in development this code is
# accepted as its one-time code so a newcomer can sign in without an authenticator app.
# allauth refuses it whenever DEBUG is off.
DEMO_TOTP_CODE = env("DEMO_TOTP_CODE", default="000000")
if DEBUG:
    MFA_TOTP_INSECURE_BYPASS_CODE = DEMO_TOTP_CODE

# Pages are not cached while developing, so template and code changes show at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# Fragments too (core.cache): an edited template shows at once.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)
