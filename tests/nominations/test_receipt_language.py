"""A nominator's emails are in their preferred language, not the one the request came in."""

import pytest

from django.core import mail

from tests.factories import CallPageFactory, NominationFactory


@pytest.mark.django_db
def test_an_english_nominator_gets_the_receipt_in_english_when_submitting_in_chinese(
    client, call_index, nominator, django_capture_on_commit_callbacks
):
    nominator.first_name, nominator.last_name, nominator.preferred_language = "Mei", "Lin", "en"
    nominator.save()
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator, language="zh-hans")
    client.force_login(nominator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nominations/{nomination.pk}/submit/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [nominator.email]]
    assert message.subject.startswith("[Innovation Awards] Nomination received: ")
    assert message.body.startswith("Dear Mei Lin,\n")
    assert "Thank you: we have received your nomination." in message.body
