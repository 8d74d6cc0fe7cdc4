"""Joining the expert pool through an invitation (the views are judging.experts.onboarding).

Three writes, each in one transaction with the invitation's row locked, each refused
(JoinError, with words for the expert) unless the invitation is still pending:

- create_account: a new account for the invitation's address, whose email address is
  verified by the link itself (the invitation was sent there), and an inactive judge
  profile: the expert is not in the pool yet, but from now on needs two factors
  (accounts.mfa counts any judge profile).
- link_account: the same for someone who already has an account with that address.
- complete_profile: the expert's profile, after two factors are set up; only now are they
  in the pool (active, joined_at) and is the invitation accepted.

save_profile is the same profile form for an expert already in the pool."""

from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mfa import has_mfa
from accounts.models import User
from accounts.roles import JUDGES
from judging.experts.onboarding_tasks import send_acceptance_email
from judging.models import ExpertInvitation, InvitationState, JudgeProfile, Panel
from nominations.models.cycles import announced
from outbox.queueing import enqueue_on_commit

# What the expert reads when the invitation stopped being pending while they were at it.
REFUSALS = {
    InvitationState.ACCEPTED: _("This invitation has already been accepted."),
    InvitationState.REVOKED: _("This invitation has been withdrawn by the awards office."),
    InvitationState.EXPIRED: _("This invitation has expired. The awards office can send you a new one."),
}


class JoinError(Exception):
    """A refusal, in words for the expert (str(error))."""


class AccountExists(JoinError):
    """An account already has the invitation's address: its owner signs in instead."""


def account_for(email):
    """The account that holds `email` (its login, or a verified address of it), or None.
    An unverified address proves nothing: anyone may type someone else's address."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user").first()
    return address.user if address else None


def holds_address(user, email):
    """Whether the signed-in `user` holds `email`: a verified address of theirs, or their
    login when allauth keeps no record of it (an account the office made by hand). An
    address they added but never confirmed does not count."""
    if not (user.is_authenticated and email):
        return False
    records = set(EmailAddress.objects.filter(user=user, email__iexact=email).values_list("verified", flat=True))
    if True in records:
        return True
    return user.email.lower() == email.lower() and not records


def pending_invitation(user):
    """The newest pending invitation the account took up on the join page, or None."""
    if not user.is_authenticated:
        return None
    now = timezone.now()
    return ExpertInvitation.objects.filter(user=user, accepted_at=None, revoked_at=None, expires_at__gt=now).first()


def _locked(invitation):
    """The invitation's row, locked until the transaction ends, refused unless pending."""
    invitation = ExpertInvitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation.state_at(timezone.now())
    if state != InvitationState.PENDING:
        raise JoinError(REFUSALS[state])
    return invitation


def _start_profile(invitation, user):
    """The user's judge profile, created inactive (organisation and categories from the
    invitation) if they have none; an existing one is kept as it is (an active judge stays
    in the pool). The invitation is tied to the account."""
    if invitation.user_id not in (None, user.pk):
        raise JoinError(_("This invitation is already being taken up by another account."))
    profile, created = JudgeProfile.objects.get_or_create(
        user=user, defaults={"active": False, "organisation": invitation.organisation}
    )
    if created:
        profile.expertise.set(invitation.expertise.all())
    if invitation.user_id is None:
        invitation.user = user
        invitation.save(update_fields=["user"])
    return profile


def create_account(*, invitation, first_name, last_name, password, language):
    """A new account for the invitation's address (verified: the link proves it) with an
    inactive judge profile. Raises AccountExists when the address already has an account
    (a second click of the same button included), JoinError when the invitation is no
    longer pending; nothing is changed then."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if account_for(invitation.email) is not None:
            raise AccountExists(_("An account with this email address already exists: sign in to continue."))
        try:
            with transaction.atomic():  # the unique address: another request's account, at the same moment
                user = User.objects.create_user(
                    email=invitation.email,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    preferred_language=language,
                    organisation=invitation.organisation,
                )
        except IntegrityError as error:
            raise AccountExists(_("An account with this email address already exists: sign in to continue.")) from error
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        _start_profile(invitation, user)
    return user


def link_account(*, invitation, user):
    """Ties the invitation to the signed-in `user`, who holds its address, and gives them
    an inactive judge profile unless they have one."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if not holds_address(user, invitation.email):
            raise JoinError(_("This invitation was sent to an email address other than your account's."))
        return _start_profile(invitation, user)


def _write_profile(profile, data):
    for name in ("title", "organisation", "affiliation_kind", "region", "bio", "listed_publicly"):
        setattr(profile, name, data[name])
    profile.languages = list(data["languages"])
    profile.save()
    profile.expertise.set(data["expertise"])
    if "keywords" in data:  # (the form leaves them out while none are curated)
        profile.keywords.set(data["keywords"])


def complete_profile(*, invitation, user, data):
    """The expert's profile (`data`: the profile form's cleaned data), and with it their
    place in the pool: active, joined now, the invitation accepted. Only for the account
    the invitation is tied to, with two factors set up, while it is pending. The
    administrator who invited them is told, by email, once it is saved."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.user_id != user.pk:
            raise JoinError(_("This invitation was sent to an email address other than your account's."))
        if not has_mfa(user):
            raise JoinError(_("Set up two-factor authentication first."))
        profile = JudgeProfile.objects.select_for_update().filter(user=user).first() or JudgeProfile(user=user)
        now = timezone.now()
        profile.active = True
        profile.joined_at = profile.joined_at or now
        _write_profile(profile, data)
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        _join_panels(profile, invitation, now)
        # A label for the admin's lists (accounts.roles): the active profile is what counts.
        judges = Group.objects.filter(name=JUDGES).first()
        if judges is not None:
            user.groups.add(judges)
        if invitation.invited_by_id:
            enqueue_on_commit(send_acceptance_email, invitation_id=invitation.pk)
    return profile


def _join_panels(profile, invitation, now):
    """The office invited the expert for the invitation's categories: on accepting, they
    join those categories' panels in every cycle whose results are not yet announced (where
    the office has set a panel up), for each category they also named as their expertise.
    So automatic assignment can give them nominations with nobody adding them by hand; the
    office can still take them off a panel in the admin."""
    categories = set(invitation.expertise.values_list("pk", flat=True))
    categories &= set(profile.expertise.values_list("pk", flat=True))
    panels = Panel.objects.filter(category__in=categories).exclude(announced(now, prefix="cycle__"))
    for panel in panels:
        panel.members.add(profile)
    return panels


def save_profile(*, profile, data):
    """An expert's own changes to their profile (their place in the pool stays as it is)."""
    with transaction.atomic():
        _write_profile(profile, data)
    return profile
