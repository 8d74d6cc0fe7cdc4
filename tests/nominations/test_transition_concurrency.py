"""Real parallel connections (threads, each with its own database connection) racing on
the same rows: the state machine and the references must come out whole."""

from datetime import timedelta

import pytest
from django_fsm_log.models import StateLog

from django.core import mail
from django.utils import timezone

from nominations import services
from nominations.models import Nomination
from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance
from tests.support import race, with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def call(home_page):
    from tests.factories import CallIndexPageFactory

    return CallPageFactory(parent=CallIndexPageFactory(parent=home_page))


def test_double_submit_gives_one_transition_one_log_one_receipt(call):
    nominator = UserFactory(email="fast-clicker@example.net")
    nomination = NominationFactory(call=call, nominator=nominator)

    results = race(*[lambda: services.submit(nomination_id=nomination.pk, user=nominator)] * 4)

    assert all(isinstance(r, services.Outcome) for r in results), results
    assert sum(r.changed for r in results) == 1
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert StateLog.objects.for_(nomination).filter(transition="submit").count() == 1
    assert [m.to for m in mail.outbox] == [[nominator.email], [nomination.nominee_email]]


def test_two_screeners_deciding_at_once_leave_one_decision(call):
    nominator = UserFactory(email="nominator@example.net")
    nomination = advance(NominationFactory(call=call, nominator=nominator), "submit", by=nominator)
    first = with_role("Screeners", "first@example.net")
    second = with_role("Screeners", "second@example.net")
    mail.outbox.clear()

    results = race(
        lambda: services.screen(nomination_id=nomination.pk, user=first, action="accept"),
        lambda: services.screen(
            nomination_id=nomination.pk,
            user=second,
            action="return",
            message="Add a report.",
            deadline=timezone.now() + timedelta(days=3),
        ),
    )

    winners = [r for r in results if isinstance(r, services.Outcome)]
    losers = [r for r in results if isinstance(r, services.NominationError)]
    assert (len(winners), len(losers)) == (1, 1), results
    nomination.refresh_from_db()
    assert nomination.state == winners[0].nomination.state
    assert StateLog.objects.for_(nomination).exclude(transition="submit").count() == 1
    assert len(mail.outbox) == 1


def test_references_stay_unique_under_concurrent_submits(call):
    people = [UserFactory(email=f"n{i}@example.net") for i in range(6)]
    nominations = [NominationFactory(call=call, nominator=person) for person in people]

    results = race(
        *[
            (lambda n=n, p=p: services.submit(nomination_id=n.pk, user=p))
            for n, p in zip(nominations, people, strict=True)
        ]
    )

    assert all(isinstance(r, services.Outcome) for r in results), results
    references = sorted(Nomination.objects.values_list("reference", flat=True))
    year = call.cycle.year
    assert references == [f"{year}-TEC-{n:04d}" for n in range(1, 7)]
