from django.utils.functional import SimpleLazyObject

from wagtail.models import Site


def _menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    children = site.root_page.get_children().live().in_menu()
    return [{"title": page.title, "url": page.get_url(request)} for page in children]


def navigation(request):
    """The site's top menu: the home page's live children marked "show in menus".
    Lazy, so responses that never render the header cost no query."""
    return {"nav_pages": SimpleLazyObject(lambda: _menu(request))}
