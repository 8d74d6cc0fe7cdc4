"""Fixtures for the judge's pages (test_judge_pages, test_judge_access); their plain
helpers live in tests/judging/helpers.py."""

import pytest

from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import CallPageFactory, JudgeProfileFactory, NominationFactory, RoundFactory, UserFactory, advance
from tests.judging.helpers import IDENTITY, IMAGE_NAME, NOMINATOR, PDF_NAME, jpeg, pdf
from tests.support import with_role


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def screener(db):
    return with_role("Screeners", "screener@example.net")


@pytest.fixture
def make_eligible(call, screener):
    """An eligible nomination in the call, moved there by the real transitions."""

    def make(nominator=None, **fields):
        nominator = nominator or UserFactory()
        nomination = NominationFactory(call=call, nominator=nominator, **fields)
        advance(nomination, "submit", by=nominator)
        advance(nomination, "accept", by=screener)
        return nomination

    return make


@pytest.fixture
def judge(db):
    return JudgeProfileFactory()


@pytest.fixture
def blind_round(call):
    return RoundFactory(cycle=call.cycle, blind=True)


@pytest.fixture
def open_round(call):
    return RoundFactory(cycle=call.cycle, blind=False)


@pytest.fixture
def nominator(db):
    return UserFactory(**NOMINATOR)


@pytest.fixture
def identified(make_eligible, nominator):
    """A nomination full of identity, with an image and a PDF."""
    nomination = make_eligible(nominator=nominator, **IDENTITY)
    add_file(nomination=nomination, upload=validate_upload(jpeg(IMAGE_NAME)))
    add_file(nomination=nomination, upload=validate_upload(pdf(PDF_NAME)))
    return nomination
