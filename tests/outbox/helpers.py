"""Helpers for tests that send mail through the outbox (imported by other apps' tests too)."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def smtp_at(settings, port, timeout=5):
    settings.OUTBOX_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


def run_ready_tasks():
    """Runs what the database queue holds that is due now, as `manage.py db_worker` would,
    in this process (and this test's transaction). Returns the task paths run, in order."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = []
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran.append(result.task_path)
    return ran
