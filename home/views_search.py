"""Site search over live, public pages (calls, winners' stories, standard pages) with
Wagtail's search backend. Winners' stories that are not public yet (results not announced,
or the nominee did not agree to be named) are left out before searching, so they never
count, rank or appear."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from home.forms import SearchForm
from nominations.models import CallIndexPage, CallPage, WinnersIndexPage, WinnerStoryPage
from nominations.winners import public_stories

PER_PAGE = 10

KINDS = {
    CallPage: _("Call for nominations"),
    CallIndexPage: _("Calls"),
    WinnerStoryPage: _("Winner"),
    WinnersIndexPage: _("Winners"),
}


def searchable_pages():
    """Live, public pages, minus the winners' stories under embargo."""
    embargoed = WinnerStoryPage.objects.exclude(pk__in=public_stories().values("pk")).values_list("pk", flat=True)
    return Page.objects.live().public().exclude(id__in=list(embargoed)).specific()


def _result(page):
    return {
        "page": page,
        "kind": KINDS.get(type(page), _("Page")),
        "text": (page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "") or ""),
    }


def search(request):
    query = SearchForm(request.GET).query()
    results = None
    page = None
    if query:
        paginator = Paginator(searchable_pages().search(query), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        results = [_result(found) for found in page.object_list]
    return TemplateResponse(
        request,
        "home/search.html",
        {"search_query": query, "search_page": page, "search_results": results},
    )
