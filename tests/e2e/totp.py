"""Typing a two-factor code in a browser journey without racing the clock."""

import time
from contextlib import contextmanager

import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


@contextmanager
def code_on_a_still_clock(secret):
    """Stops this process's clock, which the live server reads too (it runs in a thread of
    this process), and yields the code for the 30-second period the server will check: a
    code typed as its period runs out cannot expire before the server sees it, however
    busy the machine. Submit the code and wait for the answer inside the block; the clock
    runs on (jumping to the real time) when the block ends. Production's tolerance stays
    as it is: no test setting widens it."""
    with time_machine.travel(time.time(), tick=False):
        yield format_hotp_value(hotp_value(secret, int(time.time()) // 30))
