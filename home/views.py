from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.models import Locale, Site
from wagtail.views import serve as wagtail_serve

from core.locales import set_language_cookie


@require_safe
@never_cache
def set_language_get(request, code):
    """The footer's language links: /i18n/set/<code>/?next=<path>. A plain GET link rather
    than Django's set_language form, so that pages carry no CSRF token and can be cached for
    every visitor. Sets the language cookie as set_language does and goes back to `next`
    when it is a URL on this site, otherwise to the home page: a Wagtail page's address
    becomes its translation's (or the language's home page when it has none), another
    language-prefixed address gets the new prefix, an unprefixed one stays as it is (the
    cookie makes it follow)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404(_("There is no such language on this site."))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(_in_language(request, next_url, code))
    set_language_cookie(response, code)
    return response


def _in_language(request, url, code):
    """`url` (on this site) as it reads in the language `code`."""
    parts = urlsplit(url)
    from_language = translation.get_language_from_path(parts.path)
    if from_language is None or from_language == code:
        return url  # unprefixed (nominator, judging, accounts) or already in that language
    with translation.override(from_language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return _home_url(request, code)
        if match.func is not wagtail_serve:
            return translate_url(url, code)  # /search/, /winners/feed/: same view, new prefix
        # Wagtail's serve pattern captures the page's path as a positional group.
        page = _page_at(request, match.kwargs.get("path") or (match.args[0] if match.args else ""))
    if page is None:
        return _home_url(request, code)
    translated = page.get_translation_or_none(Locale.objects.get_for_language(code))
    if translated is None or not translated.live:
        return _home_url(request, code)
    translated_url = translated.get_url(request)
    return urlunsplit(("", "", translated_url, parts.query, "")) if translated_url else _home_url(request, code)


def _page_at(request, path):
    """The page Wagtail serves at `path` in the active language, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        return site.root_page.localized.specific.route(request, [c for c in path.split("/") if c]).page
    except Http404:
        return None


def _home_url(request, code):
    with translation.override(code):
        site = Site.find_for_request(request)
        home = site.root_page.localized if site else None
        if home is None or home.locale.language_code != code:
            # No home page in that language yet: its prefix still gives the interface in it.
            return f"/{code}/"
        return home.get_url(request) or f"/{code}/"
