"""What the public pages cost, pinned at two data sizes: rendered in full (fragments off, as
after a purge) and with their fragments kept (home.fragments, home.routing: what a signed-in
visitor gets between purges). An N+1 in either path fails here."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Category
from tests.factories import AwardCycleFactory, CallPageFactory
from tests.nominations.helpers.winners import announce, make_winner

# A story rendered in full: site, locale, route (two levels, each the page and its specific
# row), Wagtail's alias and view-restriction checks, the embargo check, the site settings and
# the menu (the header), the site root paths, the story's nomination with its call,
# category, cycle and award, the hero image and its renditions, the gallery, its images and
# their renditions, other winners with their hero images and renditions, the index
# (breadcrumb), the translations (hreflang). Every rendition prefetched: none is written to
# the cache as {% image %} would on each rendering.
STORY_QUERIES = 23
# Kept: the generation, the route, the embargo check, the header's chrome, the share
# metadata, the translations and the story itself: one cache read each but the embargo.
KEPT_STORY_QUERIES = 7
# Kept winners index: generation, route, chrome, translations, the listing.
KEPT_INDEX_QUERIES = 5


def _count(client, url):
    client.get(url)  # fills the caches (site root paths; the fragments when they are on)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def winners_in(call_index, winners_index, editor):
    """`count` public winners in new technologies, each with two photographs."""
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="TEC"))

    def make(count):
        return [make_winner(call, editor, photos=2) for _ in range(count)]

    return make


@pytest.mark.django_db
def test_a_story_costs_the_same_with_one_or_three_other_winners(client, winners_in):
    story = winners_in(2)[0]
    small = _count(client, story.get_url())
    winners_in(2)
    large = _count(client, story.get_url())
    assert (small, large) == (STORY_QUERIES, STORY_QUERIES)


@pytest.mark.django_db
def test_a_kept_story_costs_the_same_with_one_or_three_other_winners(client, settings, winners_in):
    settings.FRAGMENT_CACHE_SECONDS = 300
    story = winners_in(2)[0]
    small = _count(client, story.get_url())
    winners_in(2)  # publishing purges: the next visit fills the fragments again
    large = _count(client, story.get_url())
    assert (small, large) == (KEPT_STORY_QUERIES, KEPT_STORY_QUERIES)


@pytest.mark.django_db
def test_a_kept_winners_index_costs_the_same_with_two_or_five_winners(client, settings, winners_in):
    settings.FRAGMENT_CACHE_SECONDS = 300
    winners_in(2)
    small = _count(client, "/en/winners/")
    winners_in(3)
    large = _count(client, "/en/winners/")
    assert (small, large) == (KEPT_INDEX_QUERIES, KEPT_INDEX_QUERIES)
