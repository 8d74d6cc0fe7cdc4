"""Two "Send" clicks at the same moment (real parallel connections): one message, one email
per person."""

from datetime import timedelta

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from office.models import MessageRecipient, NominatorMessage
from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory
from tests.office.helpers.messages import COMPOSE, form_data
from tests.support import race, with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_double_click_on_send_sends_one_message(home_page):
    call = CallPageFactory(parent=CallIndexPageFactory(parent=home_page), closes_at=timezone.now() + timedelta(days=3))
    owners = [UserFactory(preferred_language=language) for language in ("en", "zh-hans")]
    for owner in owners:
        NominationFactory(call=call, nominator=owner)
    administrator = with_role("Awards administrators", "awards-admin@example.net")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(administrator)
        clients.append(client)
    data = {**form_data({"states": ["draft"], "closes_within_days": "3"}), "people": "2", "send": "1"}

    responses = race(*[lambda client=client: client.post(COMPOSE, data) for client in clients])

    message = NominatorMessage.objects.get()
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {reverse("office_messages:detail", args=[message.pk])}
    assert MessageRecipient.objects.filter(message=message).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(owner.email for owner in owners)
