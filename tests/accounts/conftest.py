import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit

import accounts.ratelimits
from tests.accounts.helpers import FrozenClock


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(1_800_000_000.0)
    monkeypatch.setattr(allauth_ratelimit, "time", frozen)
    monkeypatch.setattr(accounts.ratelimits, "time", frozen)
    return frozen
