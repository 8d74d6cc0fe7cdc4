"""Winners: the public listings (every one through winners_visible, so the embargo holds
everywhere) and creating a story from a commended nomination."""

import secrets
from io import BytesIO

from django.core.files.images import ImageFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import escape, linebreaks

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from core.locales import in_locale
from nominations.models import (
    Category,
    Nomination,
    StoryCollection,
    WinnerGalleryImage,
    WinnersIndexPage,
    WinnerStoryPage,
)
from nominations.models.choices import Region
from nominations.models.winners import winners_visible
from nominations.storage import delete_unless_committed

PER_PAGE = 12
# The renditions the listings and story pages use; made when a story is published, so no
# visitor waits while one is generated.
CARD_RENDITIONS = ("fill-640x400|format-webp", "fill-640x400|format-jpeg")
HERO_RENDITIONS = ("width-1200|format-webp", "width-1200|format-jpeg", "fill-1200x630|format-jpeg")


class StoryError(Exception):
    pass


def public_stories(now=None):
    """Public stories in every language (the embargo is one rule for both); the listings
    narrow them to a language with core.locales.in_locale."""
    Image = get_image_model()
    return (
        winners_visible(WinnerStoryPage.objects.all(), now)
        .select_related("nomination__call__category", "nomination__call__cycle", "nomination__award__level")
        .prefetch_related(Prefetch("hero_image", queryset=Image.objects.prefetch_renditions(*CARD_RENDITIONS)))
        .order_by("-nomination__call__cycle__year", "nomination__award__level__rank", "title")
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


LISTING_NAMES = ("stories", "years", "categories", "regions", "selected_year", "selected_category", "selected_region")


def winners_listing(index_page, request):
    """The index's context: filters from the query string (year, category, the
    innovation's region; unknown values are ignored), one page of stories, and the choices
    for the filter form."""
    # The index's language: its own stories, and those not yet translated into it.
    stories = in_locale(public_stories(), index_page.locale_id)
    categories = list(Category.objects.all())
    year = _int_or_none(request.GET.get("year"))
    category = (request.GET.get("category") or "").strip().upper()
    if category not in {c.code for c in categories}:
        category = ""  # an unknown category is ignored, as a shared link may be old
    region = (request.GET.get("region") or "").strip()
    if region not in Region.values:
        region = ""  # so is an unknown region
    if year:
        stories = stories.filter(nomination__call__cycle__year=year)
    if category:
        stories = stories.filter(nomination__call__category__code=category)
    if region:
        stories = stories.filter(nomination__region=region)
    paginator = Paginator(stories, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    years = sorted(
        set(
            winners_visible(in_locale(WinnerStoryPage.objects.all(), index_page.locale_id)).values_list(
                "nomination__call__cycle__year", flat=True
            )
        ),
        reverse=True,
    )
    return {
        "stories": page,
        "years": years,
        "categories": categories,
        "regions": Region.choices,
        "selected_year": year,
        "selected_category": category,
        "selected_region": region,
    }


def other_winners(story, limit=3):
    return list(
        in_locale(public_stories(), story.locale_id)
        .filter(nomination__call__category_id=story.nomination.call.category_id)
        .exclude(pk=story.pk)[:limit]
    )


def story_extras(story):
    """What a story's page shows besides its own text, in a fixed number of queries: its
    nomination with category, cycle and award level, the hero and gallery images with the
    renditions the page uses (made at publishing: make_renditions), and other winners."""

    Image = get_image_model()
    with_renditions = Image.objects.prefetch_renditions(*CARD_RENDITIONS, *HERO_RENDITIONS)
    loaded = Nomination.objects.select_related("call__category", "call__cycle", "award__level")
    story.nomination = loaded.get(pk=story.nomination_id)
    hero = with_renditions.filter(pk=story.hero_image_id).first() if story.hero_image_id else None
    gallery = list(story.gallery_images.prefetch_related(Prefetch("image", queryset=with_renditions)))
    # Through get_renditions, which reads the prefetched ones and writes nothing back (a
    # template's {% image %} would write each to the cache on every rendering).
    for item in gallery:
        item.large = _prefetched(item.image, LARGE_RENDITION)
    nomination = story.nomination
    return {
        "region": nomination.get_region_display() if nomination.region else "",
        "partners": nomination.partner_names,
        "partner_regions": nomination.get_partner_regions_display(),
        "category": story.category,
        "cycle": story.cycle,
        "level": story.award_level,
        "hero_image": hero,
        "share_image": _prefetched(hero, SHARE_RENDITION) if hero else None,
        "gallery": gallery,
        "other_winners": other_winners(story),
    }


STORY_NAMES = (
    "region",
    "partners",
    "partner_regions",
    "category",
    "cycle",
    "level",
    "hero_image",
    "share_image",
    "gallery",
    "other_winners",
)
SHARE_RENDITION = "fill-1200x630|format-jpeg"
LARGE_RENDITION = "width-1200|format-jpeg"


def _prefetched(image, spec):
    return image.get_renditions(spec)[spec]


def latest_winners(limit=3, locale=None):
    """The newest public stories in `locale` (the active language's by default)."""
    return list(in_locale(public_stories(), locale)[:limit])


# What components/blocks/image.html asks for (a picture of webp and jpeg at three widths).
BODY_RENDITIONS = tuple(f"width-{w}|format-{f}" for w in (480, 800, 1200) for f in ("webp", "jpeg"))


def make_renditions(story):
    images = [story.hero_image] if story.hero_image_id else []
    images += [g.image for g in story.gallery_images.select_related("image")]
    for image in images:
        for spec in CARD_RENDITIONS + HERO_RENDITIONS:
            image.get_rendition(spec)
    for block in story.body:
        if block.block_type == "image" and block.value:
            for spec in BODY_RENDITIONS:
                block.value.get_rendition(spec)


def _collection_for(cycle):
    """The cycle's story collection: every image in it is kept back by the embargo
    (nominations.image_embargo) until a public story shows it."""
    known = StoryCollection.objects.filter(cycle=cycle).select_related("collection").first()
    if known:
        return known.collection
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=cycle.name).first() or root.add_child(name=cycle.name)
    StoryCollection.objects.create(cycle=cycle, collection=collection)
    return collection


def unguessable_name(extension):
    # Never the nominee's file name nor the reference: both could be guessed, and the
    # renditions' names start with the original's.
    return f"{secrets.token_urlsafe(18)}.{extension}"


def _copy_images(nomination):
    """The nominee's photographs, copied into Wagtail's image library in the cycle's
    collection (only called when the nominee themselves agreed to publication)."""
    Image = get_image_model()
    collection = _collection_for(nomination.call.cycle)
    copies = []
    for number, record in enumerate(nomination.files.filter(kind="image"), start=1):
        with record.file.open("rb") as handle:
            data = handle.read()
        title = f"{nomination.title} ({number})"
        name = unguessable_name(record.file.name.rsplit(".", 1)[-1].lower())
        copy = Image.objects.create(title=title, collection=collection, file=ImageFile(BytesIO(data), name=name))
        # Written inside create_story's transaction: gone again if the story is not created.
        delete_unless_committed(copy.file.storage, copy.file.name)
        copies.append(copy)
    return copies


def create_story(*, nomination, user, index=None):
    """A draft story for a commended nomination, prefilled from it. Returns (page, created)."""
    if not nomination.is_commended:
        raise StoryError("Only commended nominations have a winner story.")
    # A story in either language is the nomination's story: the other language is made
    # from it with Wagtail's "Translate", never as a second draft from the nomination.
    existing = WinnerStoryPage.objects.filter(nomination=nomination).order_by("pk").first()
    if existing:
        return existing, False
    index = index or default_winners_index()
    if index is None:
        raise StoryError("Create the winners index page first.")
    with transaction.atomic():
        images = _copy_images(nomination) if nomination.nominee_publication_consent else []
        story = WinnerStoryPage(
            title=nomination.title,
            slug=f"{nomination.reference or nomination.pk}".lower(),
            nomination=nomination,
            summary=nomination.summary,
            hero_image=images[0] if images else None,
            body=[
                ("paragraph", _paragraphs(nomination.description)),
                ("paragraph", "<h3>What is new</h3>" + _paragraphs(nomination.novelty)),
                ("paragraph", "<h3>Results</h3>" + _paragraphs(nomination.results)),
            ],
            live=False,
        )
        story.gallery_images = [WinnerGalleryImage(image=image) for image in images[1:]]
        index.add_child(instance=story)
        story.save_revision(user=user, log_action=True)
    return story, True


def default_winners_index():
    """The winners index in the site's default language (new stories are written there
    first), or any winners index when that language has none."""
    index = WinnersIndexPage.objects.filter(locale=Locale.get_default()).first()
    return index or WinnersIndexPage.objects.order_by("pk").first()


def _paragraphs(text):
    return linebreaks(escape(text or ""))
