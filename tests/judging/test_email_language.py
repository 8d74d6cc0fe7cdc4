"""Judges' emails are written in the judge's preferred language and greet them by name."""

import pytest

from django.core import mail
from django.utils import translation

from judging.tasks import send_assignments_email
from tests.judging.factories import JudgeProfileFactory, RoundFactory


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
