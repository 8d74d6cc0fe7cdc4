"""Shared set-up for the screening tests (bulk decisions, notes, duplicates, reopening):
a cycle with two calls, the office's people, and nominations moved by the real
transitions. Test modules import the fixtures they use."""

import pytest
from django_fsm_log.models import StateLog

from django.contrib.messages import get_messages
from django.urls import reverse

from nominations.models import Category, Nomination, NominationState
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory, advance
from tests.support import with_role

S = NominationState
NS = "wagtailsnippets_nominations_nomination"
LIST_URL = "/admin/snippets/nominations/nomination/"
SCREENER_STEPS = {"accept", "reject", "return_for_amendment"}


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def bulk_url(action, *nominations):
    base = reverse("wagtail_bulk_action", args=["nominations", "nomination", action])
    return base + "?" + "&".join(f"id={nomination.pk}" for nomination in nominations)


def state_of(nomination):
    return Nomination.objects.values_list("state", flat=True).get(pk=nomination.pk)


def log_rows(nomination, transition):
    return StateLog.objects.filter(object_id=nomination.pk, transition=transition)


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def office(db):
    """The awards office and the others who reach the admin: role -> user (two factors set)."""
    return {
        "screener": with_role("Screeners", "screener@example.net"),
        "admin": with_role("Awards administrators", "awards-admin@example.net"),
        "editor": with_role("Editors", "editor@example.net"),
        "judge": with_role("Judges", "judge@example.net"),
    }


@pytest.fixture
def screener(office):
    return office["screener"]


@pytest.fixture
def screener_client(client, screener):
    return login(client, screener)


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def calls(call_index, cycle):
    return {
        code: CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code=code))
        for code in ("TEC", "MAT")
    }


@pytest.fixture
def make(calls, office):
    """A nomination in the given category moved through `steps` (default: submitted), by
    its nominator (whose preferred language is `language`), the screener or the admin."""

    def build(category="TEC", steps=("submit",), language="en", call=None, **fields):
        nominator = UserFactory(preferred_language=language)
        nomination = NominationFactory(call=call or calls[category], nominator=nominator, **fields)
        for step in steps:
            if step in ("submit", "withdraw"):
                by = nominator
            else:
                by = office["screener"] if step in SCREENER_STEPS else office["admin"]
            advance(nomination, step, by=by)
        return nomination

    return build
