"""Emails to people with an account: written in the language they chose (User.
preferred_language), greeting them by name. Every email the product sends to a known user
goes through here (nominations.tasks, judging.tasks, and allauth's own through
accounts.adapter)."""

from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


def language_of(user):
    """The user's preferred language if the site still offers it, else the site's default."""
    language = getattr(user, "preferred_language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Renders what happens inside in the user's language, whatever the request's."""
    with translation.override(language_of(user)):
        yield


def greeting(user):
    """The greeting by name ("Dear Mei Lin,"; in Chinese, 尊敬的张伟), in the active language
    (use inside in_language_of)."""
    return gettext("Dear %(name)s,") % {"name": user.get_full_name() or user.email}


def render_email(user, template_prefix, context):
    """(subject, body) of `<template_prefix>_subject.txt` and `<template_prefix>.txt`, in the
    user's language, with `greeting` and `site_name` in the context."""
    with in_language_of(user):
        site_name = str(settings.WAGTAIL_SITE_NAME)
        context = {"greeting": greeting(user), "recipient": user, "site_name": site_name, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
    return subject, body


def send_to_user(user, template_prefix, context):
    """Renders the email for the user and sends it (queued in the outbox, outbox.backends)."""
    subject, body = render_email(user, template_prefix, context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
