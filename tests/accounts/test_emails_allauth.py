# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""allauth's emails (verification, password reset, "unknown account", notices such as a new
authenticator app) in the recipient's preferred language, or the request's for an address
we do not know; under the awards' name from the site settings, never the request's host;
as plain text with an HTML alternative in the site's look."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context

from django.core import mail
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.support import EN_NAME, ZH_NAME, assert_two_parts, name_the_site

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"


def sign_up(client, email, language):
    response = client.post(
        "/accounts/signup/",
        {"email": email, "first_name": "伟", "last_name": "张", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_HOST="127.0.0.1",
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [email]
    return message


def test_the_verification_email_at_sign_up_is_in_chinese(client):
    name_the_site()

    message = sign_up(client, "wei@example.net", "zh-hans")

    [link] = re.findall(r"http://127\.0\.0\.1/accounts/confirm-email/\S+", message.body)
    assert message.subject == f"[{ZH_NAME}] 请确认您的电子邮箱地址"
    assert message.body.startswith("尊敬的")
    assert f"请确认 wei@example.net 是您本人的电子邮箱地址，确认后即可使用您在{ZH_NAME}网站的账户。" in message.body
    assert "请打开以下链接完成确认：" in message.body
    assert "Please confirm" not in message.body
    assert "Hello" not in message.body
    # The link goes back to the host the visitor came through; the site is never named by it.
    assert "127.0.0.1" not in message.subject + message.body.replace(link, "")
    html = assert_two_parts(message, language="zh-hans")
    assert f'href="{link}"' in html
    assert ">确认邮箱地址</a>" in html  # the button
    assert f">{ZH_NAME}</a>" in html


def test_the_verification_email_at_sign_up_is_in_english(client):
    name_the_site()

    message = sign_up(client, "wei@example.net", "en")

    assert message.subject == f"[{EN_NAME}] Confirm your email address"
    assert message.body.startswith("Dear ")
    sentence = (
        f"Please confirm that wei@example.net is your email address, so that you can use your account on {EN_NAME}."
    )
    assert sentence in message.body
    assert "Open this link to confirm it:" in message.body
    assert f"Thank you for using {EN_NAME}!" in message.body
    assert "127.0.0.1" not in message.subject + message.body.split("http://127.0.0.1/accounts/")[0]
    html = assert_two_parts(message, language="en")
    assert ">Confirm the address</a>" in html


def test_the_password_reset_follows_the_users_language_not_the_requests(client):
    name_the_site()
    UserFactory(email="wei@example.net", first_name="伟", last_name="张", preferred_language="zh-hans")

    response = client.post(
        "/accounts/password/reset/", {"email": "wei@example.net"}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1"
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == f"[{ZH_NAME}] 重置密码"
    assert message.body.startswith("尊敬的")
    assert f"我们收到了重置您在{ZH_NAME}网站账户密码的申请。请打开以下链接设置新密码：" in message.body
    assert "如果这不是您本人的申请，请忽略本邮件，您的密码不会改变。" in message.body
    assert f"感谢您使用{ZH_NAME}！" in message.body
    assert "password" not in message.body.lower().split("http")[0]
    html = assert_two_parts(message, language="zh-hans")
    assert ">设置新密码</a>" in html


def test_the_password_reset_in_english(client):
    name_the_site()
    UserFactory(email="mei@example.net", first_name="Mei", last_name="Lin", preferred_language="en")

    client.post("/accounts/password/reset/", {"email": "mei@example.net"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    [message] = mail.outbox
    assert message.subject == f"[{EN_NAME}] Reset your password"
    assert message.body.startswith("Dear Mei Lin,\n")
    assert f"We received a request to reset the password of your account on {EN_NAME}." in message.body
    assert "重置" not in message.body
    html = assert_two_parts(message, language="en")
    assert ">Choose a new password</a>" in html


def test_an_unknown_address_is_answered_in_the_requests_language(client):
    name_the_site()

    client.post("/accounts/password/reset/", {"email": "nobody@example.net"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    [message] = mail.outbox
    assert message.subject == f"[{ZH_NAME}] 该邮箱地址尚未注册账户"
    assert message.body.startswith(f"您好，这里是{ZH_NAME}！")
    sentence = f"有人（可能是您本人）在{ZH_NAME}网站查询 nobody@example.net 的账户，但该邮箱地址尚未注册账户。"
    assert sentence in message.body
    assert "Someone" not in message.body
    html = assert_two_parts(message, language="zh-hans")
    assert ">注册</a>" in html  # the button to sign up


def test_signing_up_again_with_a_known_address_is_answered_in_the_owners_language(client):
    name_the_site()
    UserFactory(email="wei@example.net", preferred_language="zh-hans")

    message = sign_up(client, "wei@example.net", "en")

    assert message.subject == f"[{ZH_NAME}] 您已有账户"
    assert message.body.startswith("尊敬的")
    assert f"有人（可能是您本人）尝试使用 wei@example.net 在{ZH_NAME}网站注册，但该邮箱地址已有账户。" in message.body
    assert "如果您忘记了密码，请打开以下链接设置新密码：" in message.body
    assert "Someone" not in message.body
    html = assert_two_parts(message, language="zh-hans")
    assert ">设置新密码</a>" in html


def test_a_notice_of_a_new_authenticator_app_is_in_the_users_language(settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    name_the_site()
    user = UserFactory(email="wei@example.net", preferred_language="zh-hans")
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en")

    with request_context(request):
        get_adapter(request).send_notification_mail("mfa/email/totp_activated", user, email=user.email)

    [message] = mail.outbox
    assert message.subject == f"[{ZH_NAME}] 身份验证器应用已激活"
    assert "身份验证器应用已激活。" in message.body
    assert "Authenticator" not in message.body
    assert_two_parts(message, language="zh-hans")


def test_without_site_settings_the_name_is_the_products_in_the_recipients_language(client):
    UserFactory(email="mei@example.net", first_name="Mei", last_name="Lin", preferred_language="en")

    client.post("/accounts/password/reset/", {"email": "mei@example.net"}, HTTP_HOST="127.0.0.1")

    [message] = mail.outbox
    assert message.subject == "[Innovation Awards] Reset your password"
    assert "127.0.0.1" not in message.subject + message.body.split("http://127.0.0.1/accounts/")[0]
