"""Invitations to the expert pool in the admin (judging.experts.admin_invitations): an
administrator invites pasted experts or a spreadsheet, the listing with its states and its
filter by state (query count pinned), "Resend" and "Withdraw" behind a confirmation and a
POST, and nobody else gets in."""

import io
from datetime import timedelta

import openpyxl
import pytest

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from judging.experts.tokens import find_invitation
from judging.models import ExpertInvitation, InvitationState
from nominations.models import Category
from tests.factories import ExpertInvitationFactory, UserFactory
from tests.judging import helpers
from tests.judging.helpers import client_for, messages_of
from tests.support import with_role

admin_user = helpers.admin_user
admin_client = helpers.admin_client
superuser = helpers.superuser
S = InvitationState


def url(name, *args):
    return reverse(f"wagtailsnippets_judging_expertinvitation:{name}", args=args)


@pytest.fixture
def screener(db):
    return with_role("Screeners", "screener@example.net")


# Inviting --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_administrator_invites_three_pasted_experts(admin_client, admin_user):
    tec = Category.objects.get(code="TEC")
    page = admin_client.get(url("invite"))
    assert page.status_code == 200
    assert page.context["form"]["language"].value() == "en"  # the site's default language

    response = admin_client.post(
        url("invite"),
        {
            "experts": "ann@example.org\nBo Li <bo@example.cn>\ncy@example.org, Cy, Lab, zh-hans",
            "language": "en",
            "categories": [tec.pk],
            "organisation": "Nankai University",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("list")
    assert messages_of(response) == ["3 experts invited: the invitations are on their way."]
    assert sorted(message.to[0] for message in mail.outbox) == ["ann@example.org", "bo@example.cn", "cy@example.org"]
    invitations = {i.email: i for i in ExpertInvitation.objects.all()}
    assert invitations["bo@example.cn"].name == "Bo Li"
    assert invitations["ann@example.org"].organisation == "Nankai University"
    assert invitations["cy@example.org"].language == "zh-hans"
    assert all(i.invited_by == admin_user for i in invitations.values())
    assert all(list(i.expertise.all()) == [tec] for i in invitations.values())


@pytest.mark.django_db
def test_sending_the_same_list_again_skips_every_address_with_its_reason(admin_client):
    data = {"experts": "ann@example.org\nbo@example.org", "language": "en"}
    admin_client.post(url("invite"), data)
    response = admin_client.post(url("invite"), data)
    assert messages_of(response)[-1:] == [
        "2 skipped: ann@example.org already has a pending invitation: resend it from the list of invitations "
        "instead. bo@example.org already has a pending invitation: resend it from the list of invitations instead."
    ]
    assert len(mail.outbox) == 2
    assert ExpertInvitation.objects.count() == 2


@pytest.mark.django_db
def test_a_wrong_line_sends_nothing_and_the_list_is_kept(admin_client):
    text = "ann@example.org\nno address here"
    response = admin_client.post(url("invite"), {"experts": text, "language": "en"})
    assert response.status_code == 200
    assert response.context["form"].errors["experts"] == ["Line 2: “no address here” is not an email address."]
    assert "no address here</textarea>" in response.content.decode()
    assert not ExpertInvitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_administrator_invites_from_a_spreadsheet(admin_client):
    book = openpyxl.Workbook()
    book.active.append(["email", "name", "language"])
    book.active.append(["dee@example.org", "Dee", "English"])
    book.active.append(["fu@example.cn", "傅", "中文"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("experts.xlsx", buffer.getvalue())
    response = admin_client.post(url("invite"), {"file": upload, "language": "en"})
    assert response.status_code == 302
    assert dict(ExpertInvitation.objects.values_list("email", "language")) == {
        "dee@example.org": "en",
        "fu@example.cn": "zh-hans",
    }


@pytest.mark.django_db
def test_a_corrupt_workbook_is_a_form_error_not_a_server_error(admin_client):
    upload = SimpleUploadedFile("experts.xlsx", b"PK\x03\x04garbage")
    response = admin_client.post(url("invite"), {"file": upload, "language": "en"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["This is not an Excel workbook (.xlsx): it cannot be opened."]


# Who may -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["list", "invite"])
def test_staff_who_are_not_awards_administrators_are_refused(client, screener, name):
    client_for(client, screener)
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(url("invite"), {"experts": "x@example.org", "language": "en"})
    assert response.status_code == 302
    assert not ExpertInvitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["inspect", "resend", "withdraw"])
def test_an_invitations_pages_refuse_staff_who_are_not_administrators(client, screener, name):
    invitation = ExpertInvitationFactory(sent_at=timezone.now() - timedelta(days=1))
    client_for(client, screener)
    assert client.get(url(name, invitation.pk))["Location"] == reverse("wagtailadmin_home")
    client.post(url(name, invitation.pk))
    invitation.refresh_from_db()
    assert (invitation.send_count, invitation.revoked_at) == (1, None)


@pytest.mark.django_db
def test_a_superuser_may_invite(client, superuser):
    client_for(client, superuser)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("invite")).status_code == 200


@pytest.mark.django_db
def test_nothing_is_added_edited_or_deleted_through_wagtails_own_views(admin_client):
    invitation = ExpertInvitationFactory()
    for name, args in (("add", ()), ("edit", (invitation.pk,)), ("delete", (invitation.pk,))):
        response = admin_client.get(url(name, *args))
        assert response.status_code == 302, name
    assert ExpertInvitation.objects.count() == 1


# The listing -------------------------------------------------------------------------------


def one_of_each_state(suffix=""):
    now = timezone.now()
    user = UserFactory()
    return {
        S.PENDING: ExpertInvitationFactory(email=f"pending{suffix}@example.org"),
        S.EXPIRED: ExpertInvitationFactory(email=f"expired{suffix}@example.org", expires_at=now - timedelta(hours=1)),
        S.ACCEPTED: ExpertInvitationFactory(email=f"accepted{suffix}@example.org", accepted_at=now, user=user),
        S.REVOKED: ExpertInvitationFactory(email=f"withdrawn{suffix}@example.org", revoked_at=now),
    }


@pytest.mark.django_db
def test_the_listing_shows_each_state_and_the_account_once_accepted(admin_client):
    made = one_of_each_state()
    body = admin_client.get(url("list")).content.decode()
    for label in ("Sent, waiting", "Expired", "Accepted", "Withdrawn"):
        assert label in body
    assert str(made[S.ACCEPTED].user) in body
    assert url("invite") in body
    assert url("inspect", made[S.PENDING].pk) in body
    assert url("resend", made[S.EXPIRED].pk) in body  # pending and expired ones can be resent
    assert url("resend", made[S.ACCEPTED].pk) not in body
    assert url("withdraw", made[S.REVOKED].pk) not in body


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(S))
def test_the_listing_filters_by_state(admin_client, state):
    made = one_of_each_state()
    response = admin_client.get(url("list"), {"state": state.value})
    assert list(response.context["object_list"]) == [made[state]]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_the_listing_takes_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count):
    for n in range(count):
        one_of_each_state(suffix=str(n))
    admin_client.get(url("list"))  # warm the caches (site, locale)
    with django_assert_num_queries(INVITATION_LIST_QUERIES):
        response = admin_client.get(url("list"))
    assert len(response.context["object_list"]) == 4 * count


INVITATION_LIST_QUERIES = 14


# Resend and withdraw -----------------------------------------------------------------------


@pytest.mark.django_db
def test_resend_asks_first_then_sends_a_new_link(admin_client):
    invitation = ExpertInvitationFactory(sent_at=timezone.now() - timedelta(days=2))
    old_token = invitation.token
    inspect = admin_client.get(url("inspect", invitation.pk)).content.decode()
    assert url("resend", invitation.pk) in inspect and url("withdraw", invitation.pk) in inspect
    assert "Sent, waiting" in inspect
    confirm = admin_client.get(url("resend", invitation.pk))
    assert confirm.status_code == 200
    assert mail.outbox == []

    response = admin_client.post(url("resend", invitation.pk))

    assert response["Location"] == url("inspect", invitation.pk)
    assert messages_of(response) == [f"The invitation to {invitation.email} was sent again."]
    [message] = mail.outbox
    assert message.to == [invitation.email]
    assert find_invitation(old_token) is None
    invitation.refresh_from_db()
    assert invitation.send_count == 2


@pytest.mark.django_db
def test_withdraw_then_resend_is_refused_with_a_message(admin_client):
    invitation = ExpertInvitationFactory()
    response = admin_client.post(url("withdraw", invitation.pk))
    assert messages_of(response) == [f"The invitation to {invitation.email} is withdrawn."]
    assert find_invitation(invitation.token).state == S.REVOKED
    inspect = admin_client.get(url("inspect", invitation.pk)).content.decode()
    assert url("resend", invitation.pk) not in inspect
    response = admin_client.post(url("resend", invitation.pk))
    assert messages_of(response) == [f"This invitation was withdrawn: invite {invitation.email} again instead."]
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_unknown_invitation_is_a_404(admin_client):
    assert admin_client.post(url("resend", 999999)).status_code == 404
    assert admin_client.get(url("withdraw", 999999)).status_code == 404
