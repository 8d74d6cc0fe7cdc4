"""Steps the browser journeys share: filling a labelled field, signing in (with a
two-factor code typed without racing the clock)."""

import re
import time
from contextlib import contextmanager

import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from tests.factories import PASSWORD

# The two-factor secret the journeys' staff and judges set up.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


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


def field(page, label):
    """The input labelled `label`, with or without the "needed" star."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def sign_in_with_code(page, base, user):
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, SECRET)
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    with code_on_a_still_clock(SECRET) as code:
        page.fill("input[name=code]", code)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/)"))
