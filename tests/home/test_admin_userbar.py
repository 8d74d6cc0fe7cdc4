"""The Wagtail user bar shows to those who may reach the admin, and only to them, without
reading every permission of everyone else (home.templatetags.admin_userbar reads what the
two-factor check found, accounts.mfa.mfa_facts)."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.mfa import activate_totp
from tests.factories import UserFactory

PERMISSION_TABLES = ("auth_group_permissions", "accounts_user_user_permissions")


def _page(client, user, path="/en/"):
    client.force_login(user)
    client.get(path)  # per-process caches (content types, site) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    permission_reads = [q["sql"] for q in queries if any(table in q["sql"] for table in PERMISSION_TABLES)]
    return response.content.decode(), permission_reads


@pytest.mark.django_db
def test_a_nominator_gets_no_user_bar_and_no_permission_is_read(client, home_page):
    body, permission_reads = _page(client, UserFactory())
    assert "wagtail-userbar" not in body
    # Only the two-factor check's one query touches the permission tables (as EXISTS).
    assert len(permission_reads) == 1 and "EXISTS" in permission_reads[0]


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["superuser", "group", "own permission"])
def test_whoever_may_reach_the_admin_gets_the_user_bar(client, home_page, how):
    user = UserFactory(is_superuser=how == "superuser", is_staff=how == "superuser")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    if how == "group":
        group = Group.objects.create(name="Editors of the test")
        group.permissions.add(access)
        user.groups.add(group)
    elif how == "own permission":
        user.user_permissions.add(access)
    activate_totp(user)
    body, _reads = _page(client, user)
    assert "wagtail-userbar" in body


@pytest.mark.django_db
def test_an_inactive_superuser_gets_no_user_bar(client, home_page):
    """As Django's own permission check: an inactive account holds no permission."""
    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get("/en/")
    assert "wagtail-userbar" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("active", [True, False])
def test_the_header_links_an_active_judge_to_judging_with_no_query_of_its_own(client, home_page, active):
    from tests.factories import JudgeProfileFactory

    judge = JudgeProfileFactory(active=active)
    activate_totp(judge.user)
    client.force_login(judge.user)
    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/en/").content.decode()
    assert ('href="/judging/"' in body) is active
    # The judge profile is read only inside the two-factor check's one query.
    assert [q["sql"] for q in queries if q["sql"].startswith('SELECT "judging_judgeprofile"')] == []
