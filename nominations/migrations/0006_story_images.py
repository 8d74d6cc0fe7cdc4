"""The image embargo's records, filled for what exists already: each cycle's collection
of copied photographs (named after the cycle, at the top of the tree) and every image any
story revision used, with those of published stories marked."""

import django.db.models.deletion
from django.db import migrations, models

from nominations.models.story_images import image_ids_in_content


def backfill(apps, schema_editor):
    AwardCycle = apps.get_model("nominations", "AwardCycle")
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Image = apps.get_model("wagtailimages", "Image")
    Revision = apps.get_model("wagtailcore", "Revision")
    StoryCollection = apps.get_model("nominations", "StoryCollection")
    StoryImage = apps.get_model("nominations", "StoryImage")
    WinnerStoryPage = apps.get_model("nominations", "WinnerStoryPage")

    for cycle in AwardCycle.objects.all():
        collection = Collection.objects.filter(depth=2, name=cycle.name).first()
        if collection:
            StoryCollection.objects.get_or_create(cycle=cycle, defaults={"collection": collection})
    story_type = ContentType.objects.filter(app_label="nominations", model="winnerstorypage").first()
    if story_type is None:
        return
    existing = set(Image.objects.values_list("pk", flat=True))
    rows = []
    for revision in Revision.objects.filter(content_type=story_type):
        ids = image_ids_in_content(revision.content or {}) & existing
        rows += [StoryImage(story_id=int(revision.object_id), image_id=pk, published=False) for pk in ids]
    for story in WinnerStoryPage.objects.filter(live=True).exclude(live_revision=None):
        ids = image_ids_in_content(Revision.objects.get(pk=story.live_revision_id).content or {}) & existing
        rows += [StoryImage(story_id=story.pk, image_id=pk, published=True) for pk in ids]
    StoryImage.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("nominations", "0005_key_figure_help"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryCollection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "collection",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.collection",
                        verbose_name="collection",
                    ),
                ),
                (
                    "cycle",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_collection",
                        to="nominations.awardcycle",
                        verbose_name="award cycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "story image collection",
                "verbose_name_plural": "story image collections",
            },
        ),
        migrations.CreateModel(
            name="StoryImage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("published", models.BooleanField(default=False, verbose_name="in the published story")),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="image",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="nominations.winnerstorypage",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "story image",
                "verbose_name_plural": "story images",
                "indexes": [models.Index(fields=["image", "published"], name="nominations_image_i_dd3b6a_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("story", "image", "published"), name="unique_story_image_use")
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        # Every /media/ request finds its image or rendition by the stored file name
        # (nominations.views.media); Wagtail does not index these columns.
        migrations.RunSQL(
            "CREATE INDEX nominations_media_image_file ON wagtailimages_image (file)",
            "DROP INDEX nominations_media_image_file",
        ),
        migrations.RunSQL(
            "CREATE INDEX nominations_media_rendition_file ON wagtailimages_rendition (file)",
            "DROP INDEX nominations_media_rendition_file",
        ),
    ]
