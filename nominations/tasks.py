"""Background work: the emails a nomination's life sends. Run by django-tasks (the
database backend and `manage.py db_worker` by default)."""

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

KINDS = {"submitted", "resubmitted", "returned", "accepted", "ineligible", "withdrawn"}


@task()
def send_nomination_email(*, nomination_id, kind):
    from nominations.models import Nomination

    if kind not in KINDS:
        raise ValueError(f"Unknown nomination email: {kind}")
    nomination = Nomination.objects.select_related("call__cycle", "call__category", "nominator").get(pk=nomination_id)
    context = {
        "nomination": nomination,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(nomination.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"nominations/emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"nominations/emails/{kind}.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [nomination.nominator.email])
    logger.info("Sent %s email for nomination %s", kind, nomination.pk)
