"""Reads about invitations to the expert pool: an invitation's state as a filter (the same
rule as ExpertInvitation.state_at, which is its one home; tests/judging/test_expert_invitations
checks the two agree), and the admin listing's queryset."""

from django.db.models import Q
from django.utils import timezone

from judging.models import ExpertInvitation, InvitationState, JudgeProfile


def state_filter(state, now=None, prefix=""):
    """ExpertInvitation.state_at as a filter: the invitations in `state` at `now`."""
    now = now or timezone.now()
    open_ = Q(**{f"{prefix}accepted_at__isnull": True, f"{prefix}revoked_at__isnull": True})
    if state == InvitationState.ACCEPTED:
        return Q(**{f"{prefix}accepted_at__isnull": False})
    if state == InvitationState.REVOKED:
        return Q(**{f"{prefix}accepted_at__isnull": True, f"{prefix}revoked_at__isnull": False})
    if state == InvitationState.EXPIRED:
        return open_ & Q(**{f"{prefix}expires_at__lte": now})
    if state == InvitationState.PENDING:
        return open_ & Q(**{f"{prefix}expires_at__gt": now})
    raise ValueError(f"unknown invitation state {state!r}")


def pending_for(email, now=None):
    """The pending invitations to an address (compared without regard to case)."""
    return ExpertInvitation.objects.filter(state_filter(InvitationState.PENDING, now), email__iexact=email)


def active_member(email):
    """The active judge profile whose account has this address, or None (who is a judge:
    JudgeProfile.judging_filter)."""
    return JudgeProfile.objects.filter(JudgeProfile.judging_filter(), user__email__iexact=email).first()


def for_listing():
    """The admin's listing: one query for the rows, whatever their number."""
    return ExpertInvitation.objects.select_related("invited_by", "user")
