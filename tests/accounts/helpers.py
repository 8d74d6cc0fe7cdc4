"""Plain helpers for the account tests (fixtures are in tests/accounts/conftest.py): a
frozen clock for the rate limits, and the project's whole URL map as concrete paths, for
tests that must cover every view, including views added after the test was written."""

import itertools
import time
import uuid

from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter
from django.utils.regex_helper import normalize


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


# The URL map ---------------------------------------------------------------------------

# Values for a regex's unnamed groups, tried in turn until the pattern matches.
GROUP_SAMPLES = ["1", "x", "live", "latest", "", "x/"]


def view_module(callback):
    return getattr(callback, "view_class", callback).__module__


def _fill(pattern, ids):
    """A string that `pattern` matches whole, with its converters and groups filled with
    plausible values (ints: an existing object's id where the name says which, else 1)."""
    converters = getattr(pattern, "converters", {})
    for template, params in normalize(pattern.regex.pattern):
        choices = []
        for name in params:
            converter = converters.get(name)
            if isinstance(converter, IntConverter):
                choices.append([str(ids.get(name, 1))])
            elif isinstance(converter, UUIDConverter):
                choices.append([str(uuid.UUID(int=1))])
            elif converter is not None:
                choices.append(["x"])
            else:
                choices.append([str(ids[name])] if name in ids else GROUP_SAMPLES)
        for values in itertools.product(*choices):
            candidate = template % dict(zip(params, values, strict=True))
            match = pattern.regex.match(candidate)
            if match and match.end() == len(candidate):
                return candidate
    raise AssertionError(f"no sample path for {pattern}")


def walk_url_map(ids, patterns=None, prefix="/"):
    """Yields (path, pattern) for every URLPattern of the project, recursively."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        piece = _fill(entry.pattern, ids)
        if isinstance(entry, URLResolver):
            yield from walk_url_map(ids, entry.url_patterns, prefix + piece)
        else:
            yield prefix + piece, entry
