"""Roles are Django groups. Anyone who signs up is a nominator and needs no group.

Permission checks elsewhere ask these predicates instead of comparing group names."""

SCREENERS = "Screeners"
AWARDS_ADMINISTRATORS = "Awards administrators"
JUDGES = "Judges"
PANEL_CHAIRS = "Panel chairs"
EDITORS = "Editors"
MODERATORS = "Moderators"


def _group_names(user):
    # Cached per user object so a page asking several predicates costs one query.
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role):
    return role in _group_names(user)


def is_awards_administrator(user):
    return user.is_superuser or has_role(user, AWARDS_ADMINISTRATORS)


def is_judge(user):
    return has_role(user, JUDGES) or has_role(user, PANEL_CHAIRS)
