"""Staff, judges and chairs without two factors reach the public site and their account
pages only: every other view, whatever its path, sends them to set up an authenticator."""

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import resolve

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from accounts.mfa import activate_totp
from nominations.models import NominationFile
from tests.accounts.helpers import view_module, walk_url_map
from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance

SETUP = "/accounts/2fa/totp/activate/"
PDF = b"%PDF-1.4\n%%EOF\n"
STAFF_ROLES = ["Editors", "Moderators", "Screeners"]
# What the test expects such a person may reach, written out here rather than read from
# accounts.mfa, so that a view slipping onto the allowlist fails this test.
OPEN_URL_NAMES = {
    "wagtail_serve",
    "wagtaildocs_serve",
    "search",
    "sitemap",
    "winners_feed",
    "media",
    "set_language_get",
    "set_language",
    "favicon",
    "admin_login_redirect",
    "wagtailcore_login_redirect",
    "nominee_consent",
    "account_profile",
    "health",
}


def staff_member(role, *, with_mfa):
    user = UserFactory(email=f"{role.lower()}@example.net")
    user.groups.add(Group.objects.get(name=role))
    if with_mfa:
        activate_totp(user)
    return user


@pytest.fixture
def nomination_file(call_index):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index))
    advance(nomination, "submit", by=nomination.nominator)
    record = NominationFile(
        nomination=nomination,
        kind="document",
        original_name="report.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    record.file.save("report.pdf", ContentFile(PDF), save=True)
    return record


def assert_sent_to_setup(response, path):
    assert response.status_code == 302, path
    assert response["Location"] == f"{SETUP}?next={quote(path, safe='')}", path


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_files_and_the_admin(client, role, nomination_file):
    client.force_login(staff_member(role, with_mfa=False))
    for path in (f"/nominations/files/{nomination_file.pk}/", "/admin/", "/admin/snippets/nominations/nomination/"):
        assert_sent_to_setup(client.get(path), path)


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_with_an_authenticator_reach_the_admin_and_the_files_their_role_permits(client, role, nomination_file):
    client.force_login(staff_member(role, with_mfa=True))
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/nominations/files/{nomination_file.pk}/")
    if role == "Screeners":
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    else:
        # Past the second factor, the file's own permission check answers: only the awards
        # office opens nomination files.
        assert response.status_code == 404


@pytest.mark.django_db
def test_without_an_authenticator_they_still_reach_public_pages_their_account_and_sign_out(client, home_page):
    client.force_login(staff_member("Editors", with_mfa=False))
    # (Setting up the authenticator first asks for the password again: /accounts/reauthenticate/.)
    for path in ("/en/", "/zh-hans/search/?q=award", "/accounts/email/", "/accounts/2fa/", "/accounts/reauthenticate/"):
        assert client.get(path).status_code == 200, path
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_every_view_but_the_public_and_account_ones_asks_for_the_second_factor(client, home_page):
    """Walks the whole URL map: a view added tomorrow is covered without a change here."""
    client.force_login(staff_member("Awards administrators", with_mfa=False))
    client.raise_request_exception = False
    checked, open_views = 0, set()
    for path, _pattern in walk_url_map({"page_id": home_page.pk}):
        match = resolve(path)
        if match.url_name in OPEN_URL_NAMES or view_module(match.func).startswith("allauth."):
            open_views.add(match.url_name)
            continue
        assert_sent_to_setup(client.get(path), path)
        checked += 1
    assert checked > 300
    assert {"wagtail_serve", "account_login", "account_logout", "mfa_activate_totp"} <= open_views


@pytest.mark.django_db
def test_judges_without_an_authenticator_are_sent_from_the_judges_files(client):
    from tests.factories import JudgeProfileFactory

    judge = JudgeProfileFactory()
    Authenticator.objects.filter(user=judge.user).delete()
    client.force_login(judge.user)
    assert_sent_to_setup(client.get("/judging/assignments/1/files/1/"), "/judging/assignments/1/files/1/")


@pytest.mark.django_db
def test_a_private_page_asks_staff_for_the_second_factor(client, home_page):
    PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(staff_member("Editors", with_mfa=False))
    assert_sent_to_setup(client.get("/en/"), "/en/")
    client.force_login(staff_member("Moderators", with_mfa=True))
    assert client.get("/en/").status_code == 200


@pytest.mark.django_db
def test_a_private_collections_document_is_served_to_them_as_to_the_public(client):
    CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(), restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(title="Internal", file=ContentFile(PDF, name="internal.pdf"))
    path = f"/documents/{document.pk}/internal.pdf"
    client.force_login(staff_member("Editors", with_mfa=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(path, safe='/')}"
    client.force_login(staff_member("Moderators", with_mfa=True))
    response = client.get(path)
    assert response.status_code == 200
