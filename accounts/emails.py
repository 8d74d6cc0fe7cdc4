"""Every email the product sends, in one way: written in the recipient's language (a user's
preferred_language; for someone without an account, the language the caller names), under
the site's name from home.models.SiteSettings in that language, as plain text with an HTML
alternative in the site's look (templates/emails/base.html). nominations.tasks,
nominations.consent_tasks, judging.tasks, scheduling.reminders and allauth's own mail
(accounts.adapter) all come through here; sending queues the message in the outbox
(outbox.backends), which keeps both parts."""

import re
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from home.models import SiteSettings

# The site's accent (static/css/site.css --accent, --accent-dark): mail clients ignore
# stylesheets, so the HTML part carries the colours inline.
ACCENT = "#b91c1c"
ACCENT_DARK = "#7f1d1d"
# A web address in escaped text: up to a space, a quote or Chinese punctuation.
LINK = re.compile("https?://[^\\s<>\"'\uff0c\u3002\uff1b\u3001\uff08\uff09\u201c\u201d]+")


def supported(language):
    """`language` if the site offers it, else the site's default."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def language_of(user):
    """The user's preferred language if the site still offers it, else the site's default."""
    return supported(getattr(user, "preferred_language", ""))


def greeting(user):
    """The greeting by name ("Dear Mei Lin,"; in Chinese, 尊敬的张伟), in the active language
    (inside translation.override(language_of(user)), as render_email renders)."""
    return gettext("Dear %(name)s,") % {"name": user.get_full_name() or user.email}


def site_identity():
    """The site's name, organiser and contact details in the active language, for a subject,
    header and footer: one query. The name falls back to WAGTAIL_SITE_NAME while no site
    settings are saved (and modeltranslation falls back to the other language's text)."""

    row = SiteSettings.objects.filter(site__is_default_site=True).first()
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    identity = {
        "site_name": str(settings.WAGTAIL_SITE_NAME),
        "site_url": base_url,
        "site_domain": urlsplit(base_url).netloc,
        "organiser": "",
        "address": "",
        "contact_email": "",
        "contact_phone": "",
    }
    if row is not None:
        # An empty name (in both languages) leaves the product's name, translated.
        identity.update(
            site_name=row.site_name or identity["site_name"],
            organiser=row.organiser or "",
            address=row.address or "",
            contact_email=row.contact_email,
            contact_phone=row.contact_phone,
        )
    return identity


def subject_line(subject, identity):
    """ "[<site name>] <subject>" on one line, the site's name in the active language."""
    return f"[{identity['site_name']}] " + " ".join(str(subject).split())


def paragraphs(text):
    """The plain text as HTML paragraphs, escaped (names, titles and screeners' messages are
    user-supplied), with its links made clickable. Django's urlize wants a space before a
    link; Chinese writes one straight after a full-width colon, with no space."""
    escaped = str(escape(text.strip()))

    def link(match):
        url = match.group(0).rstrip(".,;:!?")
        return f'<a href="{url}" style="color:{ACCENT_DARK};">{url}</a>' + match.group(0)[len(url) :]

    return mark_safe(linebreaks(LINK.sub(link, escaped)))  # noqa: S308 (escaped above)


def html_body(text, subject, context):
    """The HTML alternative: the plain-text body in the site's look (templates/emails/base.html)."""
    language = translation.get_language()
    return render_to_string(
        "emails/base.html",
        {
            **context,
            "body": paragraphs(text),
            "subject": subject,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "accent": ACCENT,
            "accent_dark": ACCENT_DARK,
        },
    )


def sender(identity):
    """DEFAULT_FROM_EMAIL's address under the site's name in the active language."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if not address:
        return settings.DEFAULT_FROM_EMAIL
    # Unencoded, quoted where needed: Django encodes the header when it sends.
    return str(Address(display_name=identity["site_name"], addr_spec=address))


def build_message(*, subject, text, to, context, headers=None):
    """A two-part message (text/plain with a text/html alternative); render inside the
    recipient's language, with site_identity() in `context`."""
    message = EmailMultiAlternatives(subject_line(subject, context), text, sender(context), to, headers=headers)
    message.attach_alternative(html_body(text, subject, context), "text/html")
    return message


def render_message(*, language, template_prefix, context, to, recipient=None):
    """The email of `<template_prefix>_subject.txt` and `<template_prefix>.txt` in `language`,
    with the site's identity, and the greeting by name when there is a `recipient` user."""
    with translation.override(supported(language)):
        context = {
            **site_identity(),
            "greeting": greeting(recipient) if recipient else "",
            "recipient": recipient,
            **context,
        }
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}.txt", context)
        return build_message(subject=subject, text=text, to=to, context=context)


def render_email(user, template_prefix, context):
    """The email for a user with an account, in their preferred language."""
    return render_message(
        language=language_of(user), template_prefix=template_prefix, context=context, to=[user.email], recipient=user
    )


def send_to_user(user, template_prefix, context):
    """Renders the email for the user and sends it (queued in the outbox, outbox.backends)."""
    render_email(user, template_prefix, context).send()


def send_in_language(language, template_prefix, context, to):
    """Renders an email for someone without an account (a nominee) in `language` and sends it."""
    render_message(language=language, template_prefix=template_prefix, context=context, to=to).send()
