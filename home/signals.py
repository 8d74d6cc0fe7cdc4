"""Purges the page cache (core.cache) whenever what a visitor sees may have changed: a page
published, unpublished, moved or deleted, any other draftable object published or
unpublished, or one of PAGE_CACHE_PURGE_MODELS saved or deleted. Connected in
HomeConfig.ready()."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_init, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.cache import purge_page_cache
from judging.models import JudgeProfile
from nominations.models import Nomination, WinnerStoryPage


def purge_on_signal(sender, **kwargs):
    purge_page_cache()


def purge_for_winner(sender, instance, **kwargs):
    """A nomination with a winner story changed (its consent, its state): the story and the
    listings that show it must not be served stale. Other nominations (drafts autosaving
    every few seconds) leave the cache alone."""

    if WinnerStoryPage.objects.filter(nomination_id=instance.pk).exists():
        purge_page_cache()


def remember_listing(sender, instance, **kwargs):
    # Read from the instance's own fields: a listing that defers the field (.only()) must
    # not pay a query per profile for it. None: not loaded, so not known.
    instance._listed_when_loaded = instance.__dict__.get("listed_publicly")


def purge_for_listed_expert(sender, instance, **kwargs):
    """An expert on the public list of the pool changed, joined it or left it (withdrawing
    their agreement takes effect at once): the list must not be served stale. Profiles
    known never to have been listed leave the cache alone."""
    listed = instance.__dict__.get("listed_publicly")
    if listed is None or listed or getattr(instance, "_listed_when_loaded", None) is not False:
        purge_page_cache()
    instance._listed_when_loaded = listed


def connect():
    post_init.connect(remember_listing, sender=JudgeProfile, dispatch_uid="home.page_cache.expert_loaded")
    for signal in (post_save, post_delete):
        signal.connect(purge_for_listed_expert, sender=JudgeProfile, dispatch_uid=f"home.page_cache.expert.{signal}")

    post_save.connect(purge_for_winner, sender=Nomination, dispatch_uid="home.page_cache.winner_nomination")
    for signal, name in [
        (page_published, "page_published"),
        (page_unpublished, "page_unpublished"),
        (post_page_move, "post_page_move"),
        (published, "published"),
        (unpublished, "unpublished"),
    ]:
        signal.connect(purge_on_signal, dispatch_uid=f"home.page_cache.{name}")
    # Sent for the Page row of every deleted page, whatever its type, descendants included.
    post_delete.connect(purge_on_signal, sender=Page, dispatch_uid="home.page_cache.page_deleted")
    for label in getattr(settings, "PAGE_CACHE_PURGE_MODELS", ()):
        model = apps.get_model(label)
        post_save.connect(purge_on_signal, sender=model, dispatch_uid=f"home.page_cache.{label}.saved")
        post_delete.connect(purge_on_signal, sender=model, dispatch_uid=f"home.page_cache.{label}.deleted")
