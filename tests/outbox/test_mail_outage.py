"""With the mail server down (a real SMTP backend pointed at a closed local port), signing
up and resetting a password answer with the usual "check your email" pages, and the mail
is kept as failed once its attempts are spent."""

import pytest
from allauth.account.models import EmailAddress

from django.core import mail

from accounts.models import User
from outbox.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"
NAME = {"first_name": "New", "last_name": "Person"}


def test_sign_up_with_the_mail_server_down_asks_to_check_the_email(client, mail_server_down):
    response = client.post(
        "/accounts/signup/", {"email": "new.person@example.net", **NAME, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    page = client.get(response["Location"]).content.decode()
    assert "We will email you a link to verify your address." in page
    assert "We will email a confirmation link to new.person@example.net." in page
    assert "We have sent" not in page
    user = User.objects.get(email="new.person@example.net")
    assert not EmailAddress.objects.get(user=user).verified
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.recipients) == ("failed", 5, "new.person@example.net")
    assert email.last_error.startswith("ConnectionRefusedError: ")
    assert mail.outbox == []


def test_a_refused_sign_up_leaves_no_account_and_no_email(client, mail_server_down):
    response = client.post(
        "/accounts/signup/",
        {"email": "new.person@example.net", **NAME, "password1": PASSWORD, "password2": "different"},
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="new.person@example.net").exists()
    assert OutgoingEmail.objects.count() == 0


def test_password_reset_with_the_mail_server_down_asks_to_check_the_email(client, mail_server_down):
    user = UserFactory(email="forgetful@example.net")

    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    page = client.get(response["Location"]).content.decode()
    assert "We will email you a link to reset your password." in page
    assert "We have sent" not in page
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts, email.recipients) == ("failed", 5, "forgetful@example.net")


def test_the_verification_email_is_sent_in_the_language_of_the_request(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "xin@example.net", **NAME, "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["xin@example.net"]
    assert "请" in message.subject + message.body  # allauth's Chinese wording, rendered when queued
