# ruff: noqa: RUF001 (Chinese punctuation in expected text)
"""Every email of a nomination's life, in the recipient's language: the nominator's receipts
and screening decisions in their preferred language, the nominee's consent request in the
nomination's; each as plain text with an HTML alternative in the site's look, under the
awards' name from the site settings in that language."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from nominations.consent_tasks import send_nominee_consent_request
from nominations.tasks import send_nomination_email
from scheduling.reminders import send_draft_reminders
from tests.factories import CallPageFactory, NominationFactory
from tests.support import (
    EN_NAME,
    ZH_NAME,
    assert_two_parts,
    name_the_site,
)

# kind: (state, Chinese subject start, Chinese sentence, English subject start, English sentence)
KINDS = {
    "submitted": (
        "submitted",
        "提名已收到：",
        "感谢您的参与：我们已收到您的提名",
        "Nomination received: ",
        "Thank you: we have received your nomination.",
    ),
    "resubmitted": (
        "submitted",
        "提名已重新提交：",
        "我们已收到您修改后的提名，奖项办公室将重新进行初审。",
        "Nomination resubmitted: ",
        "Thank you: we have received your amended nomination.",
    ),
    "returned": (
        "returned",
        "提名退回修改：",
        "奖项办公室已将您的提名退回修改，留言如下：",
        "Changes requested: ",
        "The awards office has returned your nomination for amendment.",
    ),
    "accepted": (
        "eligible",
        "提名已通过初审：",
        "好消息：您的提名符合本次征集的资格要求，已提交评审专家评审。",
        "Nomination accepted: ",
        "Good news: your nomination meets the call's eligibility rules",
    ),
    "ineligible": (
        "ineligible",
        "提名不符合条件：",
        "很遗憾，经奖项办公室审核，您的提名不符合本次征集的资格要求。原因如下：",
        "Nomination not eligible: ",
        "We are sorry: the awards office found that your nomination does not meet",
    ),
    "withdrawn": (
        "withdrawn",
        "提名已撤回",
        "根据您的申请，您的提名已撤回，将不参与评审。",
        "Nomination withdrawn",
        "Your nomination has been withdrawn, as you asked.",
    ),
}


def _message_for(nomination, kind):
    mail.outbox.clear()
    send_nomination_email.enqueue(nomination_id=nomination.pk, kind=kind)
    [message] = mail.outbox
    return message


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_chinese_speaking_nominator_gets_the_email_in_chinese(kind, in_state, nominator):
    name_the_site()
    state, zh_subject, zh_sentence, _, en_sentence = KINDS[kind]
    nominator.preferred_language = "zh-hans"
    nominator.save()
    nomination = in_state(state, language="en", screener_message="请补充检测报告。")

    message = _message_for(nomination, kind)

    assert message.to == [nominator.email]
    assert message.subject.startswith(f"[{ZH_NAME}] {zh_subject}")
    assert message.body.startswith("尊敬的")
    assert zh_sentence in message.body
    assert en_sentence not in message.body
    assert "Dear " not in message.body
    html = assert_two_parts(message, language="zh-hans")
    assert zh_sentence in html
    assert f">{ZH_NAME}</a>" in html  # the header
    assert "临江市科学技术局" in html  # the organiser, in the footer
    assert "127.0.0.1" not in message.body + html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_english_speaking_nominator_gets_the_email_in_english(kind, in_state, nominator):
    name_the_site()
    state, zh_subject, _, en_subject, en_sentence = KINDS[kind]
    nominator.first_name, nominator.last_name, nominator.preferred_language = "Mei", "Lin", "en"
    nominator.save()
    nomination = in_state(state, language="zh-hans", screener_message="Please add the test report.")

    message = _message_for(nomination, kind)

    assert message.subject.startswith(f"[{EN_NAME}] {en_subject}")
    assert message.body.startswith("Dear Mei Lin,\n")
    assert en_sentence in message.body
    assert zh_subject not in message.body + message.subject
    html = assert_two_parts(message, language="en")
    assert f">{EN_NAME}</a>" in html
    assert "Linjiang Science and Technology Bureau" in html
    assert "awards@linjiang.example.cn" in html


@pytest.mark.django_db
def test_the_nominees_consent_request_is_in_the_nominations_language(in_state, nominator):
    name_the_site()
    nominator.preferred_language = "en"
    nominator.save()
    nomination = in_state("submitted", language="zh-hans", nominee_name="王芳")
    mail.outbox.clear()

    send_nominee_consent_request.enqueue(nomination_id=nomination.pk)

    [message] = mail.outbox
    assert message.to == [nomination.nominee_email]
    assert message.subject == f"[{ZH_NAME}] 您已被提名，请确认（{nomination.reference}）"
    assert message.body.startswith("尊敬的王芳：")
    assert f"已提名您参评{ZH_NAME}。" in message.body
    assert "has nominated you" not in message.body
    html = assert_two_parts(message, language="zh-hans")
    [link] = re.findall(r"http://testserver/\S*/consent/\S+", message.body)
    assert f'href="{link}"' in html  # the link, and the button to it
    assert f">{ZH_NAME}</a>" in html


@pytest.mark.django_db
def test_the_nominees_consent_request_in_english(in_state, nominator):
    name_the_site()
    nominator.first_name, nominator.last_name = "Mei", "Lin"
    nominator.save()
    nomination = in_state("submitted", language="en", nominee_name="Fang Wang")
    mail.outbox.clear()

    send_nominee_consent_request.enqueue(nomination_id=nomination.pk)

    [message] = mail.outbox
    assert message.subject == f"[{EN_NAME}] You have been nominated: please confirm ({nomination.reference})"
    assert message.body.startswith("Dear Fang Wang,\n")
    assert f"Mei Lin has nominated you for {EN_NAME}." in message.body
    assert_two_parts(message, language="en")


@pytest.mark.django_db
def test_the_html_part_escapes_what_people_typed(in_state, nominator):
    name_the_site()
    nomination = in_state(
        "submitted", language="en", nominee_name="<script>alert(1)</script>", title="Coating <b>bold</b> & co"
    )
    mail.outbox.clear()

    send_nominee_consent_request.enqueue(nomination_id=nomination.pk)

    [message] = mail.outbox
    assert message.body.startswith("Dear <script>alert(1)</script>,\n")  # plain text stays as typed
    html = assert_two_parts(message, language="en")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Coating &lt;b&gt;bold&lt;/b&gt; &amp; co" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "sentence", "button"),
    [
        ("zh-hans", f"[{ZH_NAME}] 尚未提交：", "您的提名仍为草稿，征集将于", ">继续填写提名</a>"),
        ("en", f"[{EN_NAME}] Not submitted yet: ", "Your nomination is still a draft", ">Continue your nomination</a>"),
    ],
)
def test_the_draft_reminder_is_in_the_nominators_language(call_index, language, subject, sentence, button):
    name_the_site()
    call = CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=2))
    draft = NominationFactory(call=call, nominator__preferred_language=language)

    assert send_draft_reminders() == 1

    [message] = mail.outbox
    assert message.subject == subject + draft.title
    assert sentence in message.body
    html = assert_two_parts(message, language=language)
    assert button in html
    assert f'href="http://testserver/nominations/{draft.pk}/"' in html
