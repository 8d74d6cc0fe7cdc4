"""Every multi-step write on a nomination. Transitions run in a transaction with the row
locked (and ConcurrentTransitionMixin as a second guard), so two clicks, two tabs or two
screeners leave exactly one transition, one log row and one email."""

from dataclasses import dataclass

from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nominations import consent, limits
from nominations.models import Nomination, NominationFile, NominationState, ReferenceSequence
from nominations.models import nomination as rules
from nominations.storage import delete_unless_committed
from nominations.tasks import send_nomination_email
from outbox.queueing import enqueue_on_commit

S = NominationState


class NominationError(Exception):
    """A refusal to show the person as it is: it explains what to do."""


class AccountLimitReached(NominationError):
    """The account reached one of its limits (nominations.limits); nothing was changed."""


def _lock_account(user):
    # Holds the account's row until the transaction ends, so two requests at once from one
    # account are counted one after the other (SQLite's IMMEDIATE transactions queue anyway).
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


@dataclass(frozen=True)
class Outcome:
    nomination: Nomination
    changed: bool


def _condition_messages(nomination):
    closes = date_format(timezone.localtime(nomination.call.closes_at), "DATETIME_FORMAT")
    return {
        rules.call_is_open: _("The call closed on %(date)s: nominations are no longer accepted.") % {"date": closes},
        rules.is_complete: _("Some required answers are still missing: see the list below."),
        rules.nominator_email_verified: _("Verify your email address before submitting."),
        rules.before_amendment_deadline: _("The deadline for amendments has passed."),
        rules.before_results: _("The results have been announced: the nomination can no longer be withdrawn."),
    }


def _fire(nomination, name, user, **kwargs):
    """Runs transition `name` as `user`, or raises NominationError saying why not."""
    bound = getattr(nomination, name)
    if not can_proceed(bound, check_conditions=False):
        # The nominator reads the state they may see: a refusal must not tell a result.
        state = nomination.visible_state() if nomination.nominator_id == user.pk else S(nomination.state)
        raise NominationError(_("This cannot be done while the nomination is “%(state)s”.") % {"state": state.label})
    if not has_transition_perm(bound, user):
        transition = bound._django_fsm.get_transition(nomination.state)
        messages = _condition_messages(nomination)
        for condition in transition.conditions:
            if not condition(nomination):
                raise NominationError(messages.get(condition, _("This is not possible now.")))
        raise NominationError(_("You are not allowed to do this."))
    bound(by=user, **kwargs)


def _locked(nomination_id):
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("call__cycle", "call__category", "nominator")
        .get(pk=nomination_id)
    )


def _notify(nomination, kind):
    # Queued with the change itself (the task's row is in this transaction), so the email
    # goes if and only if the change commits, whatever fails after the commit; a mail
    # failure is retried by the outbox and never undoes the change.
    enqueue_on_commit(send_nomination_email, nomination_id=nomination.pk, kind=kind)


def _save(nomination):
    try:
        nomination.save()
    except ConcurrentTransition as error:
        raise NominationError(
            _("Someone else changed this nomination at the same moment. Reload and check.")
        ) from error


def next_reference(*, cycle, category):
    """The next human reference, e.g. 2026-TEC-0042. Call inside a transaction: the
    sequence row stays locked by the UPDATE until commit."""
    try:
        with transaction.atomic():
            sequence, _created = ReferenceSequence.objects.get_or_create(cycle=cycle, category=category)
    except IntegrityError:  # another submission created the row first
        sequence = ReferenceSequence.objects.get(cycle=cycle, category=category)
    ReferenceSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
    sequence.refresh_from_db(fields=["last_value"])
    return f"{cycle.year}-{category.code}-{sequence.last_value:04d}"


def start_nomination(*, call, nominator, language="en", answers=None, at=None):
    """Creates the draft, with the first step's cleaned answers. `at`: when the request
    arrived (accounts.network.request_arrival), which the call's close is judged by
    (nominations.deadlines); now when not given."""
    if not call.is_accepting(at=at):
        raise NominationError(_("This call is not open for nominations."))
    with transaction.atomic():
        _lock_account(nominator)
        if refusal := limits.start_refusal(nominator=nominator):
            raise AccountLimitReached(refusal)
        return Nomination.objects.create(call=call, nominator=nominator, language=language[:10], **(answers or {}))


def submit(*, nomination_id, user, at=None):
    """Submits a draft, or resubmits a returned nomination. Submitting again what is
    already submitted changes nothing and sends nothing (a double click). `at`: when the
    request arrived, which the call's close or the amendment deadline is judged by
    (nominations.deadlines), and the submission's time."""
    with transaction.atomic():
        nomination = _locked(nomination_id)
        nomination.arrived_at = at
        if nomination.state == S.SUBMITTED and nomination.nominator_id == user.pk:
            return Outcome(nomination, changed=False)
        first_time = nomination.state == S.DRAFT
        _fire(nomination, "submit" if first_time else "resubmit", user)
        if not nomination.reference:
            nomination.reference = next_reference(cycle=nomination.call.cycle, category=nomination.call.category)
        _save(nomination)
        _notify(nomination, "submitted" if first_time else "resubmitted")
        # The nominee's own consent: asked by email, or recorded from a self-nomination.
        consent.on_submission(nomination)
    return Outcome(nomination, changed=True)


