from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import AdminLoginRedirectView, ProfileView, document_password, page_password
from home.feeds import WinnersFeed
from home.sitemap import TranslatedSitemap
from home.views import set_language_get
from home.views_figures import cycle_figures_view, figures_index, public_experts
from home.views_search import search
from nominations.views.media import serve_media
from scheduling.health import HealthView

urlpatterns = [
    # Wagtail's own login form would bypass allauth's rate limits and second factor:
    # send it to allauth's, keeping ?next=.
    path("admin/login/", AdminLoginRedirectView.as_view(), name="admin_login_redirect"),
    # Wagtail's front-end login for private pages (wagtail.urls, further down) is Django's
    # LoginView: a password alone, no limits, no second factor. Same redirect, earlier here.
    path("_util/login/", AdminLoginRedirectView.as_view(), name="wagtailcore_login_redirect"),
    # Wagtail's shared-password forms, behind a rate limit (accounts.views); same paths and names.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Before allauth's: "my data" pages (download, delete the account).
    path("accounts/data/", include("privacy.urls")),
    # "My account": the person's profile (accounts.views), beside allauth's account pages.
    path("accounts/profile/", ProfileView.as_view(), name="account_profile"),
    path("accounts/", include("allauth.urls")),
    path("", include("nominations.urls")),
    path("judging/", include("judging.urls")),
    # The footer's language links (GET, no CSRF token, so pages stay cacheable).
    path("i18n/set/<str:code>/", set_language_get, name="set_language_get"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Both languages' pages, each naming its translations (home.sitemap).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    # For monitors: no sign-in, never cached (scheduling.health).
    path("health/", HealthView.as_view(), name="health"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg"), name="favicon"),
]

# /media/ goes through Django in every environment (nginx only through X-Accel-Redirect):
# a winner story's photographs stay hidden until the story is public (nominations.views.media).
urlpatterns += [path(settings.MEDIA_URL.lstrip("/") + "<path:path>", serve_media, name="media")]

# 400 (and 413 for a body too big while reading it) need the request handled with care:
# awards_site.errors. 403, 404 and 500 are Django's handlers with the site's templates.
handler400 = "awards_site.errors.bad_request"
# allauth's rate limits answer through this (allauth.core.internal.ratelimit.respond_429):
# the site's page saying when to try again, with Retry-After.
handler429 = "accounts.views.rate_limited"

# The public pages carry their language: /zh-hans/... and /en/... (each page's translation
# lives under the other prefix). "/" and any unprefixed page address go to the visitor's
# language: the cookie the switcher sets, else the browser's, else LANGUAGE_CODE.
# Nominators', judges' and account pages stay unprefixed and follow the same choice.
urlpatterns += i18n_patterns(
    # Wagtail's front-end login and shared-password forms exist under each language prefix
    # too: the same redirect to allauth and the same rate-limited views as above.
    path("_util/login/", AdminLoginRedirectView.as_view()),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", page_password),
    # Before Wagtail's catch-all, which would look for a child page called "feed".
    path("winners/feed/", WinnersFeed(), name="winners_feed"),
    path("search/", search, name="search"),
    # A cycle's public figures (from its announcement) and the listed experts (home.views_figures);
    # before the catch-all, so these paths are never a page's.
    path("figures/", figures_index, name="figures_index"),
    path("figures/<int:year>/", cycle_figures_view, name="cycle_figures"),
    path("experts/", public_experts, name="public_experts"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
