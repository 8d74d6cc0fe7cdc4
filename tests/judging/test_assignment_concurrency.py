"""Two administrators pressing "Assign" at the same moment, in threads with their own
database connections: one plan, no error page.

On PostgreSQL the interleaving is forced (no sleeps): whichever request is about to store
its plan waits until the other has asked for the round's row lock, so the other's reads
would see nothing yet without that lock. On SQLite, IMMEDIATE transactions queue the two
writers at BEGIN."""

import threading

import pytest

from django.db import connection
from django.test import Client

from judging.models import Assignment
from tests.factories import (
    AwardCycleFactory,
    CallIndexPageFactory,
    CallPageFactory,
    JudgeProfileFactory,
    NominationFactory,
    PanelFactory,
    RoundFactory,
    advance,
)
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import messages_of
from tests.support import race, with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_administrators_assigning_at_once_get_one_plan(home_page):
    cycle = AwardCycleFactory()
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home_page), cycle=cycle)
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=2)
    judges = [JudgeProfileFactory() for _ in range(4)]
    PanelFactory(cycle=cycle, members=judges)
    screener = with_role("Screeners", "screener@example.net")
    nominations = []
    for _ in range(6):
        nomination = NominationFactory(call=call)
        advance(nomination, "submit", by=nomination.nominator)
        advance(nomination, "accept", by=screener)
        nominations.append(nomination)
    clients = []
    for email in ("first-admin@example.net", "second-admin@example.net"):
        client = Client()
        client.force_login(with_role("Awards administrators", email))
        clients.append(client)
    assign_url = url("round", "assign", round_.pk)

    locking = [threading.Event(), threading.Event()]

    def post(me):
        def wrapper(execute, sql, params, many, context):
            if "FOR UPDATE" in sql and '"judging_round"' in sql:
                locking[me].set()
            elif sql.startswith('INSERT INTO "judging_assignment"') and connection.vendor == "postgresql":
                locking[1 - me].wait(timeout=30)  # never reached when the round is locked
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            return clients[me].post(assign_url, {"category": "TEC"})

    responses = race(lambda: post(0), lambda: post(1))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert all(r["Location"] == url("round", "inspect", round_.pk) for r in responses)
    # The second waited for the first's lock on the round, then found its work done.
    assert sorted(messages_of(r)[0] for r in responses) == [
        "New technologies: 12 assignments created. Each judge with new work will be told by email.",
        "New technologies: nothing new to assign.",
    ]
    per_nomination = {n.pk: 0 for n in nominations}
    for nomination_id in Assignment.objects.filter(round=round_).values_list("nomination_id", flat=True):
        per_nomination[nomination_id] += 1
    assert set(per_nomination.values()) == {round_.judges_per_nomination}
    loads = [Assignment.objects.filter(judge=j).count() for j in judges]
    assert loads == [3, 3, 3, 3]
