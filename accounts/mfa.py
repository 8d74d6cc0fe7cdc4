"""Two-factor authentication for the people who hold power over results: staff (anyone
who reaches the Wagtail admin), judges and panel chairs must set up an authenticator
(allauth.mfa, TOTP with recovery codes) before they reach anything but the public site and
their own account pages (accounts.middleware)."""

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


# What someone who needs two factors but has none set up may still reach (an allowlist, so
# that every other view, including any added later, asks for two factors by default):
# the public site, by URL name...
PUBLIC_URL_NAMES = frozenset(
    {
        "wagtail_serve",  # pages; private ones ask again (accounts.wagtail_hooks)
        "wagtaildocs_serve",  # documents; those in private collections ask again
        "search",
        "sitemap",
        "winners_feed",
        "media",  # Wagtail's images, served as to the public (below)
        "set_language_get",
        "set_language",
        "favicon",
        "admin_login_redirect",  # Wagtail's login pages, redirected to allauth's
        "wagtailcore_login_redirect",
        "account_profile",  # their own profile, beside allauth's account pages (below)
        "health",  # the health checks for monitors: ok or failing, nothing personal
        "nominee_consent",  # a nominee's answers, through the signed link emailed to them
    }
)
# Of those, the views that serve files: the file is served as to an anonymous visitor, so that
# their own staff privileges (an embargoed winner's photograph, a private collection's
# document) do not apply until the second factor is set up.
SERVED_AS_PUBLIC_URL_NAMES = frozenset({"media", "wagtaildocs_serve"})
# ...and allauth's own views: signing in and out, the account pages and setting up two factors.
ACCOUNT_VIEW_PACKAGE = "allauth"


def reachable_without_mfa(resolver_match):
    if resolver_match is None:
        return False
    if resolver_match.url_name in PUBLIC_URL_NAMES:
        return True
    view = getattr(resolver_match.func, "view_class", resolver_match.func)
    return view.__module__.split(".")[0] == ACCOUNT_VIEW_PACKAGE


def lacks_required_mfa(user):
    return needs_mfa(user) and not has_mfa(user)


def activate_totp(user, secret=None):
    """Sets up TOTP and recovery codes for a user (demo data and tests; people do it on
    the two-factor page)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not has_mfa(user):
        TOTP.activate(user, secret or generate_totp_secret())
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
