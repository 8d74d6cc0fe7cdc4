from django.db.models import Exists, Q
from django.db.models.functions import Substr
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from home.fragments import cached_fragment
from home.models import SiteSettings


def _menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = site.root_page
    children = _menu_pages(root, get_supported_content_language_variant(get_language()))
    return [{"title": page.title, "url": page.get_url(request)} for page in children]


def _menu_pages(root, language_code):
    """The live "show in menus" children of the home page's live translation in the active
    language, in one query: children are the pages one level down whose path starts with
    that translation's path (Wagtail's tree keeps a page's path as its parent's plus a step)."""
    in_language = Q(translation_key=root.translation_key, locale__language_code=language_code, live=True)
    # The home page itself when it has no live translation in this language, as
    # `root.localized` would fall back to it.
    translated_root = Page.objects.filter(
        in_language | Q(pk=root.pk, live=True) & ~Exists(Page.objects.filter(in_language))
    ).values("path")
    return list(
        Page.objects.live()
        .in_menu()
        .filter(depth=root.depth + 1)
        .annotate(parent_path=Substr("path", 1, Page.steplen * root.depth))
        .filter(parent_path__in=translated_root)
        .order_by("path")
    )


def _chrome(request):
    """What the header and footer show to everyone: the site's name, organiser and contact in
    the active language (site settings) and the menu. Kept as a fragment (core.cache): one
    cache read a request, no query, and a purge (publishing a page, saving the settings)
    renews it."""

    def make():

        site = Site.find_for_request(request)
        # Not SiteSettings.for_site(): it creates the row on first use, and saving one purges.
        settings = SiteSettings.objects.filter(site=site).first() if site is not None else None
        # The name for the header; the organiser and contact for the footer. Each text in the
        # active language (home.translation), as emails show them (accounts.emails).
        chrome = dict.fromkeys(("site_name", "organiser", "address", "contact_email", "contact_phone"), "")
        if settings is not None:
            chrome.update({name: getattr(settings, name) or "" for name in chrome})
        return {**chrome, "nav_pages": _menu(request)}

    return cached_fragment(request, "chrome", [], make)


def navigation(request):
    """The site's top menu (the active language's home page's live children marked "show in
    menus") and its name. Lazy, so responses that never render the header cost nothing."""
    chrome = SimpleLazyObject(lambda: _chrome(request))
    return {"site_chrome": chrome, "nav_pages": SimpleLazyObject(lambda: chrome["nav_pages"])}
