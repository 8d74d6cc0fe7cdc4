"""Who may do what with nominations, as named predicates (core.predicates).

A predicate takes (user, obj=None) and returns a bool. Views, templates and transitions
ask these; none re-implements a check."""

from wagtail.images.permissions import permission_policy

from accounts import roles
from core.predicates import predicate


@predicate
def is_owner(user, nomination=None):
    return nomination is not None and user.is_authenticated and nomination.nominator_id == user.pk


@predicate
def is_screener(user, obj=None):
    # Screeners and awards administrators: whoever holds the permission (given by group).
    return user.is_authenticated and user.has_perm("nominations.screen_nomination")


@predicate
def is_awards_administrator(user, obj=None):
    return user.is_authenticated and roles.is_awards_administrator(user)


can_screen = is_screener
can_decide_results = is_awards_administrator
# Sending a screening decision back to "submitted": an administrator, not a screener.
can_reopen_screening = is_awards_administrator


@predicate
def is_awards_office(user, obj=None):
    # Screeners and awards administrators, by their role, whatever model permissions
    # other groups (editors, moderators) hold.
    return is_screener(user) or is_awards_administrator(user)


@predicate
def is_submitted(user, nomination=None):
    # Past the draft: a draft is the nominator's private work.
    return nomination is not None and not nomination.is_draft


# Internal notes on a nomination: written and read by the awards office only (never by
# nominators, judges, editors or the public); a note is a record, never edited or deleted.
can_keep_notes = is_awards_office


# Who may open a nomination's files and thumbnails under /nominations/files/: the owner,
# and the awards office once it is submitted. Judges assigned to it (and not recused)
# open them through judging's own URLs (judging.predicates.judges_nomination); editors and
# moderators never do: they see the photographs copied into a winner story, as Wagtail
# images. nominations.queries.files_visible_to is the same rule as a query.
can_open_files = is_owner | (is_awards_office & is_submitted)


@predicate
def reads_nominations_in_admin(user, obj=None):
    # Holds the admin's view permission: the awards office, editors and moderators.
    return user.is_authenticated and user.has_perm("nominations.view_nomination")


@predicate
def is_commended(user, nomination=None):
    return nomination is not None and nomination.is_commended


# Whose nominations the admin shows (nominations.screening.admin_nominations is the same
# rule as a query): the awards office reads every submitted nomination; editors and
# moderators read commended ones, which they write the winners' stories from (and even
# then not their files: can_open_files).
can_read_in_admin = (is_awards_office & is_submitted) | (reads_nominations_in_admin & is_commended)


@predicate
def can_see_embargoed_image(user, image=None):
    # Editors and moderators (and anyone else who may edit or choose the image in the
    # admin) see a story's photographs before it is public: the admin's listings,
    # choosers and page previews show them through the same media URLs.

    return (
        image is not None
        and user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and permission_policy.user_has_any_permission_for_instance(user, ["change", "choose"], image)
    )
