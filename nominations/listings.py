"""The nominations' page types' listings (core.page_context): the calls by cycle on the
calls index, one page of winners with its filters, and a story's extras."""

from core.page_context import provide
from nominations.models import CallIndexPage, WinnersIndexPage, WinnerStoryPage
from nominations.queries import calls_by_cycle
from nominations.winners import LISTING_NAMES, STORY_NAMES, story_extras, winners_listing


def connect():
    provide(CallIndexPage, ["cycles"], lambda page, request: {"cycles": calls_by_cycle(page)})
    provide(WinnersIndexPage, LISTING_NAMES, winners_listing)
    provide(WinnerStoryPage, STORY_NAMES, lambda page, request: story_extras(page))