def withdraw(*, nomination_id, user, reason=""):
    with transaction.atomic():
        nomination = _locked(nomination_id)
        if nomination.state == S.WITHDRAWN:
            return Outcome(nomination, changed=False)
        _fire(nomination, "withdraw", user, description=reason or None)
        _save(nomination)
        _notify(nomination, "withdrawn")
    return Outcome(nomination, changed=True)


SCREENING = {
    "accept": ("accept", "accepted"),
    "reject": ("reject", "ineligible"),
    "return": ("return_for_amendment", "returned"),
}


def screen(*, nomination_id, user, action, message="", deadline=None):
    """A screener's decision: accept, reject (with a reason) or return (with a message and
    an amendment deadline in the future)."""
    if action not in SCREENING:
        raise NominationError(_("Unknown screening action."))
    message = (message or "").strip()
    if action in ("reject", "return") and not message:
        raise NominationError(_("Write the reason: the nominator will read it."))
    if action == "return" and (deadline is None or deadline <= timezone.now()):
        raise NominationError(_("Set an amendment deadline in the future."))
    method, email = SCREENING[action]
    with transaction.atomic():
        nomination = _locked(nomination_id)
        kwargs = {"description": message or None}
        if action == "return":
            kwargs["deadline"] = deadline
        _fire(nomination, method, user, **kwargs)
        _save(nomination)
        _notify(nomination, email)
    return Outcome(nomination, changed=True)


def bulk_accept(*, nomination_ids, user):
    """Accepts each submitted nomination among `nomination_ids`; returns (accepted, skipped)."""
    accepted, skipped = [], []
    for pk in nomination_ids:
        try:
            accepted.append(screen(nomination_id=pk, user=user, action="accept").nomination)
        except (NominationError, Nomination.DoesNotExist):
            skipped.append(pk)
    return accepted, skipped


def add_files(*, nomination, uploads, at=None):
    """Stores validated uploads with the nomination, all or none, within the account's
    limits (raises AccountLimitReached, storing nothing), while it may be edited by a
    request that arrived `at` (raises NominationError otherwise: nominations.deadlines)."""
    if not nomination.can_edit(at=at):
        raise NominationError(_("This nomination can no longer be edited."))
    with transaction.atomic():
        _lock_account(nomination.nominator)
        size = sum(len(upload.content) for upload in uploads)
        if refusal := limits.upload_refusal(nominator=nomination.nominator, files=len(uploads), size=size):
            raise AccountLimitReached(refusal)
        records = [add_file(nomination=nomination, upload=upload) for upload in uploads]
        nomination.save(update_fields=["updated_at"])
    return records


def add_file(*, nomination, upload):
    """Stores a validated upload (nominations.uploads.ValidatedUpload) with the nomination.
    The file and its thumbnail are written first, then the row; if the transaction does not
    commit (this one or any outer one), both files are deleted again (storage.delete_unless_committed)."""

    record = NominationFile(
        nomination=nomination,
        kind=upload.kind,
        original_name=upload.original_name,
        content_type=upload.content_type,
        size=len(upload.content),
        width=upload.width,
        height=upload.height,
    )
    with transaction.atomic(savepoint=False):  # inside add_files: all or none anyway
        record.file.save(f"upload.{upload.extension}", ContentFile(upload.content), save=False)
        delete_unless_committed(record.file.storage, record.file.name)
        if upload.thumbnail:
            record.thumbnail.save("thumb.jpg", ContentFile(upload.thumbnail), save=False)
            delete_unless_committed(record.thumbnail.storage, record.thumbnail.name)
        record.save()
    return record


def remove_file(*, nomination_file, at=None):
    """The nominator removes one of their uploads while the nomination may still be edited
    (at `at`, the request's arrival); its stored files go once the row's delete commits."""
    nomination = nomination_file.nomination
    if not nomination.can_edit(at=at):
        raise NominationError(_("This nomination can no longer be edited."))
    with transaction.atomic():
        delete_file(nomination_file=nomination_file)
    return nomination


def delete_file(*, nomination_file):
    storage = nomination_file.file.storage
    storage_names = [name for name in (nomination_file.file.name, nomination_file.thumbnail.name) if name]
    nomination_file.delete()

    def delete_stored_files():
        for name in storage_names:
            storage.delete(name)

    # A named function: Django logs a robust callback's failure by its __qualname__.
    transaction.on_commit(delete_stored_files, robust=True)
