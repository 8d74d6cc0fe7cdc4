"""One rule, one home: "a round is open for scoring" is Round.status() (is_open() is its
OPEN; open_for_scoring() the same rule as a query filter). The judge's badge, the
decisions' "round closed", the office dashboard's open rounds and the services' refusal
used to compare opens_at, closes_at and closed_at themselves; these tests check that
they all give the same answer at the edges."""

from datetime import timedelta

import pytest

from django.utils import timezone

from judging import services
from judging.decisions import round_closed
from judging.models import Round, RoundStatus
from judging.models.rounds import open_for_scoring
from judging.views.judge import round_status
from office.queries import open_rounds
from tests.factories import RoundFactory

SECOND = timedelta(seconds=1)
OPENS = timezone.now().replace(microsecond=0) + timedelta(days=3)
CLOSES = OPENS + timedelta(days=10)


def answers_at(round_, now):
    """What each place says of the round at `now`, as a status."""
    in_filter = Round.objects.filter(open_for_scoring(now), pk=round_.pk).exists()
    on_dashboard = open_rounds(now).filter(pk=round_.pk).exists()
    status = round_.status(now)
    return {
        "Round.status": status,
        "Round.is_open": RoundStatus.OPEN if round_.is_open(now) else status,
        "the judge's badge": round_status(round_, now)[0],
        "the open_for_scoring filter": RoundStatus.OPEN if in_filter else status,
        "the office dashboard": RoundStatus.OPEN if on_dashboard else status,
        "the decisions' round closed": RoundStatus.CLOSED if round_closed(round_, now) else status,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "closed_by_hand", "expected"),
    [
        (OPENS - SECOND, False, RoundStatus.UPCOMING),
        (OPENS, False, RoundStatus.OPEN),
        (CLOSES - SECOND, False, RoundStatus.OPEN),
        (CLOSES, False, RoundStatus.CLOSED),
        (CLOSES + SECOND, False, RoundStatus.CLOSED),
        (OPENS + SECOND, True, RoundStatus.CLOSED),
    ],
)
def test_every_place_agrees_on_whether_a_round_is_open(now, closed_by_hand, expected):
    round_ = RoundFactory(opens_at=OPENS, closes_at=CLOSES, closed_at=OPENS if closed_by_hand else None)
    answers = answers_at(round_, now)
    assert answers == dict.fromkeys(answers, expected)
    # Every status is one of the three, and is_open is exactly OPEN: no fourth answer.
    assert round_.is_open(now) is (expected is RoundStatus.OPEN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens_in", "closed_by_hand", "refusal"),
    [
        (timedelta(minutes=5), False, "has not opened yet"),
        (-timedelta(minutes=5), False, None),
        (-timedelta(minutes=5), True, "is closed"),
    ],
)
def test_the_services_refuse_exactly_when_the_round_is_not_open(opens_in, closed_by_hand, refusal):
    now = timezone.now()
    round_ = RoundFactory(opens_at=now + opens_in, closes_at=now + timedelta(days=1))
    if closed_by_hand:
        round_.closed_at = now
    if refusal is None:
        services.require_open(round_)
        assert round_.is_open()
    else:
        with pytest.raises(services.JudgingError, match=refusal):
            services.require_open(round_)
        assert not round_.is_open()
