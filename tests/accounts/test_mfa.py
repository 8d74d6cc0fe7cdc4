"""Staff, judges and chairs need two factors before the admin or the judging pages."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from tests.factories import JudgeProfileFactory, UserFactory
from tests.support import with_role

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


@pytest.mark.django_db
def test_the_facts_are_each_users_own_from_the_query_compiled_once():
    """mfa_facts runs SQL the ORM compiled once per process with the user's id put in: each
    user, asked one after the other, gets their own facts, as the ORM's own query says."""
    from django.contrib.auth.models import Group, Permission

    from accounts.mfa import _facts_query, activate_totp, mfa_facts

    nominator = UserFactory()
    judge = JudgeProfileFactory(active=False).user
    activate_totp(judge)
    editor = UserFactory()
    editors = Group.objects.create(name="Editors of the test")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    editor.groups.add(editors)
    answers = {user.email: mfa_facts(user) for user in (nominator, judge, editor, nominator)}
    assert answers == {nominator.email: (False, False), judge.email: (True, True), editor.email: (True, False)}
    for user in (nominator, judge, editor):
        admin_access, _profile, active_judge, _totp = _facts_query(user.pk).get()
        mfa_facts(user)
        assert (user.reaches_admin, user.is_active_judge) == (bool(admin_access), bool(active_judge))
    assert (editor.reaches_admin, judge.is_active_judge) == (True, False)
