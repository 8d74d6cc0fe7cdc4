"""Set-up for the tests of messages to nominators (office.views, office.services)."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance
from tests.support import with_role

COMPOSE = reverse("office_messages:compose")

TEXTS = {
    "subject_zh_hans": "提名即将截止",
    "body_zh_hans": "请在截止前提交您的提名。",
    "subject_en": "Your call closes soon",
    "body_en": "Please submit your nomination before the call closes.",
    "greet": "on",
}


@pytest.fixture
def administrator(db):
    return with_role("Awards administrators", "awards-admin@example.net")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def soon(call_index):
    """A call that closes in three days, and one that closes in twenty."""
    closing = CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=3))
    later = CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=20))
    return closing, later


def draft(call, **fields):
    return NominationFactory(call=call, **fields)


def submitted(call, **fields):
    nomination = NominationFactory(call=call, **fields)
    return advance(nomination, "submit", by=nomination.nominator)


def person(language="en", **fields):
    return UserFactory(preferred_language=language, **fields)


def form_data(filters=None, texts=None, **extra):
    data = {**TEXTS, **(texts or {}), **(filters or {}), **extra}
    data.setdefault("token", "5e0b1bb5-3f2c-4d8e-9a55-6c4a7f1b2e01")
    return data


def preview(client, data):
    return client.post(COMPOSE, {**data, "preview": "1"})


def send(client, data, people):
    return client.post(COMPOSE, {**data, "people": people, "send": "1"})
