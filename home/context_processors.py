from django.db.models import Exists, Q
from django.db.models.functions import Substr
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site


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


def navigation(request):
    """The site's top menu: the active language's home page's live children marked "show in
    menus". Lazy, so responses that never render the header cost no query."""
    return {"nav_pages": SimpleLazyObject(lambda: _menu(request))}
