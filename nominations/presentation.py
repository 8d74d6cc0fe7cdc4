"""How a nomination's state reads to its nominator: plain words, the next step, a date."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import NominationState

S = NominationState

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
