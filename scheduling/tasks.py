"""The periodic work (scheduling.schedule enqueues these; `manage.py db_worker` runs them).
Each one can also be run by hand through its management command."""

import io
import logging

from django_tasks import task

from django.core.management import call_command
from django.utils.module_loading import import_string

from outbox import services
from scheduling.reminders import send_draft_reminders as send

logger = logging.getLogger(__name__)


def _command(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue().strip()


@task()
def publish_scheduled_pages():
    """Publishes pages and snippets whose go-live time has passed and unpublishes expired
    ones (Wagtail's publish_scheduled)."""
    return _command("publish_scheduled")


@task()
def send_judging_reminders():
    """Queues a reminder to each judge with open assignments in a round closing soon."""
    return _command("send_judging_reminders")


@task()
def sweep_outbox():
    """Queues stranded outgoing email again; deletes failed email past its retention."""

    queued, deleted = services.sweep()
    return {"queued": queued, "deleted": deleted}


@task()
def send_draft_reminders():
    """Reminds nominators of drafts in calls closing soon (scheduling.reminders)."""

    return send()


@task()
def run_callable(*, path):
    """Runs a plain function named by import string (a scheduled job that is not a task)."""
    return import_string(path)()
