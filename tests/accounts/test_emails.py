# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""accounts.emails: one way to send, in the recipient's language, with the HTML part kept
through the outbox, and one query for the site's name and details."""

import json

import pytest

from django.core import mail
from django.utils import translation

from wagtail.models import Site

from accounts.emails import paragraphs, render_email, send_to_user, site_identity
from home.models import SiteSettings
from outbox.messages import serialise
from outbox.models import OutgoingEmail
from tests.factories import JudgeProfileFactory, RoundFactory
from tests.support import EN_NAME, ZH_NAME, assert_two_parts, name_the_site

pytestmark = pytest.mark.django_db


def test_the_html_part_is_kept_in_the_outbox_and_delivered_with_the_text():
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="en")
    context = {"round": RoundFactory(), "count": 3, "judging_url": "/j/"}
    rendered = render_email(judge.user, "judging/emails/assignments", context)

    stored = json.loads(json.dumps(serialise(rendered)))  # as the outbox's JSON column keeps it
    [(html, mimetype)] = stored["alternatives"]
    assert (html, mimetype) == rendered.alternatives[0]
    assert f">{EN_NAME}</a>" in html

    send_to_user(judge.user, "judging/emails/assignments", context)  # queued, then delivered

    assert not OutgoingEmail.objects.exists()
    [message] = mail.outbox
    assert message.body == rendered.body
    assert assert_two_parts(message, language="en") == html
    assert "text/html" in message.message().as_string()


def test_rendering_an_email_reads_the_site_settings_once(django_assert_num_queries):
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="zh-hans")
    round_ = RoundFactory()
    context = {"round": round_, "count": 1, "judging_url": "/j/"}

    with django_assert_num_queries(1):
        message = render_email(judge.user, "judging/emails/assignments", context)

    assert message.subject.startswith(f"[{ZH_NAME}] ")
    assert_two_parts(message, language="zh-hans")


def test_the_untouched_default_name_reads_as_the_products_name_in_the_language():
    SiteSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True))
    with translation.override("en"):
        assert site_identity()["site_name"] == "Innovation Awards"
    with translation.override("zh-hans"):
        assert site_identity()["site_name"] == str(translation.gettext("Innovation Awards"))


def test_the_sender_is_named_after_the_site_in_the_recipients_language(settings):
    settings.DEFAULT_FROM_EMAIL = "Innovation Awards <awards@example.org>"
    name_the_site()
    judge = JudgeProfileFactory(user__preferred_language="zh-hans")

    message = render_email(judge.user, "judging/emails/assignments", {"round": RoundFactory(), "count": 1})

    assert message.from_email == f"{ZH_NAME} <awards@example.org>"
    assert "awards@example.org" in message.message()["From"]


def test_links_straight_after_chinese_punctuation_are_clickable_and_the_text_escaped():
    html = paragraphs("详情：http://testserver/a?x=1&y=2。\n<b>张伟</b>\n\nhttps://example.org/b.")

    assert str(html) == (
        '<p>详情：<a href="http://testserver/a?x=1&amp;y=2" style="color:#7f1d1d;">'
        "http://testserver/a?x=1&amp;y=2</a>。<br>&lt;b&gt;张伟&lt;/b&gt;</p>\n\n"
        '<p><a href="https://example.org/b" style="color:#7f1d1d;">https://example.org/b</a>.</p>'
    )
