"""Reminders to nominators whose draft is still unsubmitted in a call that closes soon.

Each draft is reminded once per call: each reminder is recorded as an office.DraftReminder
row, unique per draft and call, written in the same transaction as the email's outbox row.
So a reminder is recorded exactly when it is sent, two runs at once send it once (the second
insert waits for the first and fails), and nothing is sent twice after a cache flush. The
awards office sees the reminders in the admin (office.views.reminders)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.emails import language_of, send_to_user
from nominations.models import Nomination, NominationState
from nominations.models.pages import open_calls
from office.models import DraftReminder

logger = logging.getLogger(__name__)


def drafts_to_remind(now=None, days=None):
    """Drafts of active nominators in calls that are open and close within `days` days,
    not reminded yet in their call."""
    now = now or timezone.now()
    days = settings.DRAFT_REMINDER_DAYS if days is None else days
    return (
        Nomination.objects.filter(
            open_calls(now, prefix="call__"),
            state=NominationState.DRAFT,
            nominator__is_active=True,
            call__live=True,
            call__closes_at__lte=now + timedelta(days=days),
        )
        .exclude(nominator__email="")
        .exclude(Exists(DraftReminder.objects.filter(nomination=OuterRef("pk"), call=OuterRef("call"))))
        .select_related("call__cycle", "call__category", "nominator")
        .order_by("pk")
    )


def _send(nomination):
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "nomination": nomination,
        "closes_at": timezone.localtime(nomination.call.closes_at),
        "draft_url": site_url + reverse("nominations:detail", args=[nomination.pk]),
        "site_url": site_url,
        "action_url": site_url + reverse("nominations:detail", args=[nomination.pk]),
        "action_label": gettext_lazy("Continue your nomination"),
    }
    # In the nominator's preferred language, greeting them by name (accounts.emails).
    send_to_user(nomination.nominator, "scheduling/emails/draft_reminder", context)


def send_draft_reminders(now=None):
    """Sends each due draft's reminder once (through the outbox). Returns how many."""
    now = now or timezone.now()
    sent = 0
    for nomination in drafts_to_remind(now):
        try:
            with transaction.atomic():
                DraftReminder.objects.create(
                    nomination=nomination,
                    call_id=nomination.call_id,
                    user=nomination.nominator,
                    language=language_of(nomination.nominator),
                    sent_at=now,
                )
                _send(nomination)  # a failure here rolls the record back: the next run tries again
        except IntegrityError:
            continue  # another run reminded it meanwhile
        sent += 1
        logger.info("Sent a draft reminder for nomination %s", nomination.pk)
    return sent
