"""An Atom feed of the winners' stories. Items come from public_stories(), so a story under
embargo (unpublished, results not yet announced, or the nominee did not agree to be named)
is never in it."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.locales import in_locale
from nominations.models import WinnersIndexPage
from nominations.winners import public_stories

FEED_ITEMS = 50


class WinnersFeed(Feed):
    feed_type = Atom1Feed
    title = _("Innovation Awards: winners")
    subtitle = _("The stories of the city's innovation award winners.")

    # One instance serves every request, so nothing request-specific is kept on it: links
    # are site-relative and the feed framework makes them absolute for the request's host.
    def link(self):
        # One feed per language (/zh-hans/winners/feed/, /en/winners/feed/): the URL's prefix
        # is the active language, so the index and the stories are that language's.
        index = in_locale(WinnersIndexPage.objects.live().public()).first()
        return (index.get_url() if index else None) or "/"

    def items(self):
        # The newest first, by when each story was first published.
        return in_locale(public_stories().public()).order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.category.display_name]
