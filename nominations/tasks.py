"""Background work: the emails a nomination's life sends. Run by django-tasks (the
database backend and `manage.py db_worker` by default)."""

import logging

from django_tasks import task

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.emails import send_to_user

logger = logging.getLogger(__name__)

KINDS = {"submitted", "resubmitted", "returned", "accepted", "ineligible", "withdrawn", "reopened"}


@task()
def send_nomination_email(*, nomination_id, kind):
    from nominations.models import Nomination  # noqa: PLC0415 (nominations.models imports this module through nominations.models.nomination)

    if kind not in KINDS:
        raise ValueError(f"Unknown nomination email: {kind}")
    nomination = Nomination.objects.select_related("call__cycle", "call__category", "nominator").get(pk=nomination_id)
    context = {
        "nomination": nomination,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "action_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("nominations:mine"),
        "action_label": gettext_lazy("Follow your nominations"),
    }
    # In the nominator's preferred language, not the one they happened to browse in.
    send_to_user(nomination.nominator, f"nominations/emails/{kind}", context)
    logger.info("Sent %s email for nomination %s", kind, nomination.pk)
