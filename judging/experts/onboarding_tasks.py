"""Background work of joining the pool: telling the administrator who invited an expert
that they accepted (in the administrator's language, accounts.emails)."""

import logging

from django_tasks import task

from django.conf import settings
from django.urls import reverse

from accounts.emails import send_to_user
from judging.models import ExpertInvitation

logger = logging.getLogger(__name__)

PROFILE_IN_ADMIN = "wagtailsnippets_judging_judgeprofile:edit"


@task()
def send_acceptance_email(*, invitation_id):
    """Tells the inviting administrator that the expert joined the pool."""
    invitation = ExpertInvitation.objects.select_related("invited_by", "user").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is None:
        return
    administrator = invitation.invited_by
    if administrator is None or not administrator.is_active or not administrator.email:
        return
    expert = invitation.user
    if expert is not None and not hasattr(expert, "judge_profile"):
        expert = None
    # The expert's profile in the admin's expert pool (judging.wagtail_hooks).
    profile_path = reverse(PROFILE_IN_ADMIN, args=[expert.judge_profile.pk]) if expert else ""
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    send_to_user(
        administrator,
        "judging/experts/emails/accepted",
        {
            "invitation": invitation,
            "expert_name": (expert.get_full_name() if expert else "") or invitation.name or invitation.email,
            "expert_email": expert.email if expert else invitation.email,
            "accepted_at": invitation.accepted_at,
            "profile_url": site_url + profile_path if profile_path else "",
        },
    )
    logger.info("Told administrator %s that invitation %s was accepted", administrator.pk, invitation.pk)
