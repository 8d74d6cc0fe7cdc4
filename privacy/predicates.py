"""Who may do what with personal data, as named predicates (core.predicates)."""

from core.predicates import predicate


@predicate
def can_erase(user, obj=None):
    """Who may erase an account or a nominee on request from the admin."""
    # Awards administrators hold the permission through their group (migration 0002), and
    # superusers hold every permission: one check, answered from the permission cache.
    return user.is_authenticated and user.has_perm("privacy.erase_personal_data")
