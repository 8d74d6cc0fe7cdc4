"""Wagtail: the admin's sign-in, search, images and documents."""

import environ

from django.utils.translation import gettext_lazy as _

env = environ.Env()

WAGTAIL_SITE_NAME = _("Innovation Awards")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The admin signs in through allauth so allauth's rate limits (and later MFA) apply there.
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages ("log in to view") send visitors to allauth's sign-in too, not to Wagtail's
# /_util/login/ (which awards_site.urls redirects there anyway).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin would send every editor's email hash to a third
# party on each page, and the Content-Security-Policy allows images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf"]
# Documents only through Wagtail's view (/documents/<id>/<name>), which applies collection
# privacy; /media/documents/... is never served (nominations.views.media).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
