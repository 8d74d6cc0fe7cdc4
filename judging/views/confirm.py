"""No one-click mistakes: submitting scores, declaring a conflict of interest and the
result decisions (shortlist, not shortlist, commend, not commend) each ask for
confirmation, saying what cannot be undone and, where it can be, how.

Two ways to confirm, the same words in both:
- with JavaScript, the button opens a native <dialog> (templates/judging/_confirm_dialog.html,
  static/js/confirm.js); confirming resends the form with `confirmed=1`;
- without it, the server answers an unconfirmed POST with a confirmation page
  (templates/judging/confirm.html) that resends the same fields with `confirmed=1`.
The view does nothing irreversible until the POST carries `confirmed=1`."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CONFIRMED_FIELD = "confirmed"
# Never carried over to the confirmation page's form: it adds its own.
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED_FIELD}


@dataclass(frozen=True)
class Confirmation:
    key: str
    question: str
    consequence: str
    undo: str
    button: str
    cancel: str

    @property
    def dialog_id(self):
        return f"confirm-{self.key}"


SUBMIT_SCORES = Confirmation(
    key="submit-scores",
    question=_("Submit your scores?"),
    consequence=_("The panel will see your scores and comments, and they count in the results."),
    undo=_(
        "Once submitted, your scores are final: you cannot change them. "
        "Only the panel's chair can reopen them, while the round is open."
    ),
    button=_("Submit my scores"),
    cancel=_("Keep editing"),
)
DECLARE_CONFLICT = Confirmation(
    key="declare-conflict",
    question=_("Declare a conflict of interest?"),
    consequence=_(
        "The nomination leaves your list, in this round and any later one, and any scores you gave it do not count."
    ),
    undo=_("This cannot be undone: you will not judge this nomination again."),
    button=_("Declare the conflict"),
    cancel=_("Go back"),
)
_DECISION_UNDO = _(
    "Your decision is recorded with your name. An awards administrator can undo it, with a reason, "
    "until the results are announced."
)
DECISIONS = {
    "shortlist": Confirmation(
        key="shortlist",
        question=_("Shortlist this nomination?"),
        consequence=_("It goes on to the next round of judging."),
        undo=_(
            "Your decision is recorded with your name. An awards administrator can undo it, with a reason, "
            "until the results are announced and as long as no judge has scored it in a later round."
        ),
        button=_("Shortlist"),
        cancel=_("Cancel"),
    ),
    "not_shortlist": Confirmation(
        key="not-shortlist",
        question=_("Not shortlist this nomination?"),
        consequence=_("It leaves the judging: it does not go on to the next round."),
        undo=_DECISION_UNDO,
        button=_("Not shortlisted"),
        cancel=_("Cancel"),
    ),
    "commend": Confirmation(
        key="commend",
        question=_("Commend this nomination?"),
        consequence=_("It receives the award level you chose, and can be announced as a winner."),
        undo=_(
            "Your decision is recorded with your name. An awards administrator can undo it, with a reason, "
            "until the results are announced and as long as no winner's story is written about it."
        ),
        button=_("Commend"),
        cancel=_("Cancel"),
    ),
    "not_commend": Confirmation(
        key="not-commend",
        question=_("Not commend this nomination?"),
        consequence=_("It receives no award in this cycle."),
        undo=_DECISION_UNDO,
        button=_("Not commended"),
        cancel=_("Cancel"),
    ),
}


def is_confirmed(request):
    return request.POST.get(CONFIRMED_FIELD) == "1"


def confirmation_page(request, confirmation, *, action, cancel_url, subject="", details=()):
    """The page that asks, without JavaScript, before an irreversible POST: it resends the
    POST's own fields to `action` with `confirmed=1`. Nothing is done until then.

    details: (label, value) pairs the person should read again (e.g. the reason)."""
    carried = [(name, value) for name, values in request.POST.lists() if name not in NOT_CARRIED for value in values]
    context = {
        "confirmation": confirmation,
        "action": action,
        "cancel_url": cancel_url,
        "subject": subject,
        "details": details,
        "carried": carried,
        "confirmed_field": CONFIRMED_FIELD,
    }
    return render(request, "judging/confirm.html", context)
