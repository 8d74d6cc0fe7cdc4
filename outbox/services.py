"""Queueing, delivering and retrying outgoing email (see outbox.models)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox.messages import deserialise, serialise
from outbox.models import OutgoingEmail
from outbox.queueing import enqueue_on_commit, runs_in_process

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
# Wait this long before the 2nd, 3rd... attempt; after the last delay's attempt, give up.
DEFAULT_RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def retry_delays():
    return tuple(getattr(settings, "OUTBOX_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def _delivery_task():
    from outbox.tasks import deliver_email  # noqa: PLC0415 (outbox.tasks imports this module)

    return deliver_email


def _enqueue_delivery(email):
    task = _delivery_task()
    if runs_in_process(task):
        # The immediate backend (tests): deliver now, as Django's own backends would.
        task.enqueue(email_id=email.pk)
    else:
        enqueue_on_commit(task, email_id=email.pk)


def queue(*, messages):
    """Stores each message with recipients, in the caller's transaction, and queues its
    delivery. Returns the rows."""
    emails = []
    for message in messages:
        recipients = message.recipients()
        if not recipients:
            continue
        emails.append(
            OutgoingEmail(
                subject=str(message.subject)[:255],
                recipients=", ".join(recipients),
                message=serialise(message),
                next_attempt_at=timezone.now(),
            )
        )
    with transaction.atomic():
        for email in emails:
            email.save()
        for email in emails:
            _enqueue_delivery(email)
    return emails


def _describe(error):
    return f"{type(error).__name__}: {error}"[:1000]


def _schedule_retry(email):
    task = _delivery_task()
    if task.get_backend().supports_defer:
        task.using(run_after=email.next_attempt_at).enqueue(email_id=email.pk)
    else:
        task.enqueue(email_id=email.pk)  # no deferred tasks (the immediate backend): try again now


def _record_failure(email, error, now):
    email.last_error = _describe(error)
    delays = retry_delays()
    if email.attempts <= len(delays):
        email.status = Status.PENDING
        email.next_attempt_at = now + timedelta(seconds=delays[email.attempts - 1])
        email.save(update_fields=["status", "last_error", "next_attempt_at"])
        logger.warning("Email %s: attempt %s failed (%s), will try again", email.pk, email.attempts, email.last_error)
        _schedule_retry(email)
        return "retrying"
    email.status = Status.FAILED
    email.failed_at = now
    email.next_attempt_at = None
    email.save(update_fields=["status", "last_error", "next_attempt_at", "failed_at"])
    logger.error("Email %s failed after %s attempts: %s", email.pk, email.attempts, email.last_error)
    return "failed"


def deliver(*, email_id):
    """One attempt to send a queued email through the real backend (OUTBOX_EMAIL_BACKEND).
    Sent: the row is deleted. Failed: retried later, or marked failed after the last try.
    Returns what happened, in a word."""
    now = timezone.now()
    # Claim the row first, so two tasks for one email (a sweep, a double retry) send it once.
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=Status.PENDING).update(
        status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        connection = get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)
        connection.send_messages([deserialise(email.message)])
    except Exception as error:  # whatever the mail server or network did: try again later
        return _record_failure(email, error, now)
    email.delete()
    return "sent"


def retry(*, emails):
    """Sends failed emails again, with a fresh round of attempts. Returns how many."""
    ids = [email.pk for email in emails if email.status == Status.FAILED]
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk__in=ids, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, failed_at=None, next_attempt_at=timezone.now()
        )
        for email in OutgoingEmail.objects.filter(pk__in=ids):
            _enqueue_delivery(email)
    return len(ids)


def sweep(*, now=None):
    """Queues again what no task will deliver: a pending email whose task never ran (its
    queue lost it) or one left "being sent" by a worker that died. Deletes failed emails
    past OUTBOX_FAILED_RETENTION_DAYS. Returns (queued again, deleted)."""
    now = now or timezone.now()
    grace = timedelta(seconds=getattr(settings, "OUTBOX_STUCK_AFTER_SECONDS", 60 * 60))
    stuck = OutgoingEmail.objects.filter(status=Status.SENDING, last_attempt_at__lt=now - grace)
    stuck.update(status=Status.PENDING)
    stranded = list(OutgoingEmail.objects.filter(status=Status.PENDING, next_attempt_at__lt=now - grace))
    for email in stranded:
        _enqueue_delivery(email)
    retention = timedelta(days=getattr(settings, "OUTBOX_FAILED_RETENTION_DAYS", 30))
    deleted, _ = OutgoingEmail.objects.filter(status=Status.FAILED, failed_at__lt=now - retention).delete()
    return len(stranded), deleted
