import re

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import User
from tests.factories import UserFactory
from tests.support import with_role

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_sign_up_requires_verifying_the_email_before_signing_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New.Person@Example.NET",
            "first_name": "New",
            "last_name": "Person",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new.person@example.net")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.net"]

    # Signing in before verifying only re-sends the verification link.
    response = client.post("/accounts/login/", {"login": "new.person@example.net", "password": "a-long-pass-phrase-42"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_with_a_clear_message(client):
    user = UserFactory(email="target@example.net")
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong password"})
        assert response.status_code == 200
        assert "The email address and/or password you specified are not correct." in response.content.decode()

    # The sixth attempt is refused even with the right password, with the rate-limit page
    # (its wording and timing: test_rate_limits.py).
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failed_logins_for_one_account_do_not_lock_another(client):
    locked = UserFactory(email="locked@example.net")
    other = UserFactory(email="other@example.net")
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": locked.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_verified_user_signs_in_with_email(client):
    user = UserFactory(email="someone@example.net")
    response = client.post("/accounts/login/", {"login": "SOMEONE@example.net", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_sends_a_link(client):
    UserFactory(email="forgetful@example.net")
    response = client.post("/accounts/password/reset/", {"email": "forgetful@example.net"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    # Wagtail's own login form is not reachable, so its POST cannot bypass the limits.
    response = client.post("/admin/login/?next=/admin/pages/", {"username": "x", "password": "y"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


@pytest.mark.django_db
def test_admin_lockout_applies_to_staff_signing_in_for_the_admin(client):
    staff = UserFactory(email="staff@example.net", is_superuser=True)
    for _attempt in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": "wrong"})
    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account." in response.content.decode()
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    perms = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.select_related("content_type")}
        for g in Group.objects.prefetch_related("permissions")
    }
    assert {"Screeners", "Awards administrators", "Judges", "Panel chairs", "Editors", "Moderators"} <= set(perms)
    for staff_role in ("Screeners", "Awards administrators", "Editors", "Moderators"):
        assert "wagtailadmin.access_admin" in perms[staff_role], staff_role
    assert "wagtailadmin.access_admin" not in perms["Judges"]
    assert "wagtailadmin.access_admin" not in perms["Panel chairs"]
    assert "nominations.change_awardcycle" in perms["Awards administrators"]
    assert "nominations.change_category" in perms["Awards administrators"]
    assert "nominations.change_category" not in perms["Screeners"]
    assert "wagtailimages.add_image" in perms["Editors"]


@pytest.mark.django_db
def test_a_new_sign_up_is_a_nominator_with_no_role(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "plain@example.net",
            "first_name": "Plain",
            "last_name": "Person",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    user = User.objects.get(email="plain@example.net")
    assert not user.groups.exists()
    assert not user.is_staff
    assert not user.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_signed_in_user_without_admin_access_is_told_so_not_looped(client):
    judge = with_role("Judges", "judge@example.net")  # with two factors set up
    client.force_login(judge)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/admin/", 302)]
    assert response.status_code == 200
    assert "You do not have permission to access the admin." in response.content.decode()


@pytest.mark.django_db
def test_staff_role_signing_in_for_the_admin_is_asked_for_the_second_factor(client):
    # The whole two-factor journey is in test_mfa.py.
    screener = with_role("Screeners", "screener@example.net")
    response = client.post("/accounts/login/?next=/admin/", {"login": screener.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
