"""Which images belong to winner stories, so their files can be kept back until a story
using them is public (nominations.image_embargo decides; nominations.views.media serves).

Two sources, both kept by the database rather than by file or collection names that an
editor may rename:
- StoryCollection: the image collections that hold story photographs (one per cycle;
  nominations.winners copies a nominee's photographs there). Every image in one, or in a
  collection below one, is a story image.
- StoryImage: every image any revision of a story has used (hero, gallery, body), and
  which of them the story's published revision uses. Rows for drafts are only ever added:
  an image that was once part of an unpublished story stays a story image, even if an
  editor later takes it out of the draft."""

import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryCollection(models.Model):
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="+", verbose_name=_("collection")
    )
    cycle = models.OneToOneField(
        "nominations.AwardCycle",
        on_delete=models.CASCADE,
        related_name="story_collection",
        verbose_name=_("award cycle"),
    )

    class Meta:
        verbose_name = _("story image collection")
        verbose_name_plural = _("story image collections")

    def __str__(self):
        return str(self.collection)


class StoryImage(models.Model):
    story = models.ForeignKey(
        "nominations.WinnerStoryPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    # True: the story's published revision shows it. False: some revision of it used it.
    published = models.BooleanField(_("in the published story"), default=False)

    class Meta:
        verbose_name = _("story image")
        verbose_name_plural = _("story images")
        constraints = [
            models.UniqueConstraint(fields=["story", "image", "published"], name="unique_story_image_use"),
        ]
        indexes = [models.Index(fields=["image", "published"])]

    def __str__(self):
        return f"{self.story_id} · {self.image_id}"


def image_ids_in_content(content):
    """The image ids a story revision's content uses: hero image, gallery, and the body's
    image blocks (StoryBodyBlock has them only at its top level). Works on the revision's
    stored content, so a migration can use it as well as the running site."""

    ids = set()
    if content.get("hero_image"):
        ids.add(content["hero_image"])
    for item in content.get("gallery_images") or []:
        if item.get("image"):
            ids.add(item["image"])
    body = content.get("body") or []
    if isinstance(body, str):
        body = json.loads(body or "[]")
    for block in body:
        if block.get("type") != "image":
            continue
        value = block.get("value")
        # An ImageBlock stores {"image": id, "alt_text": ..., "decorative": ...}; an older
        # ImageChooserBlock value is the bare id.
        image_id = value.get("image") if isinstance(value, dict) else value
        if isinstance(image_id, int):
            ids.add(image_id)
    return ids
