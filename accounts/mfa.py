"""Two-factor authentication for the people who hold power over results: staff (anyone
who reaches the Wagtail admin), judges and panel chairs must set up an authenticator
(allauth.mfa, TOTP with recovery codes) before they reach the admin or judging pages."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from accounts import roles


def needs_mfa(user):
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.has_perm("wagtailadmin.access_admin")
        or roles.is_judge(user)
        or hasattr(user, "judge_profile")
    )


def has_mfa(user):
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def activate_totp(user, secret=None):
    """Sets up TOTP and recovery codes for a user (demo data and tests; people do it on
    the two-factor page)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not has_mfa(user):
        TOTP.activate(user, secret or generate_totp_secret())
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
