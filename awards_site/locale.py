"""The language of a request: Django's LocaleMiddleware, with one rule changed.

Public pages live under /zh-hans/ and /en/ (awards_site.urls); Wagtail's catch-all there
matches any path, so Django's middleware would answer every 404 of an unprefixed page
(/judging/assignments/999/, a nomination that is not yours) with a redirect to
/<language>/judging/assignments/999/ and only then a 404. A 404 from a view that an
unprefixed route reached is final; only a path no route knows (an old page address such as
/winners/) is sent on to the language-prefixed page tree."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        reached_a_view = getattr(request, "resolver_match", None) is not None
        unprefixed = not translation.get_language_from_path(request.path_info)
        if response.status_code == 404 and reached_a_view and unprefixed:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
