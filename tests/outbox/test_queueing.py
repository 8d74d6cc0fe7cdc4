import pytest
from django_tasks_db.models import DBTaskResult

from django.db import transaction

from outbox.queueing import enqueue_on_commit
from outbox.tasks import deliver_email

pytestmark = pytest.mark.django_db


def test_with_the_database_queue_the_task_commits_and_rolls_back_with_the_transaction(
    db_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        enqueue_on_commit(deliver_email, email_id=1)
        assert DBTaskResult.objects.count() == 1  # written inside the transaction
    assert callbacks == []  # nothing is left to do after the commit

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(deliver_email, email_id=2)
        raise RuntimeError("the change failed")
    assert [r.args_kwargs["kwargs"] for r in DBTaskResult.objects.all()] == [{"email_id": 1}]


def test_other_queues_get_the_task_after_the_commit_from_a_named_callback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        enqueue_on_commit(deliver_email, email_id=1)

    [callback] = callbacks
    # Django's robust on_commit logs a failure by the callback's __qualname__ (a
    # functools.partial has none, and the logging itself raised).
    assert callback.__qualname__ == "enqueue_on_commit(outbox.tasks.deliver_email)"
