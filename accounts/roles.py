"""Roles are Django groups. Anyone who signs up is a nominator and needs no group.

Permission checks elsewhere ask these predicates instead of comparing group names.

Two roles are rules of their own, each with one home that every check asks:

- An awards administrator is an active superuser or an active member of the "Awards
  administrators" group: `is_awards_administrator` below (as a predicate:
  nominations.predicates.is_awards_administrator, which judging.predicates.manages_judging
  is). The model permissions the group holds (migrations) are what Wagtail's admin views
  check; they do not make anyone an administrator on their own.
- A judge is a user whose judge profile is active: User.is_active_judge (accounts.models),
  and as a filter on judge profiles JudgeProfile.judging_filter (judging.models.pool). The
  "Judges" and "Panel chairs" groups grant nothing and make no one a judge: they are kept as
  labels for the people in the admin's lists (and the demo data). A chair is a judge who
  chairs a panel (judging.predicates.chairs_panel)."""

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
    """The one rule for who runs the awards (see the module's docstring)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or has_role(user, AWARDS_ADMINISTRATORS)
