"""Two-factor authentication for the people who hold power over results: staff (anyone
who reaches the Wagtail admin), judges and panel chairs must set up an authenticator
(allauth.mfa, TOTP with recovery codes) before they reach anything but the public site and
their own account pages (accounts.middleware)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q

ADMIN_ACCESS = Q(content_type__app_label="wagtailadmin", codename="access_admin")


def _facts_query(user_pk):
    me = OuterRef("pk")
    User = get_user_model()
    judge_profiles = User._meta.get_field("judge_profile").related_model  # judging's, not imported
    return (
        User.objects.filter(pk=user_pk)
        .annotate(
            admin_access=Exists(Permission.objects.filter(ADMIN_ACCESS, user=me))
            | Exists(Permission.objects.filter(ADMIN_ACCESS, group__user=me)),
            # In the expert pool, active or not: an administrator may make them a judge again
            # at any time, so they keep their second factor. The "Judges" group is no part of it.
            has_judge_profile=Exists(judge_profiles.objects.filter(user=me)),
            # Who is a judge: the one rule (accounts.roles), as User.is_active_judge reads it.
            active_judge=Exists(judge_profiles.objects.filter(judge_profiles.judging_filter(), user=me)),
            totp=Exists(Authenticator.objects.filter(user=me, type=Authenticator.Type.TOTP)),
        )
        .order_by()
        .values_list("admin_access", "has_judge_profile", "active_judge", "totp")[:1]
    )


# The query's SQL, made by the ORM once per process and database: building and compiling
# its six subqueries cost 5 ms of CPU on every signed-in request, running it 0.02 ms.
_COMPILED = {}  # database alias -> (sql, params, positions of the user's id in params)
_PLACEHOLDER_PK = -7_654_321


def _compiled(alias):
    found = _COMPILED.get(alias)
    if found is None:
        sql, params = _facts_query(_PLACEHOLDER_PK).query.get_compiler(using=alias).as_sql()
        positions = [index for index, value in enumerate(params) if value == _PLACEHOLDER_PK]
        if len(positions) != 1:  # the user's id must be the query's one parameter of its kind
            raise RuntimeError(f"mfa_facts: the user's id appears {len(positions)} times in its query")
        found = _COMPILED[alias] = (sql, tuple(params), positions[0])
    return found


def mfa_facts(user):
    """(needs two factors, has an authenticator) in one query, asked on every signed-in
    request (accounts.middleware). Needing them: a superuser, anyone who may reach the
    Wagtail admin (the permission held directly or through a group, as Django's ModelBackend
    grants it), and anyone in the expert pool (a judge profile, active or not: every judge,
    by the one rule in accounts.roles, and whoever may become one again). Leaves on the user
    whether they may reach the admin (`reaches_admin`, as user.has_perm would answer for
    wagtailadmin.access_admin), for the page's user bar (home.templatetags.admin_userbar),
    and whether they are an active judge (User.is_active_judge), for the site's header."""
    if not user.is_authenticated:
        return (False, False)
    alias = router.db_for_read(get_user_model())
    sql, params, position = _compiled(alias)
    params = list(params)
    params[position] = user.pk
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return (False, False)
    admin_access, judge_profile, active_judge, totp = (bool(value) for value in row)
    user.reaches_admin = bool(user.is_active and (user.is_superuser or admin_access))
    user._active_judge = active_judge  # User.is_active_judge
    needs = (user.is_superuser and user.is_active) or (user.is_active and admin_access) or judge_profile
    return (bool(needs), totp)


def needs_mfa(user):
    return mfa_facts(user)[0]


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
    needs, has = mfa_facts(user)
    return needs and not has


def activate_totp(user, secret=None):
    """Sets up TOTP and recovery codes for a user (demo data and tests; people do it on
    the two-factor page)."""

    if not has_mfa(user):
        TOTP.activate(user, secret or generate_totp_secret())
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
