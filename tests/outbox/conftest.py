"""Real failing mail servers for the outbox's tests, and the database task queue run in
the test's own process."""

import socket

import pytest

from tests.outbox.helpers import smtp_at


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


@pytest.fixture
def mail_server_down(settings, closed_port):
    smtp_at(settings, closed_port)
    return closed_port


@pytest.fixture
def db_queue(settings):
    """django-tasks' database backend, as in development and production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
