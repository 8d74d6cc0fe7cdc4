"""Staff, judges and chairs need two factors before the admin or the judging pages."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from tests.factories import UserFactory
from tests.judging.factories import JudgeProfileFactory
from tests.nominations.conftest import with_role

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret=SECRET):
    """The code for the clock's 30-second period (the test freezes the clock: the server,
    in this process, checks that same period)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/snippets/nominations/nomination/"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, path):
    screener = UserFactory(email="new-screener@example.net")
    from django.contrib.auth.models import Group

    screener.groups.add(Group.objects.get(name="Screeners"))
    client.force_login(screener)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=")


@pytest.mark.django_db
def test_judges_without_an_authenticator_are_sent_to_set_one_up(client):
    judge = JudgeProfileFactory()
    Authenticator.objects.filter(user=judge.user).delete()
    client.force_login(judge.user)
    response = client.get("/judging/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.django_db
def test_nominators_are_never_asked_for_a_second_factor(client):
    client.force_login(UserFactory(email="plain@example.net"))
    assert client.get("/nominations/").status_code == 200
    response = client.get("/judging/")
    assert not response.get("Location", "").startswith("/accounts/2fa/")


@pytest.mark.django_db
def test_staff_with_an_authenticator_sign_in_with_a_code_and_reach_the_admin(client, time_machine):
    # The clock stands still: the code typed is never one whose period ends before it is checked.
    time_machine.move_to(time.time(), tick=False)
    screener = with_role("Screeners", "screener@example.net")
    Authenticator.objects.filter(user=screener).delete()
    TOTP.activate(screener, SECRET)
    response = client.post("/accounts/login/?next=/admin/", {"login": screener.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    code = current_code()
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
