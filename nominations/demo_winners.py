"""Demo winners in Chinese and English: the winners index, published stories for last
year's winners, one story scheduled to go live later, and one commended nomination whose
nominee did not agree to publication (its story stays a draft, in both languages)."""

from datetime import timedelta

from wagtail.models import Locale

from accounts.models import User
from home.demo import bilingual_page, demo_image, home_pages, languages
from nominations.demo_stories import caption, story_fields
from nominations.demo_texts import WINNERS_INDEX
from nominations.models import Nomination, NominationState, WinnerGalleryImage, WinnersIndexPage, WinnerStoryPage
from nominations.models.cycles import announced
from nominations.winners import create_story

SCHEDULED = "Rammed-earth restoration of the city wall"


def _indexes():
    texts = {code: dict(fields) for code, fields in WINNERS_INDEX.items()}
    return bilingual_page(home_pages(), WinnersIndexPage, "winners", texts, show_in_menus=True)


def _write(story, nomination, lang, people, now):
    """Gives a story its text in `lang` and a captioned photograph, then publishes it (or
    schedules it, or keeps it a draft when the nominee did not agree to publication)."""
    for name, value in story_fields(nomination.title, lang).items():
        setattr(story, name, value)
    copied = list(story.gallery_images.all())
    if copied:
        # A translation's copy brought the photograph: recaption it rather than replace it
        # (a replaced row would leave Wagtail's queued index task for it nothing to find).
        for picture in copied:
            picture.caption = caption(nomination.title, lang)
        story.gallery_images = copied
    else:
        photo = demo_image(f"Site photo: {nomination.title}", nomination.call.category.colour, size=(1200, 800))
        story.gallery_images = [WinnerGalleryImage(image=photo, caption=caption(nomination.title, lang))]
    # The page's own row carries the text too, so a draft reads right in the admin's listings.
    story.save()
    if not nomination.nominee_publication_consent:
        story.save_revision(user=people["editor"])
        return "draft"
    scheduled = nomination.title == SCHEDULED
    if scheduled:
        story.go_live_at = now + timedelta(days=2)
    story.save_revision(user=people["editor"]).publish(user=people["moderator"])
    return "scheduled" if scheduled else "published"


def load(*, stdout, now):
    indexes = _indexes()
    first, *others = languages()
    people = {
        "editor": User.objects.get(email="editor@example.org"),
        "moderator": User.objects.get(email="moderator@example.org"),
    }
    commended = (
        Nomination.objects.filter(announced(now, prefix="call__cycle__"), state=NominationState.COMMENDED)
        .select_related("call__category")
        .order_by("reference")
    )
    made = {"published": 0, "scheduled": 0, "draft": 0}
    for nomination in commended:
        story = WinnerStoryPage.objects.filter(nomination=nomination, locale__language_code=first).first()
        if story is None:
            story, _created = create_story(nomination=nomination, user=people["editor"], index=indexes[first])
            made[_write(story, nomination, first, people, now)] += 1
        for code in others:
            locale = Locale.objects.get(language_code=code)
            if story.get_translation_or_none(locale) is None:
                _write(story.copy_for_translation(locale), nomination, code, people, now)
    stdout.write(
        "Winners: {published} stories published, {scheduled} scheduled, {draft} draft without consent, "
        "each in Chinese and English.".format(**made)
    )
