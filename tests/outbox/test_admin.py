import pytest

from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outbox.messages import serialise
from outbox.models import OutgoingEmail
from tests.support import with_role

pytestmark = pytest.mark.django_db

SECRET_LINK = "http://testserver/accounts/password/reset/key/secret-key/"


@pytest.fixture
def failed():
    message = EmailMessage("Password reset", f"Follow {SECRET_LINK}", None, ["forgetful@example.net"])
    now = timezone.now()
    return OutgoingEmail.objects.create(
        status=OutgoingEmail.Status.FAILED,
        subject=message.subject,
        recipients="forgetful@example.net",
        message=serialise(message),
        attempts=5,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        last_attempt_at=now,
        failed_at=now,
    )


def login(client, role, email):
    client.force_login(with_role(role, email))
    return client


def test_awards_administrators_see_failed_email_but_never_its_body(client, failed):
    login(client, "Awards administrators", "office@example.net")

    listing = client.get("/admin/outbox/")
    inspect = client.get(f"/admin/outbox/inspect/{failed.pk}/")

    assert listing.status_code == inspect.status_code == 200
    for page in (listing.content.decode(), inspect.content.decode()):
        assert "Password reset" in page
        assert "forgetful@example.net" in page
        assert SECRET_LINK not in page
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in inspect.content.decode()
    assert f'action="/admin/outbox/retry/{failed.pk}/"' in inspect.content.decode()


def test_no_one_adds_or_edits_outgoing_email(client, failed):
    login(client, "Awards administrators", "office@example.net")

    assert client.get("/admin/outbox/new/").status_code == 404
    assert client.get(f"/admin/outbox/edit/{failed.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["Screeners", "Editors"])
def test_other_staff_cannot_see_or_retry_outgoing_email(client, failed, role):
    login(client, role, "staff@example.net")

    listing = client.get("/admin/outbox/")
    retry = client.post(f"/admin/outbox/retry/{failed.pk}/")

    assert listing.status_code == 302  # Wagtail's "no permission" redirect to the dashboard
    assert "forgetful@example.net" not in client.get(listing["Location"]).content.decode()
    assert retry.status_code == 302  # likewise
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED
    assert mail.outbox == []


def test_retry_sends_a_failed_email_again(client, failed):
    login(client, "Awards administrators", "office@example.net")

    response = client.post(f"/admin/outbox/retry/{failed.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/outbox/"
    assert [(m.subject, m.to) for m in mail.outbox] == [("Password reset", ["forgetful@example.net"])]
    assert OutgoingEmail.objects.count() == 0


def test_retry_with_the_server_still_down_keeps_it_failed_with_fresh_attempts(client, failed, mail_server_down):
    login(client, "Awards administrators", "office@example.net")
    before = failed.failed_at

    client.post(f"/admin/outbox/retry/{failed.pk}/")

    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.FAILED, 5)
    assert failed.failed_at > before
    assert mail.outbox == []


def _queries_for_listing(client, rows):
    message = EmailMessage("Notice", "Body", None, ["someone@example.net"])
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(subject="Notice", recipients="someone@example.net", message=serialise(message))
        for _ in range(rows)
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/outbox/").status_code == 200
    return len(queries)


def test_the_listing_costs_the_same_queries_for_few_and_many_emails(client):
    login(client, "Awards administrators", "office@example.net")
    client.get("/admin/outbox/")  # warm the session, site and menu caches

    few = _queries_for_listing(client, 2)
    many = _queries_for_listing(client, 20)

    assert few == many
