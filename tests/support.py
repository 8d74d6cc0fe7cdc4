"""Real parts for tests that need a failing outside world, or a race between workers."""

import smtplib
import threading

from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def race(*calls):
    """Runs the callables at the same moment in threads; returns their results or errors."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, fn):
        try:
            barrier.wait()
            results[index] = fn()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
