"""The awards office's multi-step writes beyond a single screening decision: the same
decision for many nominations, reopening a decision, internal notes. Each goes through
nominations.services' locking, transition permission, audit log and email queue."""

from django.db import transaction
from django.utils.translation import gettext as _

from nominations import predicates
from nominations.models import Nomination, NominationState, ScreeningNote
from nominations.models import nomination as rules
from nominations.services import NominationError, Outcome, _fire, _locked, _notify, _save, screen

S = NominationState
REOPENABLE = frozenset({S.ELIGIBLE, S.INELIGIBLE, S.RETURNED})


def bulk_screen(*, nomination_ids, user, action, message="", deadline=None):
    """The same decision (services.screen) for each nomination among `nomination_ids`, each
    in its own savepoint; returns (screened nominations, skipped ids). A nomination not
    waiting for screening (or gone) is skipped; the others are screened and emailed."""
    screened, skipped = [], []
    for pk in nomination_ids:
        try:
            outcome = screen(nomination_id=pk, user=user, action=action, message=message, deadline=deadline)
        except (NominationError, Nomination.DoesNotExist):
            skipped.append(pk)
        else:
            screened.append(outcome.nomination)
    return screened, skipped


def reopen_refusal(nomination, user):
    """Why `user` may not reopen this nomination's screening decision now, or None."""
    if not predicates.can_reopen_screening(user, nomination):
        return _("Only an awards administrator can reopen a screening decision.")
    if nomination.state not in REOPENABLE:
        if nomination.state == S.SUBMITTED:
            return _("This nomination is already waiting for screening: there is no decision to reopen.")
        return _(
            "Only an eligible, ineligible or returned nomination can go back to screening; this one is “%(state)s”."
        ) % {"state": nomination.get_state_display()}
    if not rules.before_judging(nomination):
        return _(
            "Judges are already assigned to this nomination, so its screening decision can no longer be "
            "reopened: scores and conflict declarations depend on it. Remove it from judging first."
        )
    return None


def reopen_screening(*, nomination_id, user, reason):
    """Sends an eligible, ineligible or returned nomination back to "submitted", with the
    reason in the audit log; the nominator is emailed that the decision is reopened (the
    reason is internal and not sent)."""
    reason = (reason or "").strip()
    if not reason:
        raise NominationError(_("Write the reason: it is kept in the nomination's history."))
    with transaction.atomic():
        nomination = _locked(nomination_id)
        if refusal := reopen_refusal(nomination, user):
            raise NominationError(refusal)
        _fire(nomination, "reopen_screening", user, description=reason)
        _save(nomination)
        _notify(nomination, "reopened")
    return Outcome(nomination, changed=True)


def add_note(*, nomination, user, text):
    """An internal note by a member of the awards office. Notes are never changed or
    deleted: a correction is another note."""
    text = (text or "").strip()
    if not predicates.can_keep_notes(user, nomination):
        raise NominationError(_("Only the awards office writes notes on nominations."))
    if not text:
        raise NominationError(_("Write the note."))
    return ScreeningNote.objects.create(nomination=nomination, author=user, text=text)


def notes_for(nomination):
    return list(
        ScreeningNote.objects.filter(nomination=nomination).select_related("author").order_by("created_at", "pk")
    )
