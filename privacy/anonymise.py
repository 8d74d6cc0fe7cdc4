"""What erasing a nomination's personal data means, field by field. The reference, call,
category, states, dates, scores, decisions and state logs stay, for the statistics and the
judging record; the people in it and what was written about them go."""

from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from nominations.models import Nomination, StoryImage, WinnerStoryPage
from nominations.services import delete_file

REMOVED = "[removed]"

# Text replaced by REMOVED when not empty (so a reader sees something was there).
REPLACED_FIELDS = (
    "nominee_name",
    "nominee_organisation",
    "team_members",
    "partner_organisations",
    "title",
    "summary",
    "description",
    "novelty",
    "results",
    "evidence",
    "screener_message",
)
# Contact details: blanked (they are validated formats, and nothing should be sent there).
BLANKED_FIELDS = ("nominee_email", "nominee_phone")


def anonymise_nomination(nomination, *, by=None):
    """Blanks one nomination's personal data and deletes its files (from storage once the
    transaction commits); unpublishes a story about it. The caller holds the transaction
    and the row lock. Returns counts of what was removed."""
    changed = []
    for name in REPLACED_FIELDS:
        if getattr(nomination, name) and getattr(nomination, name) != REMOVED:
            setattr(nomination, name, REMOVED)
            changed.append(name)
    for name in BLANKED_FIELDS:
        if getattr(nomination, name):
            setattr(nomination, name, "")
            changed.append(name)
    # The nominee can no longer be named in public.
    if nomination.consent_public_name:
        nomination.consent_public_name = False
        changed.append("consent_public_name")
    if changed:
        nomination.save(update_fields=[*changed, "updated_at"])
    # The answers to the call's own questions and the office's internal notes may name
    # the nominee as freely as the form's fields: replaced too (the questions' wording,
    # the office's own, stays). A file answering a question goes with the other files.
    answers = nomination.answers.exclude(value="").exclude(value=REMOVED).update(value=REMOVED)
    notes = nomination.notes.exclude(text=REMOVED).update(text=REMOVED)
    files = list(nomination.files.all())
    for nomination_file in files:
        delete_file(nomination_file=nomination_file)
    stories = sum(delete_story(story) for story in WinnerStoryPage.objects.filter(nomination=nomination))
    return {
        "fields": len(changed),
        "answers": answers,
        "notes": notes,
        "files": len(files),
        "stories_deleted": stories,
    }


def delete_story(story):
    """Deletes a winner story about an erased nomination with everything that still names
    its nominee: the page and its revisions (Wagtail deletes them with it), its log entries
    (their labels are the story's title), and the photographs used by it and no other
    story. Deleting the page purges the page cache (home.signals). Returns 1."""
    used = set(StoryImage.objects.filter(story=story).values_list("image_id", flat=True))
    elsewhere = set(
        StoryImage.objects.filter(image_id__in=used).exclude(story=story).values_list("image_id", flat=True)
    )
    page_id = story.pk
    story.delete()
    PageLogEntry.objects.filter(page_id=page_id).delete()
    for image in get_image_model().objects.filter(pk__in=used - elsewhere):
        image.delete()  # Wagtail removes its file and renditions
    return 1


def lock_nominations(queryset):
    return list(Nomination.objects.select_for_update().filter(pk__in=queryset.values("pk")).order_by("pk"))
