"""The database connection drops right after a submission commits: the nominator still sees
the success page, and the receipt, queued inside the submission's transaction, is sent once."""

import pytest
from django_fsm.signals import post_transition
from django_tasks_db.models import DBTaskResult

from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, transaction

from nominations.models import Nomination
from tests.factories import CallPageFactory, NominationFactory
from tests.outbox.helpers import run_ready_tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _drop_the_connection():
    # The database goes away under Django's feet: the next query on this connection fails.
    connection.connection.close()


@pytest.fixture
def connection_drops_after_the_next_commit():
    def on_transition(sender, instance, name, **kwargs):
        # Registered inside the submission's transaction, before anything else's callback.
        transaction.on_commit(_drop_the_connection)

    post_transition.connect(on_transition, dispatch_uid="drop-after-commit")
    yield
    post_transition.disconnect(dispatch_uid="drop-after-commit")
    connection.close()  # as the next request's start would, after the error


def test_the_submission_succeeds_and_one_receipt_is_sent_although_the_connection_drops_after_commit(
    settings, client, call_index, nominator, connection_drops_after_the_next_commit
):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    client.force_login(nominator)

    response = client.post(f"/nominations/{nomination.pk}/submit/")

    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{nomination.pk}/"
    reference = f"{nomination.call.cycle.year}-TEC-0001"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Submitted. Your reference is {reference}; we will email you a receipt."
    ]
    connection.close()  # the next request starts on a fresh connection (close_old_connections)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reference) == ("submitted", reference)
    # The receipt, and the request to the nominee to confirm (nominations.consent).
    queued = ["nominations.consent_tasks.send_nominee_consent_request", "nominations.tasks.send_nomination_email"]
    assert sorted(r.task_path for r in DBTaskResult.objects.all()) == queued

    assert sorted(run_ready_tasks()) == [*queued, "outbox.tasks.deliver_email", "outbox.tasks.deliver_email"]
    assert sorted((m.subject, m.to) for m in mail.outbox) == [
        (f"[Innovation Awards] Nomination received: {reference}", [nominator.email]),
        (f"[Innovation Awards] You have been nominated: please confirm ({reference})", [nomination.nominee_email]),
    ]
    assert client.get(response["Location"]).status_code == 200
    assert Nomination.objects.get().state == "submitted"
