"""Inviting experts to the pool (judging.experts.invitations): the email in the expert's
language with a link the token opens, refusals, resending (the old link dies), expiry,
withdrawing. Reading a pasted list or a spreadsheet is in test_expert_invitation_rows, the
admin's pages in test_expert_invitation_admin."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from django.core import mail
from django.db import connection
from django.utils import translation

from wagtail.models import ModelLogEntry

from judging.experts import invitation_rows, invitations
from judging.experts.invitation_queries import state_filter
from judging.experts.tokens import find_invitation
from judging.models import ExpertInvitation, InvitationState
from nominations.models import Category
from tests.factories import ExpertInvitationFactory, JudgeProfileFactory, UserFactory
from tests.judging import helpers
from tests.support import EN_NAME, ZH_NAME, assert_two_parts, name_the_site, race, with_role

admin_user = helpers.admin_user
S = InvitationState
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def link_in(message):
    [link] = re.findall(r"http://testserver/\S+", message.body)
    return link


def token_of(message):
    return link_in(message).rstrip("/").rsplit("/", 1)[1]


def categories(*codes):
    return [Category.objects.get(code=code) for code in codes]


# Inviting one --------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_chinese_expert_gets_the_invitation_in_chinese_though_the_administrator_reads_english(admin_user):
    name_the_site()
    admin_user.first_name, admin_user.last_name = "Wei", "Zhang"
    with translation.override("en"):
        invitation = invitations.invite(
            email="  Li.Na@Example.EDU.cn ",
            name="李娜",
            language="zh-hans",
            organisation="天津大学",
            categories=categories("TEC", "INF"),
            invited_by=admin_user,
        )

    assert invitation.email == "li.na@example.edu.cn"
    assert invitation.send_count == 1
    assert invitation.sent_at == NOW
    assert invitation.expires_at == NOW + timedelta(days=14)
    assert invitation.state_at(NOW) == S.PENDING
    assert set(invitation.expertise.values_list("code", flat=True)) == {"TEC", "INF"}
    [message] = mail.outbox
    assert message.to == ["li.na@example.edu.cn"]
    assert message.subject.startswith(f"[{ZH_NAME}]")
    assert message.body.startswith("尊敬的李娜")
    assert "Dear" not in message.body
    assert "- 新技术\n" in message.body and "- 新基建\n" in message.body
    assert "2026年3月16日 10:00" in message.body  # 14 days on, in the site's time zone, written in Chinese
    assert "Wei Zhang" in message.body
    assert_two_parts(message, language="zh-hans")
    assert find_invitation(token_of(message)) == invitation
    assert link_in(message) == f"http://testserver/judging/experts/join/{invitation.token}/"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_an_english_speaking_expert_gets_it_in_english_though_the_administrator_reads_chinese(admin_user):
    name_the_site()
    with translation.override("zh-hans"):
        invitations.invite(
            email="ada@example.org",
            name="Ada Lovelace",
            language="en",
            categories=categories("TEC"),
            invited_by=admin_user,
        )

    [message] = mail.outbox
    assert message.subject == f"[{EN_NAME}] An invitation to join the expert pool"
    assert message.body.startswith("Dear Ada Lovelace,")
    assert f"invites you to join the expert pool of {EN_NAME}" in message.body
    assert "- New technologies\n" in message.body
    assert "16 March 2026, 10:00 (Asia/Shanghai)" in message.body
    assert "尊敬" not in message.body
    assert_two_parts(message, language="en")
    assert ModelLogEntry.objects.filter(action=invitations.INVITE_ACTION, user=admin_user).count() == 1


@pytest.mark.django_db
def test_an_address_with_a_pending_invitation_is_refused_whatever_its_case(admin_user):
    ExpertInvitationFactory(email="expert@example.org")
    with pytest.raises(invitations.InvitationError) as refused:
        invitations.invite(email="Expert@EXAMPLE.org", language="en", invited_by=admin_user)
    assert str(refused.value) == (
        "expert@example.org already has a pending invitation: resend it from the list of invitations instead."
    )
    assert ExpertInvitation.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_active_member_of_the_pool_is_refused_and_an_inactive_one_invited(admin_user):
    JudgeProfileFactory(user=UserFactory(email="judge@example.org"))
    JudgeProfileFactory(user=UserFactory(email="resting@example.org"), active=False)
    with pytest.raises(invitations.InvitationError) as refused:
        invitations.invite(email="JUDGE@example.org", language="en", invited_by=admin_user)
    assert str(refused.value) == "judge@example.org is already an active member of the expert pool."
    invitations.invite(email="resting@example.org", language="en", invited_by=admin_user)
    assert list(ExpertInvitation.objects.values_list("email", flat=True)) == ["resting@example.org"]


@pytest.mark.django_db
def test_an_expired_or_withdrawn_invitation_does_not_stop_a_new_one(admin_user):
    ExpertInvitationFactory(email="late@example.org", expires_at=NOW)
    ExpertInvitationFactory(email="gone@example.org", revoked_at=NOW)
    invitations.invite(email="late@example.org", language="en", invited_by=admin_user)
    invitations.invite(email="gone@example.org", language="en", invited_by=admin_user)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_inviting_many_creates_some_and_skips_the_others_with_their_reasons(admin_user):
    ExpertInvitationFactory(email="pending@example.org")
    rows, errors = invitation_rows.parse_text(
        "new@example.org\nPending@example.org\nZhang San <zhang@example.cn>, 清华大学\nother@example.org, , , en"
    )
    assert errors == []
    created, skipped = invitations.invite_many(
        rows, language="zh-hans", categories=categories("MAT"), organisation="Default Org", invited_by=admin_user
    )
    assert [(i.email, i.name, i.organisation, i.language) for i in created] == [
        ("new@example.org", "", "Default Org", "zh-hans"),
        ("zhang@example.cn", "Zhang San", "清华大学", "zh-hans"),
        ("other@example.org", "", "Default Org", "en"),
    ]
    assert [(row.line, reason) for row, reason in skipped] == [
        (2, "pending@example.org already has a pending invitation: resend it from the list of invitations instead.")
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "new@example.org",
        "other@example.org",
        "zhang@example.cn",
    ]
    assert all(set(i.expertise.values_list("code", flat=True)) == {"MAT"} for i in created)


@pytest.mark.django_db
def test_the_same_list_sent_twice_sends_each_email_once(admin_user):
    rows, _errors = invitation_rows.parse_text("a@example.org\nb@example.org")
    first = invitations.invite_many(rows, language="en", categories=[], invited_by=admin_user)
    second = invitations.invite_many(rows, language="en", categories=[], invited_by=admin_user)
    assert (len(first[0]), len(first[1])) == (2, 0)
    assert (len(second[0]), len(second[1])) == (0, 2)
    assert len(mail.outbox) == 2
    assert ExpertInvitation.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_click_at_the_same_moment_invites_once():
    """Two requests in threads with their own connections. On PostgreSQL the interleaving is
    forced: whichever is about to store its invitation waits until the other has asked for
    the administrator's row lock, so without that lock both would find no pending
    invitation. On SQLite, IMMEDIATE transactions queue the two writers at BEGIN."""
    admin = with_role("Awards administrators", "race-admin@example.net")
    locking = [threading.Event(), threading.Event()]

    def invite(me):
        def wrapper(execute, sql, params, many, context):
            if "FOR UPDATE" in sql and '"accounts_user"' in sql:
                locking[me].set()
            elif sql.startswith('INSERT INTO "judging_expertinvitation"') and connection.vendor == "postgresql":
                locking[1 - me].wait(timeout=30)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            return invitations.invite(email="twice@example.org", language="en", invited_by=admin)

    results = race(lambda: invite(0), lambda: invite(1))

    assert sorted(type(result).__name__ for result in results) == ["ExpertInvitation", "InvitationError"]
    assert ExpertInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


# Resending, expiry, withdrawing -------------------------------------------------------


@pytest.mark.django_db
def test_resending_gives_a_new_link_and_the_old_one_stops_working(admin_user):
    with time_machine.travel(NOW, tick=False):
        invitation = invitations.invite(email="x@example.org", language="en", invited_by=admin_user)
    old_token = invitation.token
    later = NOW + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        invitations.resend(invitation, by=admin_user)
    invitation.refresh_from_db()
    assert find_invitation(old_token) is None
    assert find_invitation(token_of(mail.outbox[1])) == invitation
    assert (invitation.send_count, invitation.sent_at, invitation.expires_at) == (2, later, later + timedelta(days=14))
    assert ModelLogEntry.objects.filter(action=invitations.RESEND_ACTION).count() == 1


@pytest.mark.django_db
def test_an_invitation_expires_and_can_then_be_resent(admin_user):
    with time_machine.travel(NOW, tick=False):
        invitation = invitations.invite(email="x@example.org", language="en", invited_by=admin_user)
    expired_at = NOW + timedelta(days=14)
    with time_machine.travel(expired_at - timedelta(seconds=1), tick=False):
        assert invitation.state == S.PENDING
    with time_machine.travel(expired_at, tick=False):
        assert invitation.state == S.EXPIRED
        assert list(ExpertInvitation.objects.filter(state_filter(S.EXPIRED))) == [invitation]
        invitations.invite_many(
            invitation_rows.parse_text("x@example.org")[0], language="en", categories=[], invited_by=admin_user
        )  # an expired invitation does not refuse a new one either; the newer one is pending now
    with time_machine.travel(expired_at, tick=False), pytest.raises(invitations.InvitationError) as refused:
        invitations.resend(invitation, by=admin_user)
    assert str(refused.value) == "A newer invitation to x@example.org is pending: resend that one instead."


@pytest.mark.django_db
def test_an_expired_invitation_is_resent_with_a_fresh_expiry(admin_user):
    invitation = ExpertInvitationFactory(expires_at=NOW, sent_at=NOW - timedelta(days=14))
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        invitations.resend(invitation, by=admin_user)
        invitation.refresh_from_db()
        assert invitation.state == S.PENDING
    assert invitation.expires_at == NOW + timedelta(days=15)


@pytest.mark.django_db
def test_a_second_resend_within_a_minute_sends_nothing_more(admin_user):
    invitation = ExpertInvitationFactory(sent_at=NOW - timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        invitations.resend(invitation, by=admin_user)
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False), pytest.raises(invitations.InvitationError):
        invitations.resend(invitation, by=admin_user)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_withdrawing_stops_the_link_and_nothing_more_can_be_done(admin_user):
    invitation = ExpertInvitationFactory()
    with time_machine.travel(NOW, tick=False):
        invitations.revoke(invitation, by=admin_user)
    found = find_invitation(invitation.token)
    assert found.revoked_at == NOW
    assert found.state == S.REVOKED
    with pytest.raises(invitations.InvitationError) as refused:
        invitations.resend(invitation, by=admin_user)
    assert str(refused.value) == f"This invitation was withdrawn: invite {invitation.email} again instead."
    with pytest.raises(invitations.InvitationError):
        invitations.revoke(invitation, by=admin_user)
    assert mail.outbox == []
    assert ModelLogEntry.objects.filter(action=invitations.WITHDRAW_ACTION).count() == 1


@pytest.mark.django_db
def test_an_accepted_invitation_is_neither_resent_nor_withdrawn(admin_user):
    invitation = ExpertInvitationFactory(accepted_at=NOW, expires_at=NOW - timedelta(days=1))
    for action in (invitations.resend, invitations.revoke):
        with pytest.raises(invitations.InvitationError) as refused:
            action(invitation, by=admin_user)
        assert str(refused.value).startswith(f"{invitation.email} has already accepted this invitation")
    invitation.refresh_from_db()
    assert (invitation.send_count, invitation.revoked_at) == (1, None)


@pytest.mark.django_db
def test_the_state_filter_agrees_with_state_at_for_every_state():
    now = NOW
    made = {
        S.PENDING: ExpertInvitationFactory(expires_at=now + timedelta(seconds=1)),
        S.EXPIRED: ExpertInvitationFactory(expires_at=now),
        S.ACCEPTED: ExpertInvitationFactory(expires_at=now - timedelta(days=1), accepted_at=now, revoked_at=now),
        S.REVOKED: ExpertInvitationFactory(revoked_at=now - timedelta(days=1)),
    }
    for state, invitation in made.items():
        assert invitation.state_at(now) == state
        assert list(ExpertInvitation.objects.filter(state_filter(state, now))) == [invitation]
