"""The visitor's address behind our reverse proxies (TRUSTED_PROXY_COUNT): only what our own
proxies added to X-Forwarded-For counts, so a made-up address does not buy a fresh allowance."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from django.test import Client, RequestFactory

from accounts.network import client_ip
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
PROXY = "192.0.2.10"  # our reverse proxy, as the application sees it
VISITOR = "203.0.113.7"
COLLEAGUE = "203.0.113.8"
ROOT = Path(__file__).resolve().parents[2]


def request_from(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_forwarded_for_header_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(VISITOR, "198.51.100.99")) == VISITOR


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (1, VISITOR, VISITOR),
        (1, f"198.51.100.99, {VISITOR}", VISITOR),  # the left-most entry is the visitor's claim
        (1, f"198.51.100.99,198.51.100.98, {VISITOR}", VISITOR),
        (2, f"198.51.100.99, {VISITOR}, 192.0.2.20", VISITOR),  # two proxies: the outer one's entry
    ],
)
def test_behind_trusted_proxies_the_address_our_outermost_proxy_added_counts(settings, count, forwarded_for, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(PROXY, forwarded_for)) == expected


def test_trusted_proxy_count_comes_from_the_environment():
    def configured(environment):
        code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
        env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
        env.update(environment, DJANGO_SETTINGS_MODULE="awards_site.settings.test", PYTHONPATH=str(ROOT))
        command = [sys.executable, "-c", code]
        result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
        return result.stdout.strip()

    assert configured({}) == "0"
    assert configured({"TRUSTED_PROXY_COUNT": "1"}) == "1"


def _fail_from(client, email, forwarded_for):
    return client.post(
        "/accounts/login/", {"login": email, "password": "wrong"}, headers={"x-forwarded-for": forwarded_for}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1])
def test_a_spoofed_forwarded_for_neither_dodges_nor_resets_the_per_address_limit(settings, count):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip,5/5m/key"}
    # With no proxy the visitor connects directly; with one, our proxy appends what it saw.
    remote, real = (VISITOR, "") if count == 0 else (PROXY, f", {VISITOR}")
    attacker = Client(REMOTE_ADDR=remote)
    targets = UserFactory.create_batch(5)
    for number, target in enumerate(targets[:3]):
        assert _fail_from(attacker, target.email, f"198.51.100.{number}{real}").status_code == 200
    # A new made-up address at the left is still the same visitor: refused, for any account.
    for number, target in enumerate(targets[3:], start=50):
        assert _fail_from(attacker, target.email, f"198.51.100.{number}{real}").status_code == 429
    # Nor does the right password from there, whatever the header says.
    response = attacker.post(
        "/accounts/login/",
        {"login": targets[4].email, "password": PASSWORD},
        headers={"x-forwarded-for": f"198.51.100.77{real}"},
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session


@pytest.mark.django_db
def test_behind_a_proxy_colleagues_at_other_addresses_keep_their_own_allowance(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip,5/5m/key"}
    attacker = Client(REMOTE_ADDR=PROXY)
    for target in UserFactory.create_batch(4):
        _fail_from(attacker, target.email, f"198.51.100.1, {VISITOR}")
    colleague = UserFactory(email="colleague@example.net")
    client = Client(REMOTE_ADDR=PROXY)  # every visitor reaches us through the same proxy
    response = client.post(
        "/accounts/login/", {"login": colleague.email, "password": PASSWORD}, headers={"x-forwarded-for": COLLEAGUE}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


# Reading the address anywhere else would bypass TRUSTED_PROXY_COUNT (or trust a spoofed header).
ADDRESS_READS = re.compile(
    r"[\"'](REMOTE_ADDR|HTTP_X_FORWARDED_FOR|X-Forwarded-For|HTTP_X_REAL_IP|X-Real-IP)[\"']", re.IGNORECASE
)


def test_our_code_reads_the_visitors_address_only_through_client_ip():
    readers = []
    for app in ("accounts", "home", "nominations", "judging", "awards_site"):
        for source in (ROOT / app).rglob("*.py"):
            if source == ROOT / "accounts" / "network.py" or "migrations" in source.parts:
                continue
            if ADDRESS_READS.search(source.read_text(encoding="utf-8")):
                readers.append(str(source.relative_to(ROOT)))
    assert readers == []
