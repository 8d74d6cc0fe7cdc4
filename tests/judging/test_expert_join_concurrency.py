"""Two clicks of "Create my account" at the same moment (two browsers, or a double click
sent twice), in threads with their own database connections: one account, no error page.

On PostgreSQL the interleaving is forced (no sleeps): whichever request is about to create
the account waits until the other has asked for the invitation's row lock, so the other
would find no account yet without that lock. On SQLite, IMMEDIATE transactions queue the
two writers at BEGIN."""

import threading

import pytest
from allauth.account.models import EmailAddress

from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from judging.models import JudgeProfile
from tests.factories import ExpertInvitationFactory
from tests.support import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a long and unusual passphrase 42"


def test_two_account_forms_sent_at_once_make_one_account():
    invitation = ExpertInvitationFactory(email="mei.lin@institute.example.edu", language="en")
    url = reverse("judging:expert_join", args=[invitation.token])
    form = {"first_name": "Mei", "last_name": "Lin", "password1": PASSWORD, "password2": PASSWORD}
    form["preferred_language"] = "en"
    clients = [Client(), Client()]
    locking = [threading.Event(), threading.Event()]

    def post(me):
        def wrapper(execute, sql, params, many, context):
            if "FOR UPDATE" in sql and '"judging_expertinvitation"' in sql:
                locking[me].set()
            elif sql.startswith('INSERT INTO "accounts_user"') and connection.vendor == "postgresql":
                locking[1 - me].wait(timeout=30)  # the other is queued behind our lock by now
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            return clients[me].post(url, form)

    responses = race(lambda: post(0), lambda: post(1))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    setup = reverse("mfa_activate_totp")
    assert sorted(r["Location"].split("?")[0] for r in responses) == sorted([setup, url])
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert JudgeProfile.objects.count() == 1
