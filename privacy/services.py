"""Erasure: an account at its owner's request (or an administrator's on their behalf), a
nominee at theirs. Each writes an ErasureRecord with counts only."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from judging.models import CycleStatement, ExpertInvitation
from nominations.models import Nomination
from outbox.models import OutgoingEmail
from privacy.anonymise import REMOVED, anonymise_nomination, lock_nominations
from privacy.models import ErasedNomination, ErasureRecord

Requester = ErasureRecord.Requester
# User fields never blanked: identity, flags and dates the record needs.
KEPT_USER_FIELDS = {"password", "email", "last_login", "date_joined"}


def placeholder_email(user_id):
    return f"erased-{user_id}@erased.invalid"


def is_erased(user):
    return user.email == placeholder_email(user.pk)


def is_protected(user):
    """Whether deleting the user would hit a protected reference (their nominations, the
    judging record they signed or decided): then they can only be erased, not deleted."""
    collector = Collector(using="default")
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


def _erase_nominations(queryset, *, by, record):
    totals = {"nominations": 0, "fields": 0, "answers": 0, "notes": 0, "files": 0, "stories_deleted": 0}
    for nomination in lock_nominations(queryset):
        counts = anonymise_nomination(nomination, by=by)
        totals["nominations"] += 1
        for key, value in counts.items():
            totals[key] += value
        ErasedNomination.objects.update_or_create(nomination=nomination, defaults={"record": record})
    return totals


def _end_sessions(user_id):
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
            ended += 1
    return ended


def outbox_for(address):
    """The outbox's rows addressed to `address` (recipients are stored comma-separated)."""
    address = address.lower()
    rows = OutgoingEmail.objects.filter(recipients__icontains=address)
    return [row for row in rows if address in {part.strip().lower() for part in row.recipients.split(",")}]


def _drop_outbox(address):
    rows = outbox_for(address)
    OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _blank_profile(user):
    blanked = 0
    for field in user._meta.concrete_fields:
        if field.name in KEPT_USER_FIELDS or not isinstance(field, models.CharField | models.TextField):
            continue
        if field.blank and getattr(user, field.attname):
            setattr(user, field.attname, "")
            blanked += 1
    return blanked


def _anonymise_judge(user):
    profile = getattr(user, "judge_profile", None)
    if profile is None:
        return 0
    profile.organisation = profile.title = profile.bio = ""
    profile.affiliation_kind = profile.region = ""
    profile.languages = []
    profile.active = profile.listed_publicly = False
    blanked = ["organisation", "title", "bio", "affiliation_kind", "region", "languages", "active", "listed_publicly"]
    profile.save(update_fields=blanked)
    profile.expertise.clear()
    profile.keywords.clear()
    # Their availability and standing interests, cycle by cycle (the conflicts recorded from
    # them stay, without the judge's name, as the scores do).
    CycleStatement.objects.filter(judge=profile).delete()
    return 1


def _drop_invitations(user):
    """Invitations to the pool sent to the person's address or taken up by their account."""
    return ExpertInvitation.objects.filter(models.Q(user=user) | models.Q(email__iexact=user.email)).delete()[0]


def erase_user(user, by, reason, *, requested_by=Requester.SELF):
    """Erases an account: its nominations anonymised, its judge profile emptied (the scores
    stay), its emails still waiting in the outbox dropped, its sessions ended, and the
    account deleted, or, when the record protects it, left as an empty shell that cannot
    sign in. Returns the ErasureRecord."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        record = ErasureRecord.objects.create(
            kind=ErasureRecord.Kind.ACCOUNT,
            user_id_erased=user.pk,
            requested_by=requested_by,
            done_by=by if by is not None and by.pk != user.pk else None,
            reason=reason,
        )
        nominations = Nomination.objects.filter(nominator=user)
        nomination_ids = sorted(nominations.values_list("pk", flat=True))
        removed = _erase_nominations(nominations, by=by, record=record)
        removed["judge_profiles"] = _anonymise_judge(user)
        removed["expert_invitations"] = _drop_invitations(user)
        removed["outbox_emails"] = _drop_outbox(user.email)
        removed["email_addresses"] = EmailAddress.objects.filter(user=user).delete()[0]
        removed["authenticators"] = Authenticator.objects.filter(user=user).delete()[0]
        removed["sessions"] = _end_sessions(user.pk)
        removed["profile_fields"] = _blank_profile(user)
        user.groups.clear()
        user.user_permissions.clear()
        if is_protected(user):
            user.email = placeholder_email(user.pk)
            user.set_unusable_password()
            user.is_active = user.is_staff = user.is_superuser = False
            user.save()
            removed["account"] = "deactivated"
        else:
            user.delete()
            removed["account"] = "deleted"
        record.nomination_ids = nomination_ids
        record.removed = removed
        record.save(update_fields=["removed", "nomination_ids"])
    return record


def erase_nominee(nomination, by, reason, *, requested_by=Requester.NOMINEE):
    """Erases a nominee's personal data from one nomination, at their request."""
    with transaction.atomic():
        record = ErasureRecord.objects.create(
            kind=ErasureRecord.Kind.NOMINEE,
            requested_by=requested_by,
            done_by=by,
            reason=reason,
            nomination_ids=[nomination.pk],
        )
        record.removed = _erase_nominations(Nomination.objects.filter(pk=nomination.pk), by=by, record=record)
        record.save(update_fields=["removed"])
    return record


def erase_for_retention(queryset, *, reason):
    """The retention task's erasure of the nominations in `queryset` not yet erased; one
    record, or None when there was nothing left to do (so running it again does nothing)."""
    with transaction.atomic():
        pending = queryset.filter(erasure__isnull=True)
        ids = sorted(pending.values_list("pk", flat=True))
        if not ids:
            return None
        record = ErasureRecord.objects.create(
            kind=ErasureRecord.Kind.RETENTION, requested_by=Requester.RETENTION, reason=reason, nomination_ids=ids
        )
        record.removed = _erase_nominations(Nomination.objects.filter(pk__in=ids), by=None, record=record)
        record.save(update_fields=["removed"])
    return record


__all__ = ["REMOVED", "erase_for_retention", "erase_nominee", "erase_user", "is_erased", "is_protected"]
