# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Judges' emails are written in the judge's preferred language and greet them by name,
as plain text with an HTML alternative, under the awards' name in that language."""

from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone, translation

from judging.models import Assignment
from judging.tasks import send_assignments_email
from tests.factories import CallIndexPageFactory, CallPageFactory, JudgeProfileFactory, NominationFactory, RoundFactory
from tests.support import EN_NAME, ZH_NAME, assert_two_parts, name_the_site


@pytest.mark.django_db
def test_a_chinese_speaking_judge_gets_the_assignment_email_in_chinese_by_name():
    judge = JudgeProfileFactory(user__first_name="伟", user__last_name="张", user__preferred_language="zh-hans")
    round_ = RoundFactory()

    with translation.override("en"):  # whoever started the assignment was reading English
        send_assignments_email.enqueue(judge_id=judge.pk, round_id=round_.pk, count=2)

    [message] = mail.outbox
    assert message.to == [judge.user.email]
    assert message.body.startswith("尊敬的")
    assert "张伟" in message.body.splitlines()[0]
    assert "Dear" not in message.body
    assert "创新奖" in message.body


# Both languages, both parts, the awards' name from the site settings ------------------


def _reminder_for(judge):
    """A round closing in two days with one unsubmitted assignment for the judge; sends the reminder."""
    from judging.tasks import send_reminder_email

    round_ = RoundFactory(closes_at=timezone.now() + timedelta(days=2))
    nomination = NominationFactory(call=CallPageFactory(parent=call_index_page()))
    Assignment.objects.create(round=round_, nomination=nomination, judge=judge)
    send_reminder_email.enqueue(judge_id=judge.pk, round_id=round_.pk)
    [message] = mail.outbox
    return message, round_


def call_index_page():
    from wagtail.models import Site

    return CallIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)


@pytest.mark.django_db
def test_the_assignment_email_in_chinese_has_both_parts_under_the_chinese_name():
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="zh-hans")
    round_ = RoundFactory()

    send_assignments_email.enqueue(judge_id=judge.pk, round_id=round_.pk, count=2)

    [message] = mail.outbox
    with translation.override("zh-hans"):
        name = str(round_)
    assert message.subject == f"[{ZH_NAME}] “{name}”新增 2 项评审任务"
    assert f"您在“{name}”中有 2 项新的评审任务。" in message.body
    assert "new assignments" not in message.body
    html = assert_two_parts(message, language="zh-hans")
    assert ">您的评审任务</a>" in html  # the button to the judge's dashboard
    assert f">{ZH_NAME}</a>" in html


@pytest.mark.django_db
def test_the_assignment_email_in_english():
    name_the_site()
    judge = JudgeProfileFactory(user__first_name="Mei", user__last_name="Lin", user__preferred_language="en")
    round_ = RoundFactory()

    with translation.override("zh-hans"):
        send_assignments_email.enqueue(judge_id=judge.pk, round_id=round_.pk, count=1)

    [message] = mail.outbox
    assert message.subject == f"[{EN_NAME}] 1 new assignment in {round_}"
    assert message.body.startswith("Dear Mei Lin,\n")
    assert f"You have 1 new assignment in {round_}." in message.body
    html = assert_two_parts(message, language="en")
    assert ">Your assignments</a>" in html


@pytest.mark.django_db
def test_the_reminder_in_chinese():
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="zh-hans")

    message, round_ = _reminder_for(judge)

    with translation.override("zh-hans"):
        assert message.subject == f"[{ZH_NAME}] 提醒：“{round_}”即将截止"
    assert "您仍有 1 项评审任务尚未提交。" in message.body
    assert "本轮截止时仍未提交的评分将不计入结果。" in message.body
    assert "Scores that are not submitted" not in message.body
    assert_two_parts(message, language="zh-hans")


@pytest.mark.django_db
def test_the_reminder_in_english():
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="en")

    message, round_ = _reminder_for(judge)

    assert message.subject == f"[{EN_NAME}] Reminder: {round_} closes soon"
    assert "Scores that are not submitted when the round closes do not count." in message.body
    assert_two_parts(message, language="en")
