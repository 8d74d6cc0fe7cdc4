"""Demo accounts, one per role, with verified email addresses."""

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth.models import Group

from accounts import roles
from accounts.mfa import activate_totp
from accounts.models import User

DOMAIN = "example.org"

# (local part, first name, last name, groups, superuser)
DEMO_USERS = [
    ("admin", "Ada", "Admin", [], True),
    ("screener", "Li", "Na", [roles.SCREENERS], False),
    ("awards-admin", "Zhang", "Wei", [roles.AWARDS_ADMINISTRATORS], False),
    *[(f"judge{n}", f"Judge {n}", "Expert", [roles.JUDGES], False) for n in range(1, 7)],
    ("chair", "Chen", "Jing", [roles.JUDGES, roles.PANEL_CHAIRS], False),
    ("editor", "Eddie", "Editor", [roles.EDITORS], False),
    ("moderator", "Mo", "Moderator", [roles.MODERATORS], False),
    ("nominator", "Wang", "Fang", [], False),
]


def load(*, stdout, now):
    password = settings.DEMO_PASSWORD
    for local, first, last, group_names, superuser in DEMO_USERS:
        email = f"{local}@{DOMAIN}"
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "is_superuser": superuser, "is_staff": superuser},
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=group_names))
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if superuser or group_names:
            # Staff and judges must use two factors; the demo's have an authenticator set up
            # (in development DEMO_TOTP_CODE is accepted as its code, see settings/dev.py).
            activate_totp(user)
    stdout.write(
        f"Demo logins (password: {password}; second-factor code for staff and judges: {settings.DEMO_TOTP_CODE}):"
    )
    for local, _first, _last, group_names, superuser in DEMO_USERS:
        role = "superuser" if superuser else (", ".join(group_names) or "nominator")
        stdout.write(f"  {local + '@' + DOMAIN:<26} {role}")
