"""The nominee's consent request: an email to the nominee themselves (not the nominator),
in the nomination's language, with their signed link (nominations.consent). Run by
django-tasks, queued through the outbox with the submission."""

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@task()
def send_nominee_consent_request(*, nomination_id):
    """Asks the nominee themselves (not the nominator) to confirm, in the nomination's
    language, with their signed link (nominations.consent)."""
    from django.urls import reverse

    from nominations import consent
    from nominations.models import Nomination

    nomination = Nomination.objects.select_related("call__cycle", "call__category", "nominator").get(pk=nomination_id)
    if not consent.needs_request(nomination):
        return
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(nomination.language or settings.LANGUAGE_CODE):
        context = {
            "nomination": nomination,
            "nominator_name": nomination.nominator.get_full_name().strip() or nomination.nominator.email,
            "link": site_url + reverse("nominations:nominee_consent", args=[consent.token_for(nomination)]),
            "valid_until": consent.link_valid_until(nomination),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("nominations/emails/nominee_consent_subject.txt", context).strip()
        body = render_to_string("nominations/emails/nominee_consent.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [nomination.nominee_email])
    logger.info("Sent the nominee's consent request for nomination %s", nomination.pk)
