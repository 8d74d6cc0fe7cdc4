"""The profile: asked for at sign-up, shown and edited on "My account"; names read naturally
in Chinese; allauth's own emails are written in the recipient's language, greet them by
name and carry the product's name."""

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "a-long-pass-phrase-42"


def test_chinese_names_read_family_name_first_without_a_space():
    assert User(first_name="伟", last_name="张").get_full_name() == "张伟"
    assert str(User(email="x@example.net", first_name="伟", last_name="张")) == "张伟"
    assert User(first_name="Mei", last_name="Lin").get_full_name() == "Mei Lin"
    assert User(first_name="Mei", last_name="").display_name == "Mei"


@pytest.mark.django_db
def test_sign_up_offers_the_browsing_language_and_stores_the_profile(client):
    page = BeautifulSoup(client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="zh-hans").content, "html.parser")
    assert page.select_one("select[name=preferred_language] option[selected]")["value"] == "zh-hans"
    for name in ("first_name", "last_name", "organisation", "phone"):
        assert page.select_one(f"input[name={name}]") is not None

    # Browsing in English, choosing Chinese for emails.
    response = client.post(
        "/accounts/signup/",
        {
            "email": "wei@example.net",
            "first_name": "伟",
            "last_name": "张",
            "organisation": "城市大学",
            "phone": "+86 (10) 1234-5678",
            "preferred_language": "zh-hans",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="wei@example.net")
    assert (user.get_full_name(), user.organisation, user.phone, user.preferred_language) == (
        "张伟",
        "城市大学",
        "+86 (10) 1234-5678",
        "zh-hans",
    )
    # allauth's verification email: in the language chosen, greeting by name, the product's name.
    [message] = mail.outbox
    assert "请确认" in message.subject
    assert message.body.startswith("尊敬的")
    assert "张伟" in message.body
    assert "创新奖" in message.body  # the product's name, in Chinese
    assert "Hello from" not in message.body


@pytest.mark.django_db
def test_sign_up_needs_a_name_and_a_plausible_phone(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.net", "phone": "call me", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "last_name", "phone"}
    assert not User.objects.filter(email="x@example.net").exists()


@pytest.mark.django_db
def test_password_reset_email_is_in_the_users_language_not_the_requests(client):
    UserFactory(email="mei@example.net", first_name="Mei", last_name="Lin", preferred_language="en")

    response = client.post(
        "/accounts/password/reset/", {"email": "mei@example.net"}, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HOST="127.0.0.1"
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.body.startswith("Dear Mei Lin,")
    assert "Thank you for using Innovation Awards!" in message.body
    assert "using 127.0.0.1" not in message.body


@pytest.mark.django_db
def test_an_email_to_an_unknown_address_is_in_the_requests_language_and_names_the_product(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.net"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    [message] = mail.outbox
    assert "创新奖" in message.body
    assert "Innovation Awards" not in message.body


# My account ---------------------------------------------------------------------------


@pytest.fixture
def person(db):
    return UserFactory(email="mei@example.net", first_name="Mei", last_name="Lin", organisation="City Lab")


def test_my_account_needs_signing_in(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_account_shows_the_profile_and_links_password_and_two_factors(client, person):
    client.force_login(person)
    page = BeautifulSoup(client.get("/accounts/profile/").content, "html.parser")

    assert page.select_one("input[name=first_name]")["value"] == "Mei"
    assert page.select_one("input[name=organisation]")["value"] == "City Lab"
    links = {a["href"] for a in page.select("main a")}
    assert {reverse("account_change_password"), reverse("mfa_index"), reverse("account_email")} <= links
    assert page.select_one(f"header a[href='{reverse('account_profile')}']") is not None


def test_my_account_edits_the_profile_and_shows_errors_keeping_the_input(client, person):
    client.force_login(person)
    refused = {
        "first_name": "",
        "last_name": "Lin",
        "organisation": "Harbour Works",
        "phone": "ring me",
        "preferred_language": "zh-hans",
    }

    response = client.post("/accounts/profile/", refused)

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#id_first_name_errors") is not None
    assert len(response.context["form"].errors["phone"]) == 1
    assert page.select_one("input[name=organisation]")["value"] == "Harbour Works"
    assert page.select_one("input[name=phone]")["value"] == "ring me"
    person.refresh_from_db()
    assert (person.first_name, person.organisation, person.preferred_language) == ("Mei", "City Lab", "en")

    response = client.post("/accounts/profile/", {**refused, "first_name": "Mei", "phone": "020 7946 0000"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    person.refresh_from_db()
    assert (person.organisation, person.phone, person.preferred_language) == (
        "Harbour Works",
        "020 7946 0000",
        "zh-hans",
    )


def test_staff_without_two_factors_still_reach_their_profile(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_the_admin_sets_a_new_judges_profile_and_language(client):
    from accounts.mfa import activate_totp

    root = UserFactory(email="root@example.net", is_superuser=True, is_staff=True)
    activate_totp(root)
    client.force_login(root)
    form = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="preferred_language"' in form and 'name="organisation"' in form
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new-judge@example.net",
            "first_name": "伟",
            "last_name": "张",
            "organisation": "Shanxi University",
            "phone": "not a phone",
            "preferred_language": "zh-hans",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 200  # the phone is refused, nothing saved
    assert not User.objects.filter(email="new-judge@example.net").exists()
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new-judge@example.net",
            "first_name": "伟",
            "last_name": "张",
            "organisation": "Shanxi University",
            "phone": "+86 351 123 4567",
            "preferred_language": "zh-hans",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    judge = User.objects.get(email="new-judge@example.net")
    assert (judge.organisation, judge.phone, judge.preferred_language) == (
        "Shanxi University",
        "+86 351 123 4567",
        "zh-hans",
    )
    edit = client.get(reverse("wagtailusers_users:edit", args=[judge.pk])).content.decode()
    assert 'value="Shanxi University"' in edit
