"""An invitation's link carries a random token; only its digest is stored, so a copy of
the database opens no invitation."""

import secrets

from django.conf import settings
from django.utils import timezone

from judging.models import ExpertInvitation, token_digest

# How long an invitation's link works; resending it starts the count again.
DEFAULT_DAYS = 14


def invitation_days():
    return getattr(settings, "EXPERT_INVITATION_DAYS", DEFAULT_DAYS)


def new_token():
    """(token for the link, digest to store)."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def expiry(now=None):
    return (now or timezone.now()) + timezone.timedelta(days=invitation_days())


def find_invitation(token):
    """The invitation a link's token opens, whatever its state, or None."""
    if not token or len(token) > 100:
        return None
    return ExpertInvitation.objects.filter(token_hash=token_digest(token)).first()
