"""{% page_alternates page as alternates %}: the page's translations for the head's
hreflang links, [(language code, absolute URL)] plus x-default (core.locales.alternates).
Kept as a fragment (home.fragments: one cache read, the query only when it is renewed), and on
the request so a second use costs nothing.
{{ call|in_language }}: a page's title in the reader's language."""

from django import template
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from core.locales import alternates
from home.fragments import cached_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context, page):
    request = context.get("request")
    cached = getattr(request, "_page_alternates", None) if request is not None else None
    if cached is not None and cached[0] == getattr(page, "pk", None):
        return cached[1]
    links = cached_fragment(request, "alternates", [getattr(page, "pk", None)], lambda: alternates(page, request))
    if request is not None:
        request._page_alternates = (getattr(page, "pk", None), links)
    return links


@register.filter
def in_language(page):
    """A page's title in the active language: its live translation's, else its own. One
    query, remembered on the page for the rest of the template (for one page a view shows,
    such as a nomination's call; a listing loads its translations at once instead,
    core.locales.translations_of)."""
    if page is None:
        return ""
    code = get_supported_content_language_variant(get_language())
    remembered = getattr(page, "_titles_by_language", {})
    if code not in remembered:
        translation = (
            Page.objects.filter(translation_key=page.translation_key, locale__language_code=code, live=True)
            .values_list("title", flat=True)
            .first()
        )
        remembered[code] = translation or page.title
        page._titles_by_language = remembered
    return remembered[code]
