"""Demo accounts, one per role, with verified email addresses: most in Chinese (name and
preferred language), a few in English."""

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth.models import Group

from accounts import roles
from accounts.mfa import activate_totp
from accounts.models import User

DOMAIN = "example.org"

# (local part, given name, family name, preferred language, groups, superuser). Chinese
# names are stored as the product expects (accounts.models.User.display_name): the family
# name in last_name, the given name in first_name, shown as 张伟.
DEMO_USERS = [
    ("admin", "Ada", "Lovelace", "en", [], True),
    ("screener", "娜", "李", "zh-hans", [roles.SCREENERS], False),
    ("awards-admin", "伟", "张", "zh-hans", [roles.AWARDS_ADMINISTRATORS], False),
    ("judge1", "建国", "刘", "zh-hans", [roles.JUDGES], False),
    ("judge2", "敏", "赵", "zh-hans", [roles.JUDGES], False),
    ("judge3", "Helen", "Carter", "en", [roles.JUDGES], False),
    ("judge4", "Daniel", "Hughes", "en", [roles.JUDGES], False),
    ("judge5", "志强", "孙", "zh-hans", [roles.JUDGES], False),
    ("judge6", "晓燕", "周", "zh-hans", [roles.JUDGES], False),
    ("chair", "静", "陈", "zh-hans", [roles.JUDGES, roles.PANEL_CHAIRS], False),
    ("editor", "婷", "吴", "zh-hans", [roles.EDITORS], False),
    ("moderator", "Maria", "Santos", "en", [roles.MODERATORS], False),
    ("nominator", "芳", "王", "zh-hans", [], False),
]


def load(*, stdout, now):
    password = settings.DEMO_PASSWORD
    for local, given, family, language, group_names, superuser in DEMO_USERS:
        email = f"{local}@{DOMAIN}"
        user, created = User.objects.get_or_create(
            email=email, defaults={"is_superuser": superuser, "is_staff": superuser}
        )
        # An account an earlier demo made keeps its pk but gets today's name and language.
        User.objects.filter(pk=user.pk).update(first_name=given, last_name=family, preferred_language=language)
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
    for local, _given, _family, language, group_names, superuser in DEMO_USERS:
        role = "superuser" if superuser else (", ".join(group_names) or "nominator")
        stdout.write(f"  {local + '@' + DOMAIN:<26} {language:<8} {role}")
