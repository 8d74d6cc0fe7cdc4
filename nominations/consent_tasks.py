"""The nominee's consent request: an email to the nominee themselves (not the nominator),
in the nomination's language, with their signed link (nominations.consent). Run by
django-tasks, queued through the outbox with the submission."""

import logging

from django_tasks import task

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.emails import language_of, send_in_language

logger = logging.getLogger(__name__)


@task()
def send_nominee_consent_request(*, nomination_id):
    """Asks the nominee themselves (not the nominator) to confirm, in the nomination's
    language, with their signed link (nominations.consent)."""

    from nominations import consent  # noqa: PLC0415 (nominations.consent imports this module)
    from nominations.models import Nomination  # noqa: PLC0415 (nominations.models imports this module through nominations.models.nomination)

    nomination = Nomination.objects.select_related("call__cycle", "call__category", "nominator").get(pk=nomination_id)
    if not consent.needs_request(nomination):
        return
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = site_url + reverse("nominations:nominee_consent", args=[consent.token_for(nomination)])
    context = {
        "nomination": nomination,
        "nominator_name": nomination.nominator.get_full_name().strip() or nomination.nominator.email,
        "link": link,
        "valid_until": consent.link_valid_until(nomination),
        "action_url": link,
        "action_label": gettext_lazy("Give your answers"),
    }
    # The nominee has no account: the nomination's language, else the nominator's.
    language = nomination.language or language_of(nomination.nominator)
    send_in_language(language, "nominations/emails/nominee_consent", context, [nomination.nominee_email])
    logger.info("Sent the nominee's consent request for nomination %s", nomination.pk)
