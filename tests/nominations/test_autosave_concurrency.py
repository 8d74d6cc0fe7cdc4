"""Two saves of one answer at the same moment, each from its own connection: the row lock
decides them one after the other, so exactly one is written and the other is reported as
a conflict with the first one's text (nominations.autosave.save_step)."""

import pytest

from nominations import autosave
from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory
from tests.support import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_tabs_saving_the_same_answer_at_once_leave_one_write_and_one_conflict(home_page):
    nominator = UserFactory(email="two-tabs@example.net")
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home_page))
    nomination = NominationFactory(call=call, nominator=nominator, title="Original", summary="Original summary.")

    def save(title, summary):
        return autosave.save_step(
            nomination_id=nomination.pk,
            user=nominator,
            values={"title": title, "summary": summary},
            bases={"title": "Original", "summary": "Original summary."},
        )

    results = race(lambda: save("From tab A", "Original summary."), lambda: save("From tab B", "Summary B."))

    assert all(isinstance(r, autosave.StepSave) for r in results), results
    written = [r for r in results if "title" in r.merge.apply]
    refused = [r for r in results if r.merge.conflicts]
    assert (len(written), len(refused)) == (1, 1), results
    conflict = refused[0].merge.conflicts[0]
    assert (conflict.name, conflict.stored) == ("title", written[0].merge.apply["title"])
    nomination.refresh_from_db()
    assert nomination.title == written[0].merge.apply["title"]
    assert nomination.summary == "Summary B."  # tab B's other answer was saved either way
