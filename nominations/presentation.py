"""How a nomination reads to its nominator: its state in plain words with the next step
and a date, and its history. Both go through Nomination.visible_state/results_visible (the
cycle's announcement): before it, nothing here tells a result."""

from dataclasses import dataclass
from datetime import datetime

from django_fsm_log.models import StateLog

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import NominationState
from nominations.models.choices import RESULT_STATES

S = NominationState
# Undoing a result (back to eligible or shortlisted): before the announcement its entry
# would tell that a result had been decided.
UNDOING_TRANSITIONS = frozenset({"reopen_shortlisting", "reopen_commendation"})

WORDS = {
    S.DRAFT: (_("Draft"), _("Not sent yet. Complete it and submit it before the call closes.")),
    S.SUBMITTED: (_("Submitted"), _("The awards office is checking it against the call's rules.")),
    S.RETURNED: (_("Changes requested"), _("Read the awards office's message, edit and resubmit.")),
    S.ELIGIBLE: (_("In judging"), _("Eligible: the expert judges are assessing it.")),
    S.INELIGIBLE: (_("Not eligible"), _("The awards office found it outside the call's rules.")),
    S.WITHDRAWN: (_("Withdrawn"), _("You withdrew it; it will not be judged.")),
    S.SHORTLISTED: (_("Shortlisted"), _("It goes to the final round of judging.")),
    S.NOT_SHORTLISTED: (_("Not shortlisted"), _("Thank you for taking part.")),
    S.COMMENDED: (_("Commended"), _("Congratulations: the innovation is among this year's winners.")),
    S.NOT_COMMENDED: (_("Not commended"), _("Thank you for taking part.")),
}


@dataclass(frozen=True)
class StateView:
    state: str
    label: str
    next_step: str
    deadline: datetime | None

    # What templates ask of the state the nominator may see (they never compare strings).
    @property
    def is_returned(self):
        return self.state == S.RETURNED

    @property
    def is_ineligible(self):
        return self.state == S.INELIGIBLE

    @property
    def is_commended(self):
        return self.state == S.COMMENDED


def describe(nomination, now=None):
    now = now or timezone.now()
    state = nomination.visible_state(now)
    label, next_step = WORDS[state]
    deadline = None
    if state == S.DRAFT:
        deadline = nomination.call.closes_at
    elif state == S.RETURNED:
        deadline = nomination.amendment_deadline
    return StateView(state=state.value, label=label, next_step=next_step, deadline=deadline)


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime
    state: str
    label: str


def visible_history(nomination, now=None):
    """The nomination's history as its nominator may read it: the date and the state of
    each change, without who made it or their note. Before the announcement every result
    entry is left out (a commended nomination passed through "shortlisted": that entry
    would tell as much as its current state)."""
    results = nomination.results_visible(now)
    entries = StateLog.objects.for_(nomination).order_by("timestamp", "pk")
    return [
        HistoryEntry(timestamp=entry.timestamp, state=entry.state, label=S(entry.state).label)
        for entry in entries
        if results or (entry.state not in RESULT_STATES and entry.transition not in UNDOING_TRANSITIONS)
    ]


def field_text(nomination, name):
    """A form field's answer as the nominator reads it back (the review page, the PDF copy):
    a choice's label, Yes or No for a tick box, else the value itself."""
    value = getattr(nomination, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    display = getattr(nomination, f"get_{name}_display", None)
    if display and isinstance(value, list):  # ticked boxes (partner regions): their labels, or blank
        return display()
    return display() if display and value else value
