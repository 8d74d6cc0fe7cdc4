"""Real failing mail servers for the outbox's tests, and the database task queue run in
the test's own process."""

import socket

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def closed_port():
    """A local port where nothing listens: connecting is refused at once. The socket stays
    bound (not listening) so that no other process takes the port during the test."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def silent_port():
    """A mail server that accepts the connection and never says a word."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)  # the kernel completes the handshake; nobody ever reads or writes
    yield sock.getsockname()[1]
    sock.close()


def smtp_at(settings, port, timeout=5):
    settings.OUTBOX_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def mail_server_down(settings, closed_port):
    smtp_at(settings, closed_port)
    return closed_port


@pytest.fixture
def db_queue(settings):
    """django-tasks' database backend, as in development and production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


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
