from django.dispatch import receiver

from wagtail.signals import page_published

from nominations.models import WinnerStoryPage


@receiver(page_published, sender=WinnerStoryPage)
def make_story_renditions(sender, instance, **kwargs):
    # Renditions are made at publishing, so no visitor waits on a listing while one is made.
    from nominations.winners import make_renditions

    make_renditions(instance)
