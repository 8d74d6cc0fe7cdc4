"""Reminders to nominators whose draft is still unsubmitted in a call that closes soon.

Each draft is reminded once per call: the reminder is remembered in the shared cache
(cache.add, so two runs at once send it once) until a day after its call closes."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.emails import send_to_user
from nominations.models import Nomination, NominationState

logger = logging.getLogger(__name__)


def reminder_key(nomination):
    return f"scheduling:draft-reminder:{nomination.call_id}:{nomination.pk}"


def drafts_to_remind(now=None, days=None):
    """Drafts of active nominators in calls that are open and close within `days` days."""
    now = now or timezone.now()
    days = settings.DRAFT_REMINDER_DAYS if days is None else days
    return (
        Nomination.objects.filter(
            state=NominationState.DRAFT,
            nominator__is_active=True,
            call__live=True,
            call__opens_at__lte=now,
            call__closes_at__gt=now,
            call__closes_at__lte=now + timedelta(days=days),
        )
        .exclude(nominator__email="")
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
        key = reminder_key(nomination)
        keep = (nomination.call.closes_at - now).total_seconds() + 24 * 60 * 60
        if not cache.add(key, now.isoformat(), keep):
            continue
        try:
            with transaction.atomic():
                _send(nomination)
        except Exception:
            cache.delete(key)  # not sent: the next run tries again
            raise
        sent += 1
        logger.info("Sent a draft reminder for nomination %s", nomination.pk)
    return sent
