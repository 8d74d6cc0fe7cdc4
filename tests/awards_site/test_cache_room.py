"""The database cache keeps allauth's rate-limit counters however many other entries a busy
day adds (sessions, panels' results): it no longer culls at Django's 300 entries."""

import pytest

from django.core.cache import caches


@pytest.mark.django_db
def test_a_rate_limit_counter_survives_many_other_entries():
    cache = caches["default"]
    cache.set("allauth:rl:login_failed:ip:203.0.113.9", [1, 2, 3, 4], 300)  # sorts before the rest
    cache.set_many({f"session-{n:04d}": n for n in range(450)}, 300)
    for n in range(450, 500):  # one at a time: Django culls on a single set, not on set_many
        cache.set(f"session-{n:04d}", n, 300)
    assert cache.get("allauth:rl:login_failed:ip:203.0.113.9") == [1, 2, 3, 4]
    assert cache.get("session-0000") == 0
