"""Background work for the office: sending a message to nominators, one email per person in
their language, through the outbox (accounts.emails). Run by django-tasks, like
nominations.tasks."""

import logging

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.emails import language_of, send_to_user
from office.models import MessageRecipient, NominatorMessage

logger = logging.getLogger(__name__)


def _context(message, language):
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    subject, body = message.version(language)
    return {
        "subject": subject,
        "body": body,
        "greet": message.filters.get("greet", True),
        "site_url": site_url,
        "action_url": site_url + reverse("nominations:mine"),
        "action_label": gettext_lazy("Your nominations"),
    }


def _send_one(message, recipient_id):
    """Emails one recipient, unless done already; marking it sent commits with the outbox's
    row, so a retried task never emails anyone twice."""

    with transaction.atomic():
        recipient = MessageRecipient.objects.select_for_update().filter(pk=recipient_id).first()
        if recipient is None or recipient.sent_at or recipient.skipped:
            return False
        user = recipient.user
        if user is None or not user.is_active or not user.email:
            # Closed or emptied since the message was written.
            recipient.skipped = True
            recipient.save(update_fields=["skipped"])
            return False
        recipient.language = language_of(user)
        send_to_user(user, "office/messages/email", _context(message, recipient.language))
        recipient.sent_at = timezone.now()
        recipient.save(update_fields=["language", "sent_at"])
    return True


@task()
def send_nominator_message(*, message_id):
    """Sends a message to each of its recipients not yet emailed. Returns how many now."""
    from office.services import mark_sent_if_done  # noqa: PLC0415 (office.services imports this module)

    message = NominatorMessage.objects.filter(pk=message_id).first()
    if message is None:
        return 0
    pending = list(
        message.recipients.filter(sent_at__isnull=True, skipped=False).order_by("pk").values_list("pk", flat=True)
    )
    sent = sum(_send_one(message, recipient_id) for recipient_id in pending)
    mark_sent_if_done(message)
    logger.info("Sent message %s to %s nominators", message.pk, sent)
    return sent
