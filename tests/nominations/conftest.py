import pytest

from tests.factories import NominationFactory, UserFactory, advance
from tests.nominations.helpers import PATHS
from tests.support import with_role


@pytest.fixture
def screener(db):
    return with_role("Screeners", "screener@example.net")


@pytest.fixture
def awards_admin(db):
    return with_role("Awards administrators", "awards-admin@example.net")


@pytest.fixture
def nominator(db):
    return UserFactory(email="nominator@example.net")


@pytest.fixture
def in_state(call_index, nominator, screener, awards_admin):
    """Makes a nomination in any state by firing the real transitions."""

    def make(state, **fields):
        if "call" not in fields:
            fields["call__parent"] = call_index
        nomination = NominationFactory(nominator=nominator, **fields)
        for step in PATHS[state]:
            actor = {"submit": nominator, "withdraw": nominator}.get(step)
            if actor is None:
                actor = screener if step in {"return_for_amendment", "accept", "reject"} else awards_admin
            advance(nomination, step, by=actor)
        return nomination

    return make


@pytest.fixture
def winners_index(home_page):
    from tests.nominations.helpers.winners import winners_index_page

    return winners_index_page(home_page)


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.net")


@pytest.fixture
def story_in(in_state, winners_index, awards_admin):
    """A story in one of the embargo situations, or "public"; its title is unique."""

    from tests.nominations.helpers.winners import announce, publish

    def make(situation):
        nomination = in_state(
            "commended",
            title="Lantern bridge sensors",
            consent_public_name=situation != "no_consent",
        )
        announce(nomination.call.cycle, announced=situation != "not_announced")
        return publish(nomination, awards_admin, live=situation != "draft")

    return make
