"""The embargo on images: a winner story's photographs are not served to anyone outside
the admin until a story that shows them is public (nominations.models.winners_visible:
live, the nominee agreed to be named, the cycle's results announced).

An image is a *story image* when it sits in a story collection (or below one), or any
revision of a story has used it. A story image is served to the public only while a
public story's published revision shows it. Images that are not story images (the site's
own pictures) are always public; so is an image outside the story collections that a live
page other than a story also shows (an editor put a site picture into a draft story: the
home page keeps it)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision

from nominations.models import WinnerStoryPage, winners_visible
from nominations.models.story_images import StoryCollection, StoryImage, image_ids_in_content


def status_annotations(prefix="", now=None):
    """The embargo's facts about an image as annotations of an Image query (prefix "") or
    of a Rendition query (prefix "image__"), so a /media/ request costs one query."""
    image = OuterRef(f"{prefix}pk")
    public_stories = winners_visible(WinnerStoryPage.objects.all(), now).values("pk")
    return {
        # The image's collection is a story collection or lies below one (tree paths).
        "in_story_collection": Exists(
            StoryCollection.objects.filter(
                collection__path=Substr(OuterRef(f"{prefix}collection__path"), 1, Length("collection__path"))
            )
        ),
        "used_by_story": Exists(StoryImage.objects.filter(image=image)),
        "shown_by_public_story": Exists(
            StoryImage.objects.filter(image=image, published=True, story__in=public_stories)
        ),
    }


def _shown_on_live_site_page(image):
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_image_model()), to_object_id=str(image.pk)
    ).exclude(content_type=ContentType.objects.get_for_model(WinnerStoryPage))
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = references.filter(base_content_type=page_type).values_list("object_id", flat=True)
    if Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).exists():
        return True
    # A snippet or a site setting showing it (these have no drafts here).
    return references.exclude(base_content_type=page_type).exists()


@dataclass(frozen=True)
class ImageStatus:
    story_image: bool
    embargoed: bool


def image_status(image, flags=None, now=None):
    """Whether the image is a story image, and whether the public must not get it (nor
    any rendition of it) now. `flags`: an object carrying status_annotations() (the
    image itself when it was fetched with them); fetched here otherwise."""
    if flags is None:
        flags = get_image_model().objects.annotate(**status_annotations(now=now)).get(pk=image.pk)
    if not (flags.in_story_collection or flags.used_by_story):
        return ImageStatus(story_image=False, embargoed=False)  # a site image
    if flags.shown_by_public_story:
        return ImageStatus(story_image=True, embargoed=False)
    embargoed = flags.in_story_collection or not _shown_on_live_site_page(image)
    return ImageStatus(story_image=True, embargoed=embargoed)


# Keeping StoryImage up to date (connected in nominations.signals) ----------------------


def _existing(ids):
    return set(get_image_model().objects.filter(pk__in=ids).values_list("pk", flat=True))


def record_revision(revision):
    """A story revision was saved: every image it uses becomes a story image."""
    ids = _existing(image_ids_in_content(revision.content or {}))
    StoryImage.objects.bulk_create(
        [StoryImage(story_id=int(revision.object_id), image_id=pk, published=False) for pk in ids],
        ignore_conflicts=True,
    )


def record_published(story, revision=None):
    """A story was published: the images its published revision shows are marked so."""
    revision = revision or story.live_revision
    content = revision.content if revision else story.serializable_data()
    ids = _existing(image_ids_in_content(content))
    with transaction.atomic():
        StoryImage.objects.filter(story=story, published=True).exclude(image_id__in=ids).delete()
        StoryImage.objects.bulk_create(
            [StoryImage(story=story, image_id=pk, published=flag) for pk in ids for flag in (True, False)],
            ignore_conflicts=True,
        )


def is_story_revision(revision):
    return isinstance(revision, Revision) and revision.content_type.model_class() is WinnerStoryPage
