"""Helpers every app's tests share: people in a role, a failing outside world, a race
between workers, the awards' name in both languages and the emails' two parts. (An app's
own helpers are in tests/<app>/helpers.py or tests/<app>/helpers/, factories in
tests/factories.py.)"""

import smtplib
import threading

from django.contrib.auth.models import Group
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from wagtail.models import Site

from accounts.mfa import activate_totp
from home.models import SiteSettings
from tests.factories import UserFactory


def with_role(role, email):
    """A user in a role's group. Staff roles have two factors set up, as they must to
    reach the admin (accounts.middleware)."""
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name=role))
    activate_totp(user)
    return user


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def race(*calls):
    """Runs the callables at the same moment in threads; returns their results or errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, fn):
        try:
            barrier.wait()
            results[index] = fn()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# Emails: the awards' name in both languages in the site settings, and the check that a
# message has its two parts (text and the HTML alternative in the site's look).

ZH_NAME = "临江市创新奖"
EN_NAME = "Linjiang Innovation Awards"


def name_the_site():
    """The site settings as an office fills them in, in both languages."""
    settings, _ = SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "site_name_zh_hans": ZH_NAME,
            "site_name_en": EN_NAME,
            "organiser_zh_hans": "临江市科学技术局",
            "organiser_en": "Linjiang Science and Technology Bureau",
            "contact_email": "awards@linjiang.example.cn",
        },
    )
    return settings


def assert_two_parts(message, *, language):
    """The message is text/plain with one text/html alternative whose page is in `language`;
    returns the HTML."""
    assert message.content_subtype == "plain"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}" dir="ltr">' in html
    assert "#b91c1c" in html  # the site's accent
    assert '"PingFang SC"' in html or "'PingFang SC'" in html
    assert "<img" not in html and "http" not in html.split("<body")[0]  # no outside images or fonts
    return html
