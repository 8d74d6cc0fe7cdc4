import time

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit

import accounts.ratelimits


class FrozenClock:
    """Stands in for the `time` module where rate limits read the time: time() stays put
    until advance(); the lock's timeouts (monotonic, sleep) stay real."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds

    @staticmethod
    def monotonic():
        return time.monotonic()

    @staticmethod
    def sleep(seconds):
        time.sleep(seconds)


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(1_800_000_000.0)
    monkeypatch.setattr(allauth_ratelimit, "time", frozen)
    monkeypatch.setattr(accounts.ratelimits, "time", frozen)
    return frozen
