from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Revision
from wagtail.signals import page_published

from nominations.image_embargo import is_story_revision, record_published, record_revision
from nominations.models import WinnerStoryPage
from nominations.winners import make_renditions


@receiver(page_published, sender=WinnerStoryPage)
def make_story_renditions(sender, instance, **kwargs):
    # Renditions are made at publishing, so no visitor waits on a listing while one is made.

    make_renditions(instance)


@receiver(page_published, sender=WinnerStoryPage)
def record_published_story_images(sender, instance, revision=None, **kwargs):
    # The images a published story shows may be served once the story is public.

    record_published(instance, revision)


@receiver(post_save, sender=Revision)
def record_story_revision_images(sender, instance, raw=False, **kwargs):
    # Any image a story's draft uses is kept back until a public story shows it.

    if not raw and is_story_revision(instance):
        record_revision(instance)
