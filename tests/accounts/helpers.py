"""Plain helpers for the account tests (fixtures are in tests/accounts/conftest.py)."""

import time


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
