"""Sending a message to nominators: the message and one row per person written in one
transaction, the sending queued with it (outbox.queueing), so the message either exists with
its recipients and its queued task, or not at all. The compose form's token makes a second
click on "Send" (or a resent form) find the first message instead of sending another."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.emails import language_of
from accounts.models import User
from office import messaging
from office.models import MessageRecipient, NominatorMessage
from office.tasks import send_nominator_message
from outbox.queueing import enqueue_on_commit


class NothingToSend(Exception):
    """No nominator matches the filters."""


def send_message(*, token, filters, texts, greet, by):
    """Records the message for everyone the filters reach and queues its sending.
    Returns (message, created): created is False when this token was already used.
    Raises NothingToSend when nobody matches."""
    with transaction.atomic():
        existing = NominatorMessage.objects.select_for_update().filter(token=token).first()
        if existing is not None:
            return existing, False
        grouped = messaging.recipients(filters)
        if not grouped:
            raise NothingToSend
        try:
            with transaction.atomic():
                message = NominatorMessage.objects.create(
                    token=token,
                    filters={**filters.as_json(), "greet": greet},
                    filters_text=messaging.describe(filters),
                    created_by=by,
                    recipient_count=len(grouped),
                    nomination_count=sum(len(ids) for ids in grouped.values()),
                    **texts,
                )
        except IntegrityError:
            # The same form sent twice at once: the other request made it first.
            return NominatorMessage.objects.get(token=token), False
        _record_recipients(message, grouped)
        enqueue_on_commit(send_nominator_message, message_id=message.pk)
    return message, True


def _record_recipients(message, grouped):

    languages = {
        user.pk: language_of(user) for user in User.objects.filter(pk__in=grouped).only("pk", "preferred_language")
    }
    rows = MessageRecipient.objects.bulk_create(
        MessageRecipient(message=message, user_id=user_id, language=languages[user_id]) for user_id in grouped
    )
    links = MessageRecipient.nominations.through
    links.objects.bulk_create(
        links(messagerecipient_id=row.pk, nomination_id=nomination_id)
        for row in rows
        for nomination_id in grouped[row.user_id]
    )


def mark_sent_if_done(message, now=None):
    """The message is sent once no recipient is waiting."""
    if not message.recipients.filter(sent_at__isnull=True, skipped=False).exists():
        NominatorMessage.objects.filter(pk=message.pk).update(
            status=NominatorMessage.Status.SENT, sent_at=now or timezone.now()
        )
