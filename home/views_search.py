"""Site search over live, public pages in the visitor's language (calls, winners' stories,
standard pages) with Wagtail's search backend. Winners' stories that are not public yet
(results not announced, or the nominee did not agree to be named) are left out before
searching, so they never count, rank or appear.

Chinese queries are cut the way pages are indexed (core.segment): each run of Chinese
characters must appear as an exact phrase of consecutive characters; pages that only have
some of the run's words (jieba's) follow, below every exact match."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.query import And, Or, Phrase, PlainText

from core.locales import active_locale
from core.segment import HAN_RUN, split_query, words
from home.forms import MAX_QUERY_LENGTH, SearchForm
from nominations.models import CallIndexPage, CallPage, WinnersIndexPage, WinnerStoryPage
from nominations.winners import public_stories

PER_PAGE = 10
# Each tier's best matches only: enough for any real visitor, and it keeps the id lists small.
MAX_RESULTS = 500
# Distinct Chinese runs, other words and Chinese words per query.
MAX_TERMS = 12

KINDS = {
    CallPage: _("Call for nominations"),
    CallIndexPage: _("Calls"),
    WinnerStoryPage: _("Winner"),
    WinnersIndexPage: _("Winners"),
}


def searchable_pages():
    """Live, public pages in the active language, minus the winners' stories under embargo."""
    embargoed = WinnerStoryPage.objects.exclude(pk__in=public_stories().values("pk")).values_list("pk", flat=True)
    return Page.objects.live().public().filter(locale=active_locale()).exclude(id__in=list(embargoed))


def _all_of(queries):
    return queries[0] if len(queries) == 1 else And(queries)


def query_tiers(query):
    """The search queries to run, best matches first: every English word and every Chinese
    run as a phrase; then, for Chinese runs of more than one word, any of their words (with
    every English word still required). Repeats are dropped and the terms capped, which
    keeps a pasted paragraph within what SQLite's query parser takes."""
    runs, others = split_query(query)
    runs, others = list(dict.fromkeys(runs))[:MAX_TERMS], list(dict.fromkeys(others))[:MAX_TERMS]
    required = [PlainText(" ".join(others), operator="and")] if others else []
    exact = required + [Phrase(" ".join(run)) if len(run) > 1 else PlainText(run) for run in runs]
    if not exact:
        return []
    parts = list(dict.fromkeys(word for run in runs for word in words(run) if 1 < len(word) < len(run)))
    if not parts:
        return [_all_of(exact)]
    # An Or of separate queries, not one PlainText with operator "or": the SQLite backend
    # writes the latter without brackets, so "a AND b OR c" would not require a.
    some_words = [PlainText(word) for word in parts[:MAX_TERMS]]
    return [_all_of(exact), _all_of([*required, some_words[0] if len(some_words) == 1 else Or(some_words)])]


def ranked_ids(query):
    """Ids of the matching pages, the exact tier first, each tier by relevance."""
    pages = searchable_pages().only("id")
    ids = {}
    for tier in query_tiers(query):
        for page in pages.search(tier)[:MAX_RESULTS]:
            ids.setdefault(page.pk, None)
    return list(ids)


def _snippet(text):
    # Chinese has no spaces to count words by; a Chinese summary is cut by characters.
    return Truncator(text).chars(120) if HAN_RUN.search(text) else Truncator(text).words(40)


def _result(page):
    text = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "") or ""
    return {"page": page, "kind": KINDS.get(type(page), _("Page")), "text": _snippet(text)}


def search(request):
    query = SearchForm(request.GET).query()
    results = None
    page = None
    if query:
        page = Paginator(ranked_ids(query), PER_PAGE).get_page(request.GET.get("page"))
        found = {found.pk: found for found in Page.objects.filter(pk__in=page.object_list).specific()}
        results = [_result(found[pk]) for pk in page.object_list if pk in found]
    shortened = len(" ".join(request.GET.get("q", "").split())) > MAX_QUERY_LENGTH
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query,
            "search_page": page,
            "search_results": results,
            "search_shortened": shortened,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
