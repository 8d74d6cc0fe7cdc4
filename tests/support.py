"""Helpers every app's tests share: people in a role, a failing outside world, a race
between workers. (An app's own helpers are in tests/<app>/helpers.py, factories in
tests/factories.py.)"""

import smtplib
import threading

from django.contrib.auth.models import Group
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from accounts.mfa import activate_totp
from tests.factories import UserFactory


def with_role(role, email):
    """A user in a role's group. Staff roles have two factors set up, as they must to
    reach the admin (accounts.middleware)."""
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name=role))
    activate_totp(user)
    return user


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
