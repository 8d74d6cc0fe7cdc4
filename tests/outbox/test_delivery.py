from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction

from outbox import services
from outbox.models import OutgoingEmail
from tests.outbox.helpers import run_ready_tasks, smtp_at

pytestmark = pytest.mark.django_db

DELIVER = "outbox.tasks.deliver_email"


def test_an_email_is_delivered_by_a_task_and_its_row_deleted():
    sent = send_mail("Hello", "Body text", None, ["someone@example.net"])

    assert sent == 1
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [("Hello", "Body text", ["someone@example.net"])]
    assert OutgoingEmail.objects.count() == 0


def test_html_part_attachments_and_headers_survive_the_queue():
    message = EmailMultiAlternatives(
        "Report",
        "Plain",
        "office@example.org",
        ["a@example.net"],
        cc=["b@example.net"],
        bcc=["c@example.net"],
        reply_to=["reply@example.org"],
        headers={"X-Awards": "1"},
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.attach("notes.txt", "Some notes", "text/plain")
    message.attach("scan.bin", b"\x00\xffbytes", "application/octet-stream")
    message.send()

    [delivered] = mail.outbox
    assert (delivered.subject, delivered.body, delivered.from_email) == ("Report", "Plain", "office@example.org")
    assert (delivered.to, delivered.cc, delivered.bcc) == (["a@example.net"], ["b@example.net"], ["c@example.net"])
    assert delivered.reply_to == ["reply@example.org"]
    assert delivered.extra_headers["X-Awards"] == "1"
    assert "Message-ID" in delivered.extra_headers
    assert [tuple(a) for a in delivered.alternatives] == [("<p>Rich</p>", "text/html")]
    assert [tuple(a) for a in delivered.attachments] == [
        ("notes.txt", "Some notes", "text/plain"),
        ("scan.bin", b"\x00\xffbytes", "application/octet-stream"),
    ]


def test_a_refused_connection_is_retried_then_kept_as_failed(mail_server_down):
    send_mail("Receipt", "Body", None, ["nominator@example.net"])

    assert mail.outbox == []
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 5  # the first and one after each of the four delays
    assert email.recipients == "nominator@example.net"
    assert email.subject == "Receipt"
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert email.failed_at == email.last_attempt_at
    assert email.next_attempt_at is None


def test_a_server_that_never_answers_is_given_up_after_the_timeout(settings, silent_port):
    smtp_at(settings, silent_port, timeout=1)
    settings.OUTBOX_RETRY_DELAYS = []

    send_mail("Receipt", "Body", None, ["nominator@example.net"])

    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert email.last_error.startswith(("TimeoutError: ", "SMTPServerDisconnected: "))


def test_the_timeout_comes_from_the_environment_with_a_default_of_ten_seconds():
    from awards_site.settings import base

    assert base.EMAIL_TIMEOUT == 10
    assert base.EMAIL_BACKEND == "outbox.backends.OutboxBackend"
    assert base.OUTBOX_RETRY_DELAYS == [60, 300, 1800, 7200]


def test_each_failed_attempt_is_tried_again_after_the_next_delay(db_queue, mail_server_down):
    send_mail("Receipt", "Body", None, ["nominator@example.net"])
    email = OutgoingEmail.objects.get()
    [first] = DBTaskResult.objects.all()
    assert (first.task_path, first.args_kwargs["kwargs"]) == (DELIVER, {"email_id": email.pk})

    for attempt, delay in enumerate([60, 300, 1800, 7200], start=1):
        assert run_ready_tasks() == [DELIVER]
        email.refresh_from_db()
        assert (email.status, email.attempts) == (OutgoingEmail.Status.PENDING, attempt)
        assert email.next_attempt_at == email.last_attempt_at + timedelta(seconds=delay)
        [retry] = DBTaskResult.objects.filter(status="READY")
        assert retry.run_after == email.next_attempt_at
        assert run_ready_tasks() == []  # not due yet
        retry.run_after -= timedelta(seconds=delay)  # the delay passes
        retry.save(update_fields=["run_after"])

    assert run_ready_tasks() == [DELIVER]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 5)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert mail.outbox == []


def test_a_retry_that_reaches_the_server_delivers_and_forgets_the_email(settings, db_queue, mail_server_down):
    send_mail("Receipt", "Body", None, ["nominator@example.net"])
    run_ready_tasks()
    DBTaskResult.objects.filter(status="READY").update(run_after=DBTaskResult.objects.get(status="READY").enqueued_at)
    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back

    assert run_ready_tasks() == [DELIVER]
    assert [m.subject for m in mail.outbox] == ["Receipt"]
    assert OutgoingEmail.objects.count() == 0


def test_two_tasks_for_one_email_send_it_once(db_queue):
    send_mail("Receipt", "Body", None, ["nominator@example.net"])
    email = OutgoingEmail.objects.get()
    from outbox.tasks import deliver_email

    deliver_email.enqueue(email_id=email.pk)  # e.g. a sweep queued it again meanwhile

    assert run_ready_tasks() == [DELIVER, DELIVER]
    assert len(mail.outbox) == 1


def test_an_email_rolled_back_with_its_transaction_is_never_queued(db_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Receipt", "Body", None, ["nominator@example.net"])
        raise RuntimeError("the change failed")

    assert OutgoingEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_a_message_without_recipients_is_not_stored():
    assert send_mail("Nobody", "Body", None, []) == 0
    assert OutgoingEmail.objects.count() == 0


def test_sweep_queues_stranded_email_again_and_deletes_old_failures(db_queue):
    send_mail("Stranded", "Body", None, ["a@example.net"])
    send_mail("Old failure", "Body", None, ["b@example.net"])
    DBTaskResult.objects.all().delete()  # their tasks were lost
    stranded, old = OutgoingEmail.objects.order_by("pk")
    now = stranded.created_at + timedelta(hours=2)
    old.status, old.failed_at = OutgoingEmail.Status.FAILED, now - timedelta(days=31)
    old.save()

    assert services.sweep(now=now) == (1, 1)
    assert list(OutgoingEmail.objects.all()) == [stranded]
    assert run_ready_tasks() == [DELIVER]
    assert [m.subject for m in mail.outbox] == ["Stranded"]
