"""One rule, one home: "a call is open" (accepting nominations) is CallPage.status()
(ACCEPTING_STATUSES; is_accepting() adds the grace for requests that arrived in time, and
open_calls() is the same rule as a query filter). The draft reminders and the office's
"calls closing within" message filter used to compare opens_at and closes_at themselves;
these tests check that every place gives the same answer at the edges."""

from datetime import timedelta

import pytest

from django.utils import timezone

from nominations.models import CallPage
from nominations.models.pages import ACCEPTING_STATUSES, open_calls
from office.messaging import Filters, matching_nominations
from scheduling.reminders import drafts_to_remind
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory

SECOND = timedelta(seconds=1)
OPENS = timezone.now().replace(microsecond=0) + timedelta(days=3)
CLOSES = OPENS + timedelta(days=2)
SOON = 5  # days: the whole call is "within" it, so only the open rule decides


@pytest.fixture
def draft(call_index, settings):
    settings.SUBMISSION_GRACE_SECONDS = 0
    cycle = AwardCycleFactory(nominations_open=OPENS, nominations_close=CLOSES)
    call = CallPageFactory(parent=call_index, cycle=cycle, opens_at=OPENS, closes_at=CLOSES)
    return NominationFactory(call=call, nominator=UserFactory(email="drafting@example.net"))


def answers_at(draft, now):
    call = draft.call
    return {
        "CallPage.status": call.status(now) in ACCEPTING_STATUSES,
        "CallPage.is_accepting": call.is_accepting(now=now),
        "the open_calls filter": CallPage.objects.filter(open_calls(now), pk=call.pk).exists(),
        "the draft reminders": drafts_to_remind(now=now, days=SOON).filter(pk=draft.pk).exists(),
        "the office's closing-soon message": matching_nominations(Filters(closes_within_days=SOON, as_of=now))
        .filter(pk=draft.pk)
        .exists(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENS - SECOND, False),
        (OPENS, True),
        (CLOSES - SECOND, True),
        (CLOSES, False),
        (CLOSES + SECOND, False),
    ],
)
def test_every_place_agrees_on_whether_a_call_is_open(draft, now, expected):
    answers = answers_at(draft, now)
    assert answers == dict.fromkeys(answers, expected)
