"""{% page_alternates page as alternates %}: the page's translations for the head's
hreflang links, [(language code, absolute URL)] plus x-default (home.locales.alternates).
One query, kept on the request so a second use costs none."""

from django import template

from home.locales import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context, page):
    request = context.get("request")
    cached = getattr(request, "_page_alternates", None) if request is not None else None
    if cached is not None and cached[0] == getattr(page, "pk", None):
        return cached[1]
    links = alternates(page, request)
    if request is not None:
        request._page_alternates = (getattr(page, "pk", None), links)
    return links
