"""The draft reminder is recorded in the database (office.DraftReminder), not only in the
cache: a flushed cache never sends a second reminder, and the office sees each one."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from office.models import DraftReminder
from scheduling.reminders import drafts_to_remind, send_draft_reminders
from tests.factories import CallPageFactory, NominationFactory, UserFactory
from tests.support import with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing_call(call_index):
    return CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=2))


def flush_caches():
    for cache in caches.all():
        cache.clear()


def test_a_reminder_is_recorded_and_never_sent_again_after_a_cache_flush(closing_call):
    draft = NominationFactory(call=closing_call, nominator__preferred_language="zh-hans")

    assert send_draft_reminders() == 1
    flush_caches()
    assert send_draft_reminders() == 0

    assert [m.to for m in mail.outbox] == [[draft.nominator.email]]
    reminder = DraftReminder.objects.get()
    assert (reminder.nomination_id, reminder.call_id, reminder.user_id) == (
        draft.pk,
        closing_call.pk,
        draft.nominator_id,
    )
    assert reminder.language == "zh-hans"
    assert list(drafts_to_remind()) == []


def test_a_draft_is_reminded_once_per_call_by_the_database():
    draft = NominationFactory(call=CallPageFactory(closes_at=timezone.now() + timedelta(days=2)))
    DraftReminder.objects.create(
        nomination=draft, call=draft.call, user=draft.nominator, language="en", sent_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftReminder.objects.create(
            nomination=draft, call=draft.call, user=draft.nominator, language="en", sent_at=timezone.now()
        )


def test_each_of_a_persons_drafts_is_reminded(closing_call):
    nominator = UserFactory()
    NominationFactory(call=closing_call, nominator=nominator)
    NominationFactory(call=closing_call, nominator=nominator)

    assert send_draft_reminders() == 2
    assert DraftReminder.objects.filter(user=nominator).count() == 2


@pytest.fixture
def admin_client(client, db):
    client.force_login(with_role("Awards administrators", "awards-admin@example.net"))
    return client


def test_the_office_sees_the_reminders_without_the_drafts_contents(admin_client, closing_call):
    draft = NominationFactory(call=closing_call, title="Secret coating")
    send_draft_reminders()

    page = admin_client.get(reverse("office_messages:reminders")).content.decode()

    assert f'data-reminder="{draft.pk}"' in page
    assert draft.nominator.email in page
    assert "Secret coating" not in page


@pytest.mark.parametrize("count", [2, 12])
def test_the_reminders_listing_has_a_fixed_number_of_queries(
    admin_client, closing_call, count, django_assert_num_queries
):
    for _ in range(count):
        NominationFactory(call=closing_call)
    assert send_draft_reminders() == count
    url = reverse("office_messages:reminders")
    admin_client.get(url)
    with django_assert_num_queries(14):
        response = admin_client.get(url)
    assert response.content.decode().count("data-reminder=") == count
