# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Inviting experts to the pool (judging.experts.invitations): the email in the expert's
language with a link the token opens, refusals, resending (the old link dies), expiry,
withdrawing, and reading a pasted list or a spreadsheet (judging.experts.invitation_rows).
The admin's pages are in test_expert_invitation_admin."""

import csv
import io
import re
import threading
import zipfile
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import time_machine

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from wagtail.models import ModelLogEntry

from judging.experts import invitation_rows, invitations
from judging.experts.invitation_forms import InviteExpertsForm
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


# Reading a pasted list -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_form_of_pasted_line_is_read():
    rows, errors = invitation_rows.parse_text(
        "\n  plain@example.org  \n\n"
        '"Wang Fang" <Wang.Fang@Example.cn>\n'
        "zhao@example.cn, 赵六, 河北工业大学, 中文\n"
        "kim@example.org\tKim Lee\tSeoul Lab\tEnglish\n"
        "amy@example.org，Amy，Fudan，zh\n"
    )
    assert errors == []
    assert [(r.line, r.email, r.name, r.organisation, r.language) for r in rows] == [
        (2, "plain@example.org", "", "", ""),
        (4, "wang.fang@example.cn", "Wang Fang", "", ""),
        (5, "zhao@example.cn", "赵六", "河北工业大学", "zh-hans"),
        (6, "kim@example.org", "Kim Lee", "Seoul Lab", "en"),
        (7, "amy@example.org", "Amy", "Fudan", "zh-hans"),
    ]


@pytest.mark.django_db
def test_every_bad_line_is_named_and_no_row_is_kept():
    rows, errors = invitation_rows.parse_text(
        "good@example.org\nnot an address\nx@example.org, X, Org, Klingon\ngood@EXAMPLE.org\na@b.org, 1, 2, 3, 4"
    )
    assert rows == []
    assert errors == [
        "Line 2: “not an address” is not an email address.",
        "Line 3: unknown language “Klingon” (write zh-hans or en).",
        "Line 4: good@example.org is already on line 1.",
        "Line 5: too many fields: write email, name, organisation, language.",
    ]


@pytest.mark.django_db
def test_more_than_five_hundred_lines_are_refused():
    rows, errors = invitation_rows.parse_text("\n".join(f"e{n}@example.org" for n in range(501)))
    assert rows == []
    assert errors == ["More than 500 experts at once: split the list."]


@pytest.mark.django_db
def test_the_form_keeps_the_pasted_list_and_shows_every_error():
    text = "ok@example.org\nwrong\nalso wrong"
    form = InviteExpertsForm(data={"experts": text, "language": "en"})
    assert not form.is_valid()
    assert form.errors["experts"] == [
        "Line 2: “wrong” is not an email address.",
        "Line 3: “also wrong” is not an email address.",
    ]
    assert form["experts"].value() == text


# Reading a spreadsheet -------------------------------------------------------------------


def xlsx(rows, name="experts.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, encoding="utf-8-sig", name="experts.csv"):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def form_with(upload, **data):
    return InviteExpertsForm(data={"language": "zh-hans", **data}, files={"file": upload})


@pytest.mark.django_db
def test_an_xlsx_with_chinese_headers_and_categories_is_read():
    upload = xlsx(
        [
            ["姓名", "邮箱", "单位", "语言", "类别"],
            ["李雷", "LiLei@Example.cn", "南开大学", "中文", "TEC, 新材料"],
            [None, None, None, None, None],
            ["Jane Roe", "jane@example.org", "MIT", "en", "new infrastructure"],
        ]
    )
    form = form_with(upload)
    assert form.is_valid(), form.errors
    rows = form.cleaned_data["rows"]
    assert [(r.line, r.email, r.name, r.organisation, r.language) for r in rows] == [
        (2, "lilei@example.cn", "李雷", "南开大学", "zh-hans"),
        (4, "jane@example.org", "Jane Roe", "MIT", "en"),
    ]
    assert [[c.code for c in r.categories] for r in rows] == [["TEC", "MAT"], ["INF"]]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    upload = csv_file([["邮箱", "姓名", "单位"], ["chen@example.cn", "陈静", "浙江大学"]], encoding=encoding)
    form = form_with(upload)
    assert form.is_valid(), form.errors
    [row] = form.cleaned_data["rows"]
    assert (row.line, row.email, row.name, row.organisation) == (2, "chen@example.cn", "陈静", "浙江大学")


@pytest.mark.django_db
def test_a_spreadsheets_bad_rows_are_named_by_their_row_number():
    upload = csv_file([["email", "categories"], ["a@example.org", "TEC"], ["b@example.org", "XYZ"], ["nope", ""]])
    form = form_with(upload)
    assert not form.is_valid()
    assert form.errors["file"] == ["Line 3: unknown category “XYZ”.", "Line 4: “nope” is not an email address."]


@pytest.mark.django_db
def test_a_spreadsheet_without_an_email_column_is_refused():
    form = form_with(csv_file([["name", "organisation"], ["Ann", "Org"]]))
    assert not form.is_valid()
    assert form.errors["file"] == ["The first row must name the columns, with one called “email” (or 邮箱)."]


@pytest.mark.django_db
def test_a_corrupt_xlsx_is_a_form_error():
    form = form_with(SimpleUploadedFile("experts.xlsx", b"PK\x03\x04 this is not really a workbook"))
    assert not form.is_valid()
    assert form.errors["file"] == ["This is not an Excel workbook (.xlsx): it cannot be opened."]


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_a_form_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    form = form_with(SimpleUploadedFile("experts.xlsx", buffer.getvalue()))
    assert not form.is_valid()
    assert form.errors["file"] == ["This is not an Excel workbook (.xlsx): it cannot be opened."]


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    form = form_with(SimpleUploadedFile("experts.xlsx", buffer.getvalue()))
    assert not form.is_valid()
    assert form.errors["file"] == ["This workbook unpacks to too much data to be read: save a smaller .xlsx or a .csv."]


@pytest.mark.django_db
def test_a_file_over_one_megabyte_is_refused():
    form = form_with(SimpleUploadedFile("experts.csv", b"email\n" + b"x" * (1024 * 1024)))
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 1 MB: split it into smaller files."]


@pytest.mark.django_db
def test_another_kind_of_file_and_both_a_list_and_a_file_are_refused():
    form = form_with(SimpleUploadedFile("experts.pdf", b"%PDF-1.7"))
    assert not form.is_valid()
    assert form.errors["file"] == ["Upload a .csv or .xlsx file."]
    form = form_with(csv_file([["email"], ["a@example.org"]]), experts="b@example.org")
    assert not form.is_valid()
    assert form.non_field_errors() == ["Paste a list or upload a file, not both."]
