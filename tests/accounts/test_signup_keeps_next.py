"""The header's "Sign up" (and "Sign in") keep where the visitor was: signing up from a
call page, then confirming the address in the same browser, lands back on the call page
(allauth keeps ?next= through sign-up and the pending sign-in of email confirmation)."""

import re

import pytest

from django.core import mail

from accounts.models import User
from tests.factories import CallPageFactory

PASSWORD = "a-long-pass-phrase-42"


def sign_up(client, next_url):
    return client.post(
        "/accounts/signup/",
        {
            "email": "curious@example.net",
            "first_name": "Curious",
            "last_name": "Visitor",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def confirm_address(client):
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 200
    return client.post(link)


@pytest.mark.django_db
def test_the_header_links_carry_the_page_the_visitor_is_on(client, call_index):
    call = CallPageFactory(parent=call_index)
    body = client.get(call.url + "?from=home").content.decode()
    here = call.url + "%3Ffrom%3Dhome"
    assert f'href="/accounts/signup/?next={here}"' in body
    assert f'href="/accounts/login/?next={here}"' in body


@pytest.mark.django_db
def test_the_account_pages_do_not_point_back_at_themselves(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/"' in body
    assert "/accounts/signup/?next=/accounts/" not in body


@pytest.mark.django_db
def test_signing_up_from_a_call_page_lands_back_there(client, call_index):
    call = CallPageFactory(parent=call_index)
    body = client.get(f"/accounts/signup/?next={call.url}").content.decode()
    assert f'name="next" value="{call.url}"' in body

    response = sign_up(client, call.url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    response = confirm_address(client)
    assert response.status_code == 302
    assert response["Location"] == call.url
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="curious@example.net").pk


@pytest.mark.django_db
def test_a_next_address_on_another_site_is_not_followed(client):
    sign_up(client, "https://elsewhere.example/phish/")
    response = confirm_address(client)
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]
