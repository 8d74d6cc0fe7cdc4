"""Inviting experts to the pool: an administrator invites one or many by email (in each
expert's own language), resends an invitation (a new link; the old one stops working) or
withdraws it. Each write is one transaction that also queues the email in the outbox and
records the action in Wagtail's log. A refusal raises InvitationError with a message for
the administrator. Accepting is judging.experts.onboarding's."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from accounts.emails import send_in_language, supported
from judging.experts.invitation_queries import active_member, pending_for
from judging.experts.invitation_rows import normalise_email
from judging.experts.tokens import expiry, new_token
from judging.models import ExpertInvitation, InvitationState

INVITE_ACTION = "judging.invite_expert"
RESEND_ACTION = "judging.resend_invitation"
WITHDRAW_ACTION = "judging.withdraw_invitation"
# A second "Resend" within this many seconds (a double click) sends nothing more.
RESEND_PAUSE_SECONDS = 60

S = InvitationState


class InvitationError(Exception):
    """A refusal, with its message for the administrator."""


def join_link(token):
    """The absolute link in the email (the site's root, WAGTAILADMIN_BASE_URL, as every email's links)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("judging:expert_join", args=[token])


def inviter_name(user):
    if user is None:
        return ""
    return user.get_full_name().strip() or user.email


def send_invitation(invitation, token, categories, inviter):
    """The email in the invitation's language (the expert's, whoever sends it), with the
    expiry in the site's time zone."""
    link = join_link(token)
    context = {
        "invitation": invitation,
        "name": invitation.name,
        "inviter": inviter_name(inviter),
        "categories": list(categories),
        "link": link,
        "expires_at": invitation.expires_at,
        "time_zone": settings.TIME_ZONE,
        "action_url": link,
        "action_label": gettext_lazy("Join the expert pool"),
    }
    with timezone.override(settings.TIME_ZONE):
        send_in_language(invitation.language, "judging/emails/expert_invitation", context, [invitation.email])


def refusal(email, now=None):
    """Why this address cannot be invited now, or None."""
    if pending_for(email, now).exists():
        return _("%(email)s already has a pending invitation: resend it from the list of invitations instead.") % {
            "email": email
        }
    if active_member(email) is not None:
        return _("%(email)s is already an active member of the expert pool.") % {"email": email}
    return None


def _one_at_a_time(user):
    """Serialises one administrator's invitations (a double click, a form sent twice): the
    second waits, then finds the first's pending invitation and is refused."""
    if user is not None:
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def invite(*, email, name="", language, organisation="", categories=(), invited_by, now=None):
    """Creates an invitation and sends its email; returns it, with its link's token left on
    it as `.token` (only the digest is stored)."""
    now = now or timezone.now()
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(_("“%(email)s” is not an email address.") % {"email": email}) from None
    with transaction.atomic():
        _one_at_a_time(invited_by)
        reason = refusal(email, now)
        if reason:
            raise InvitationError(reason)
        token, digest = new_token()
        invitation = ExpertInvitation.objects.create(
            email=email,
            name=" ".join(name.split())[:200],
            language=supported(language),
            organisation=" ".join(organisation.split())[:200],
            token_hash=digest,
            invited_by=invited_by,
            created_at=now,
            sent_at=now,
            send_count=1,
            expires_at=expiry(now),
        )
        invitation.expertise.set(categories)
        send_invitation(invitation, token, categories, invited_by)
        log(instance=invitation, action=INVITE_ACTION, user=invited_by, data={"email": email})
    invitation.token = token
    return invitation


def invite_many(rows, *, language, categories, invited_by, organisation="", now=None):
    """Invites each row (judging.experts.invitation_rows.Row), each in its own transaction:
    a row's own language, organisation and categories, else the defaults given here.
    Returns (the invitations created, [(row, reason)] for the rows refused)."""
    created, skipped = [], []
    for row in rows:
        try:
            created.append(
                invite(
                    email=row.email,
                    name=row.name,
                    language=row.language or language,
                    organisation=row.organisation or organisation,
                    categories=row.categories or categories,
                    invited_by=invited_by,
                    now=now,
                )
            )
        except InvitationError as error:
            skipped.append((row, str(error)))
    return created, skipped


def _locked(invitation):
    return ExpertInvitation.objects.select_for_update().get(pk=invitation.pk)


def resend(invitation, *, by, now=None):
    """Sends a pending or expired invitation again with a new link (the old one stops
    working) and a new expiry. Refused once accepted or withdrawn."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation)
        state = invitation.state_at(now)
        if state == S.ACCEPTED:
            raise InvitationError(
                _("%(email)s has already accepted this invitation: there is nothing to resend.")
                % {"email": invitation.email}
            )
        if state == S.REVOKED:
            raise InvitationError(
                _("This invitation was withdrawn: invite %(email)s again instead.") % {"email": invitation.email}
            )
        if invitation.sent_at and (now - invitation.sent_at).total_seconds() < RESEND_PAUSE_SECONDS:
            raise InvitationError(
                _("This invitation to %(email)s was sent less than a minute ago: nothing more was sent.")
                % {"email": invitation.email}
            )
        if pending_for(invitation.email, now).exclude(pk=invitation.pk).exists():
            raise InvitationError(
                _("A newer invitation to %(email)s is pending: resend that one instead.") % {"email": invitation.email}
            )
        if active_member(invitation.email) is not None:
            raise InvitationError(
                _("%(email)s is already an active member of the expert pool.") % {"email": invitation.email}
            )
        token, invitation.token_hash = new_token()
        invitation.expires_at = expiry(now)
        invitation.sent_at = now
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "send_count"])
        send_invitation(invitation, token, invitation.expertise.all(), by)
        log(instance=invitation, action=RESEND_ACTION, user=by, data={"send_count": invitation.send_count})
    invitation.token = token
    return invitation


def revoke(invitation, *, by, now=None):
    """Withdraws a pending or expired invitation: its link stops working. Refused once
    accepted (the expert is in the pool: deactivate their judge profile instead)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation)
        state = invitation.state_at(now)
        if state == S.ACCEPTED:
            raise InvitationError(
                _(
                    "%(email)s has already accepted this invitation: to take them out of the pool, "
                    "make their judge profile inactive."
                )
                % {"email": invitation.email}
            )
        if state == S.REVOKED:
            raise InvitationError(_("This invitation to %(email)s is already withdrawn.") % {"email": invitation.email})
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        log(instance=invitation, action=WITHDRAW_ACTION, user=by)
    return invitation
