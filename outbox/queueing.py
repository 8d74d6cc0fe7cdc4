"""Background work that belongs to a transaction: it runs only if the transaction commits,
and is not lost if something fails right after the commit.

With django-tasks' database backend the task's row is written inside the transaction
itself, so it commits or rolls back with the change it is about (a transactional outbox);
nothing runs after the commit that could fail. Any other backend (an external queue, or
the immediate backend of the tests) is given the task after the commit, by a named and
robust callback: a failure there is logged, never raised into the request."""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend

from django.db import transaction

logger = logging.getLogger(__name__)


def queue_is_in_database(task):
    return isinstance(task.get_backend(), DatabaseBackend)


def runs_in_process(task):
    return isinstance(task.get_backend(), ImmediateBackend)


def enqueue_on_commit(task, **kwargs):
    """Enqueues `task(**kwargs)` as part of the current transaction (see the module)."""
    if queue_is_in_database(task):
        task.enqueue(**kwargs)
        return

    def enqueue_after_commit():
        task.enqueue(**kwargs)

    # A real function, not a functools.partial: Django logs a robust callback's failure
    # with its __qualname__, which a partial lacks (the logging itself then raised).
    enqueue_after_commit.__qualname__ = f"enqueue_on_commit({task.module_path})"
    transaction.on_commit(enqueue_after_commit, robust=True)
