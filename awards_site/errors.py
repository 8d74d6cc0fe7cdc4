"""The branded error pages that Django's default handlers cannot give.

- 400 (handler400): a bad request may carry a host not in ALLOWED_HOSTS, so its page
  (templates/400.html) is standalone and rendered without the request: asking the request
  for its host would raise again.
- 413: a body too big, refused by awards_site.request_limits before it is read (the
  middleware calls too_large) or while it is read (a RequestDataTooBig reaches handler400,
  Django's own DATA_UPLOAD_MAX_MEMORY_SIZE check included).
403, 404 and 500 use Django's default handlers with templates/403.html, 404.html and
500.html (500 is rendered with no context at all, so it is standalone too)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, getattr(exception, "limit", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    with translation.override(_language(request)):
        return HttpResponse(loader.render_to_string("400.html"), status=400)


def too_large(request, limit):
    """The 413 page. The middleware calls it before LocaleMiddleware has run, so the
    language is taken from the request here (cookie, then Accept-Language)."""
    with translation.override(_language(request)):
        response = render(request, "413.html", {"limit": limit}, status=413)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def _language(request):
    return translation.get_language_from_request(request)
