"""What erasing a nomination's personal data means, field by field. The reference, call,
category, states, dates, scores, decisions and state logs stay, for the statistics and the
judging record; the people in it and what was written about them go."""

from nominations.models import Nomination, WinnerStoryPage
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
    files = list(nomination.files.all())
    for nomination_file in files:
        delete_file(nomination_file=nomination_file)
    stories = 0
    for story in WinnerStoryPage.objects.filter(nomination=nomination, live=True):
        story.unpublish(user=by, log_action=True)
        stories += 1
    return {"fields": len(changed), "files": len(files), "stories_unpublished": stories}


def lock_nominations(queryset):
    return list(Nomination.objects.select_for_update().filter(pk__in=queryset.values("pk")).order_by("pk"))
