"""The home page's listing (core.page_context): the current cycle's timeline, its calls by
category and the latest winners, in the home page's language."""

from django.utils import timezone

from core.locales import in_locale
from core.page_context import provide
from home.models import HomePage
from nominations.models import CallIndexPage
from nominations.queries import category_calls, current_cycle
from nominations.winners import latest_winners

NAMES = ("cycle", "category_calls", "milestones", "calls_index_url", "latest_winners", "winners_index")


def home_listing(page, request):
    now = timezone.now()
    cycle = current_cycle(now)
    # Everything in this home page's language (its locale, not the browser's: the page's URL
    # carries it), falling back to the other language's page where none is translated.
    calls_index = in_locale(CallIndexPage.objects.live(), page.locale_id).first()
    winners = latest_winners(locale=page.locale_id)  # public stories only (the embargo rule)
    return {
        "cycle": cycle,
        "category_calls": category_calls(cycle, now, locale=page.locale_id),
        "milestones": cycle.milestones(now) if cycle else [],
        "calls_index_url": calls_index.get_url(request) if calls_index else None,
        "latest_winners": winners,
        # The winners index, for "See all winners": the first story's parent.
        "winners_index": winners[0].get_parent() if winners else None,
    }


def connect():
    provide(HomePage, NAMES, home_listing)
