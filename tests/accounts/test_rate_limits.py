"""Sign-in limits sized for an office behind one address: failures lock the account being
guessed, only slow the address, and a refusal is a page that says when to try again."""

import re

import pytest

from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
OFFICE = "203.0.113.20"
PASS_PHRASE = "a-long-pass-phrase-42"


def office_client(address=OFFICE):
    return Client(REMOTE_ADDR=address)


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_a_hundred_colleagues_sign_in_from_one_office_address_in_the_same_minute(clock):
    colleagues = UserFactory.create_batch(100)
    signed_in = 0
    for colleague in colleagues:
        client = office_client()
        response = sign_in(client, colleague.email)
        assert response.status_code == 302, colleague.email
        signed_in += client.session["_auth_user_id"] == str(colleague.pk)
    assert signed_in == 100


@pytest.mark.django_db
def test_twenty_typos_at_one_address_do_not_lock_out_a_colleague_there(clock):
    others = UserFactory.create_batch(20)
    colleague = UserFactory(email="colleague@example.net")
    typist = office_client()
    for other in others:
        response = sign_in(typist, other.email, "typo")
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in response.content.decode()
    client = office_client()
    response = sign_in(client, colleague.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_the_sixth_failure_for_one_account_gets_a_page_saying_when_to_try_again(clock):
    target = UserFactory(email="target@example.net")
    client = office_client()
    for _attempt in range(5):
        assert sign_in(client, target.email, "guess").status_code == 200
    response = sign_in(client, target.email, "guess")
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    body = response.content.decode()
    assert "Too many failed sign-in attempts for this account." in body
    assert "Try again in about 5 minutes." in body
    assert 'href="/accounts/password/reset/"' in body
    assert "no-store" in response["Cache-Control"]

    # The lock holds for the right password too, and counts down.
    clock.advance(4 * 60 + 30)
    response = sign_in(client, target.email)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Try again in about 1 minute." in response.content.decode()
    assert "_auth_user_id" not in client.session

    clock.advance(30)
    assert sign_in(client, target.email).status_code == 302
    assert client.session["_auth_user_id"] == str(target.pk)


@pytest.mark.django_db
def test_resetting_the_password_lifts_the_lock_as_the_page_says(clock):
    target = UserFactory(email="target@example.net")
    client = office_client()
    for _attempt in range(6):
        sign_in(client, target.email, "guess")
    assert client.post("/accounts/password/reset/", {"email": target.email}).status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": PASS_PHRASE, "password2": PASS_PHRASE})
    assert response.status_code == 302
    response = sign_in(client, target.email, PASS_PHRASE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(target.pk)


@pytest.mark.django_db
def test_the_lock_is_on_the_account_not_the_address(clock):
    target = UserFactory(email="target@example.net")
    colleague = UserFactory(email="colleague@example.net")
    for _attempt in range(6):
        sign_in(office_client(), target.email, "guess")
    # From anywhere, the guessed account stays locked; from the same address, others sign in.
    assert sign_in(office_client("198.51.100.1"), target.email).status_code == 429
    assert sign_in(office_client(), colleague.email).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["testserver:8443", "TESTSERVER", "localhost"])
def test_another_host_header_does_not_give_a_locked_account_a_fresh_allowance(clock, host):
    # allauth keys the lock by the request's host as well: with the port or the case of the
    # Host header varied (both pass ALLOWED_HOSTS), each would count apart.
    target = UserFactory(email="target@example.net")
    for _attempt in range(5):
        sign_in(office_client(), target.email, "guess")
    response = office_client().post("/accounts/login/", {"login": target.email, "password": PASSWORD}, HTTP_HOST=host)
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_address_spraying_guesses_is_slowed_for_a_minute_and_told_so(clock):
    accounts = UserFactory.create_batch(31)
    sprayer = office_client()
    for account in accounts[:30]:
        assert sign_in(sprayer, account.email, "Summer2026!").status_code == 200
    response = sign_in(sprayer, accounts[30].email, "Summer2026!")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert "Too many requests came from your connection in a short time." in body
    assert "Try again in about 1 minute." in body
    # Another address is not slowed, and a minute later this one is not either.
    assert sign_in(office_client("198.51.100.1"), accounts[30].email).status_code == 302
    clock.advance(60)
    assert sign_in(sprayer, accounts[30].email).status_code == 302


@pytest.mark.django_db
def test_sign_ups_past_the_per_address_limit_get_the_page_with_retry_after(clock, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/10m/ip"}
    client = office_client()
    for number in range(2):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{number}@example.net",
                "first_name": "New",
                "last_name": "Person",
                "password1": PASS_PHRASE,
                "password2": PASS_PHRASE,
            },
        )
        assert response.status_code == 302
        client.logout()
    clock.advance(120)
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new2@example.net",
            "first_name": "New",
            "last_name": "Person",
            "password1": PASS_PHRASE,
            "password2": PASS_PHRASE,
        },
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "480"
    assert "Try again in about 8 minutes." in response.content.decode()
    assert not User.objects.filter(email="new2@example.net").exists()


@pytest.mark.django_db
def test_the_rate_limit_page_is_the_sites_page(clock):
    target = UserFactory(email="target@example.net")
    client = office_client()
    for _attempt in range(6):
        response = sign_in(client, target.email, "guess")
    body = response.content.decode()
    assert "<title>Too many attempts · Innovation Awards</title>" in body
    assert '<h1 id="error-heading">Too many attempts</h1>' in body
