"""Demo winners: the winners index, published stories for last year's winners, one story
scheduled to go live later, and one commended nomination whose nominee did not agree to
publication (its story stays a draft)."""

from datetime import timedelta

from wagtail.models import Site

from accounts.models import User
from nominations.models import Nomination, WinnersIndexPage, WinnerStoryPage
from nominations.winners import create_story

SCHEDULED = "Rammed-earth restoration of the city wall"


def _index():
    index = WinnersIndexPage.objects.first()
    if index:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    index = WinnersIndexPage(
        title="Winners",
        slug="winners",
        show_in_menus=True,
        intro="The innovators the city has commended, year by year and category by category.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _enrich(story, nomination):
    story.body = [
        *list(story.body.raw_data),
        {"type": "quote", "value": {"text": "We built it here, for here.", "attribution": nomination.nominee_name}},
        {
            "type": "key_figures",
            "value": [{"figure": "30%", "label": "lower costs"}, {"figure": "120", "label": "jobs created"}],
        },
    ]


def load(*, stdout, now):
    index = _index()
    editor = User.objects.get(email="editor@example.org")
    moderator = User.objects.get(email="moderator@example.org")
    commended = Nomination.objects.filter(state="commended", call__cycle__announcement_at__lte=now).order_by(
        "reference"
    )
    published = scheduled = drafts = 0
    for nomination in commended:
        if WinnerStoryPage.objects.filter(nomination=nomination).exists():
            continue
        story, _created = create_story(nomination=nomination, user=editor, index=index)
        _enrich(story, nomination)
        if not nomination.nominee_publication_consent:
            story.save_revision(user=editor)
            drafts += 1
            continue
        if nomination.title == SCHEDULED:
            story.go_live_at = now + timedelta(days=2)
            scheduled += 1
        else:
            published += 1
        story.save_revision(user=editor).publish(user=moderator)
    stdout.write(f"Winners: {published} stories published, {scheduled} scheduled, {drafts} draft without consent.")
