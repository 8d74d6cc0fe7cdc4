"""The backup format: `dumpdata --natural-foreign --natural-primary -e contenttypes -e
auth.permission` loaded into a freshly migrated database gives back the same data.

The fresh database is this test's own starting point: the world is built after a savepoint,
dumped, and rolled back to it (leaving what the migrations made), then the dump is loaded."""

import io
import json
import re

import pytest

from django.core.management import call_command
from django.db import transaction

from judging.models import Assignment, Score
from nominations.models import Nomination
from nominations.winners import create_story
from privacy.services import erase_nominee
from tests.factories import JudgeProfileFactory, NominationFactory, PanelFactory, RoundFactory, UserFactory, advance
from tests.nominations.helpers.winners import winners_index_page
from tests.privacy.helpers import make_nomination

pytestmark = pytest.mark.django_db
DUMP = ["--natural-foreign", "--natural-primary", "-e", "contenttypes", "-e", "auth.permission"]


def dump():
    out = io.StringIO()
    call_command("dumpdata", *DUMP, format="json", stdout=out)
    return out.getvalue()


# dumpdata writes times to the millisecond: a time whose microseconds are under 1,000 is
# written "…:23.000Z" before the round trip and "…:23Z" after it, the same instant.
WHOLE_SECOND = re.compile(r'(T\d{2}:\d{2}:\d{2})\.000(Z|[+-]\d{2}:\d{2})"')


def normalised(text):
    return sorted(WHOLE_SECOND.sub(r'\1\2"', json.dumps(row, sort_keys=True)) for row in json.loads(text))


def build_world(call, admin, home_page):
    nominator = UserFactory()
    eligible = make_nomination(call, nominator, "submit")
    advance(eligible, "accept", by=admin)
    judge = JudgeProfileFactory()
    round_ = RoundFactory(cycle=call.cycle)
    PanelFactory(cycle=call.cycle, category=call.category, members=[judge], chair=judge)
    assignment = Assignment.objects.create(round=round_, nomination=eligible, judge=judge)
    Score.objects.create(assignment=assignment, criterion=round_.criteria.first(), value=6)
    commended = make_nomination(call, nominator, "submit")
    advance(commended, "accept", "shortlist", "commend", by=admin)
    # A story: its photographs go in a collection of the cycle's, below the root.
    create_story(nomination=commended, user=admin, index=winners_index_page(home_page))
    erase_nominee(NominationFactory(call=call, nominator=nominator), by=admin, reason="Asked")


def test_a_dump_loads_into_a_fresh_database(tmp_path, call, admin, home_page):
    fresh = transaction.savepoint()
    build_world(call, admin, home_page)
    before = dump()
    assert Nomination.objects.count() == 3
    transaction.savepoint_rollback(fresh)
    assert not Nomination.objects.exists()

    fixture = tmp_path / "backup.json"
    fixture.write_text(before)
    call_command("loaddata", str(fixture), verbosity=0)
    assert normalised(dump()) == normalised(before)
