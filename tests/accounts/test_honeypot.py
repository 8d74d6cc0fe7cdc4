"""Honeypot fields on the sign-up form and on the first step of a nomination
(accounts.honeypot): hidden from people by the site's CSS, refusing the form when filled."""

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.core import mail

from accounts.models import User
from nominations.models import Nomination
from tests.factories import CallPageFactory, UserFactory
from tests.nominations.helpers import NOMINEE

GENERIC = "Sorry, we could not accept this form. Please check it and send it again."
PASSWORD = "a-long-pass-phrase-42"
SIGN_UP = {
    "email": "new.person@example.net",
    "first_name": "New",
    "last_name": "Person",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def _assert_hidden_from_people(html):
    soup = BeautifulSoup(html, "html.parser")
    field = soup.select_one("input[name=homepage]")
    assert (field["tabindex"], field["autocomplete"], field["aria-hidden"]) == ("-1", "off", "true")
    row = field.find_parent(class_="hp-field")
    assert row is not None
    # Hidden by the class alone: the strict CSP to come forbids inline styles.
    assert not row.select("[style]") and not row.get("style")
    label = row.select_one("label")
    assert "true" in (label.get("aria-hidden"), row.get("aria-hidden"))  # the label, or its whole row
    assert row.select_one("label").get_text(strip=True).startswith("Leave this field empty")


def test_the_sites_css_hides_the_row():
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ".hp-field { position: absolute !important; left: -10000px;" in css


@pytest.mark.django_db
def test_sign_up_form_has_the_hidden_honeypot(client):
    _assert_hidden_from_people(client.get("/accounts/signup/").content)


@pytest.mark.django_db
def test_filled_honeypot_refuses_sign_up_and_creates_nothing(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "homepage": "http://spam.example"})
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [GENERIC]
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_empty_honeypot_signs_up(client):
    response = client.post("/accounts/signup/", {**SIGN_UP, "homepage": ""})
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.net").exists()


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.mark.django_db
def test_start_form_has_the_hidden_honeypot(client, call):
    client.force_login(UserFactory())
    _assert_hidden_from_people(client.get(f"/nominate/{call.pk}/").content)


@pytest.mark.django_db
def test_filled_honeypot_refuses_a_new_nomination(client, call):
    client.force_login(UserFactory())
    response = client.post(f"/nominate/{call.pk}/", {**NOMINEE, "homepage": "cheap pills"})
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].non_field_errors()] == [GENERIC]
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_empty_honeypot_starts_the_draft(client, call):
    client.force_login(UserFactory())
    response = client.post(f"/nominate/{call.pk}/", {**NOMINEE, "homepage": ""})
    assert response.status_code == 302
    assert Nomination.objects.get().nominee_name == "Datong Graphene Co."
