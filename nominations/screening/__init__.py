"""The awards office's side of nominations in the Wagtail admin.

Read-only everywhere: nobody adds, edits or deletes a nomination here, and a nomination's
state changes only through nominations.services (screen / bulk_accept), which lock the
row, check the transition's permission and write the audit log. Drafts are the
nominator's private work and never appear in the admin."""

from django.urls import NoReverseMatch, reverse

from core.admin_permissions import LimitedPermissionPolicy
from nominations import predicates
from nominations.models import Nomination, NominationState

S = NominationState


def admin_nominations(user):
    """The nominations the admin shows this user, with what the listing prints:
    nominations.predicates.can_read_in_admin as a query. The awards office reads all but
    drafts; editors and moderators only commended ones, to write the winners' stories."""
    nominations = Nomination.objects.exclude(state=S.DRAFT).select_related("call__category", "call__cycle")
    if predicates.is_awards_office(user):
        return nominations
    if predicates.reads_nominations_in_admin(user):
        return nominations.filter(state=S.COMMENDED)
    return nominations.none()


def state_label(value):
    """A state value in words; unknown values (e.g. from an old log row) as they are."""
    try:
        return S(value).label
    except ValueError:
        return value or ""


def _reverse_or_none(name, *args):
    # The private file views belong to the nominator's side; if they are not routed
    # (yet), the inspect view still works and lists the files without links.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# Permissions ------------------------------------------------------------------------


def read_only_nomination_policy(model):
    """Nobody adds, edits, copies or deletes a nomination in the admin: view only."""
    return LimitedPermissionPolicy(model, {"view"})


# Screening actions ------------------------------------------------------------------
