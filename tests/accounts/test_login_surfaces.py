"""Every way to sign in goes through allauth (rate limits, email verification, two factors).

The first test walks the whole URL map and posts a staff member's right email and password
to every view: only allauth's own account views may leave the visitor signed in."""

import pytest

from django.test import Client
from django.urls import resolve

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.accounts.helpers import view_module, walk_url_map
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    """A verified superuser with no second factor: nothing but a password stands in the way."""
    return UserFactory(email="chief@example.net", is_superuser=True, is_staff=True)


@pytest.fixture
def restrictions(home_page):
    """A page and a collection behind a shared password that is also the staff member's
    account password: passing either restriction must still not sign anyone in."""
    page_restriction = PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    return {
        "page_view_restriction_id": page_restriction.pk,
        "page_id": home_page.pk,
        "restriction_id": collection_restriction.pk,
    }


@pytest.mark.django_db
def test_no_view_but_allauths_signs_anyone_in_with_a_password(staff, restrictions):
    credentials = {
        "login": staff.email,
        "email": staff.email,
        "username": staff.email,
        "password": PASSWORD,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    client = Client(raise_request_exception=False)
    walked, signed_in_by, allauth_signed_in = set(), [], False
    for path, pattern in walk_url_map(restrictions):
        if path in walked:
            continue
        walked.add(path)
        client.post(path, credentials)
        if "_auth_user_id" not in client.session:
            continue
        served_by = resolve(path).func
        if view_module(served_by).startswith("allauth."):
            allauth_signed_in = True
        else:
            signed_in_by.append((path, pattern.name, view_module(served_by)))
        client.logout()
    assert signed_in_by == []
    # The walk did reach the URLs that matter, and allauth's own login did sign in.
    assert {
        "/_util/login/",
        "/admin/login/",
        "/accounts/login/",
        "/_util/authenticate_with_password/{page_view_restriction_id}/{page_id}/".format(**restrictions),
        "/documents/authenticate_with_password/{restriction_id}/".format(**restrictions),
    } <= walked
    assert allauth_signed_in
    assert len(walked) > 300


@pytest.mark.django_db
def test_wagtails_front_end_login_sends_people_to_allauth_keeping_next(client, staff):
    response = client.get("/_util/login/?next=/winners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fwinners%2F"
    response = client.post("/_util/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_login_only_page_sends_visitors_to_allauths_sign_in(client, home_page):
    PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/en/"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/en", "/zh-hans"])
def test_wagtails_front_end_login_under_a_language_prefix_goes_to_allauth_too(client, staff, prefix):
    response = client.post(f"{prefix}/_util/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_thirty_wrong_passwords_through_wagtails_login_are_stopped_by_allauths_limits(client, staff):
    refused = 0
    for attempt in range(30):
        response = client.post("/_util/login/?next=/admin/", {"username": staff.email, "password": f"guess {attempt}"})
        assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
        # A browser follows with the form on allauth's page: that is the only password check.
        response = client.post(response["Location"], {"login": staff.email, "password": f"guess {attempt}"})
        refused += response.status_code == 429
    assert refused == 25  # five failures for one account, then allauth's lock
    # Even the right password, on either page, does not sign in while the lock holds.
    client.post("/_util/login/", {"username": staff.email, "password": PASSWORD})
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_page_password_cannot_be_guessed_at_full_speed(client, home_page, clock):
    restriction = PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.PASSWORD, password="the shared secret"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{home_page.pk}/"
    prefixed = f"/zh-hans/_util/authenticate_with_password/{restriction.pk}/{home_page.pk}/"
    for attempt in range(20):
        # Half the guesses through the language-prefixed address: one limit counts both.
        response = client.post(prefixed if attempt % 2 else url, {"password": f"guess {attempt}", "return_url": "/"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post(url, {"password": "the shared secret", "return_url": "/"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Try again in about 1 minute." in response.content.decode()
    clock.advance(60)
    response = client.post(url, {"password": "the shared secret", "return_url": "/"})
    assert response.status_code == 302
    assert client.get("/en/").status_code == 200
    assert "_auth_user_id" not in client.session
