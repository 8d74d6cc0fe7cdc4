"""Per-account limits on what one nominator may make and store, so a single account cannot
fill the database or the private file store (25 drafts of 50 MB each were made in 2.5 s).

Each function answers with the reason to show the person, or None when the action is
allowed. The services ask them inside a transaction that holds the account's row locked
(services._lock_account), so two requests at once from one account count each other. The
limits come from settings (NOMINATION_ACCOUNT_* , read from the environment)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import Nomination, NominationFile, NominationState

HOUR = timedelta(hours=1)


def open_drafts(nominator):
    return Nomination.objects.filter(nominator=nominator, state=NominationState.DRAFT).count()


def started_within_the_hour(nominator, now):
    return Nomination.objects.filter(nominator=nominator, created_at__gt=now - HOUR).count()


def stored_bytes(nominator):
    files = NominationFile.objects.filter(nomination__nominator=nominator)
    return files.aggregate(total=Sum("size"))["total"] or 0


def uploaded_within_the_hour(nominator, now):
    return NominationFile.objects.filter(nomination__nominator=nominator, uploaded_at__gt=now - HOUR).count()


def start_refusal(*, nominator, now=None):
    """Why `nominator` may not start another nomination now, or None."""
    now = now or timezone.now()
    most = settings.NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS
    if open_drafts(nominator) >= most:
        return _(
            "You already have %(count)s drafts, the most an account may keep open. Submit or "
            "withdraw one of them (under “My nominations”) before starting another."
        ) % {"count": most}
    most = settings.NOMINATION_ACCOUNT_MAX_STARTED_PER_HOUR
    if started_within_the_hour(nominator, now) >= most:
        return _(
            "You have started %(count)s nominations within the last hour, the most an account "
            "may start in an hour. Please continue one of your drafts, or try again later."
        ) % {"count": most}
    return None


def upload_refusal(*, nominator, files, size, now=None):
    """Why `nominator` may not store `files` more files of `size` bytes in all now, or None."""
    now = now or timezone.now()
    most = settings.NOMINATION_ACCOUNT_MAX_UPLOADS_PER_HOUR
    done = uploaded_within_the_hour(nominator, now)
    if done + files > most:
        return _(
            "An account may upload at most %(most)s files in an hour; you have uploaded "
            "%(done)s. Please try again later."
        ) % {"most": most, "done": done}
    most = settings.NOMINATION_ACCOUNT_MAX_STORED_BYTES
    stored = stored_bytes(nominator)
    if stored + size > most:
        return _(
            "The files of all your nominations together may take at most %(most)s; yours take "
            "%(stored)s already. Remove files you no longer need, then try again."
        ) % {"most": filesizeformat(most), "stored": filesizeformat(stored)}
    return None
