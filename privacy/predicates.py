from accounts.roles import is_awards_administrator


def can_erase(user):
    """Who may erase an account or a nominee on request from the admin."""
    return user.is_authenticated and (is_awards_administrator(user) or user.has_perm("privacy.erase_personal_data"))
