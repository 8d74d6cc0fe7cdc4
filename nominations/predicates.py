"""Small named predicates, combined with & | ~ (the style of pretalx's rules).

A predicate takes (user, obj=None) and returns a bool. Views, templates and transitions
ask these; none re-implements a check."""

from accounts import roles


class Predicate:
    def __init__(self, fn, name=None):
        self.fn = fn
        self.name = name or fn.__name__

    def __call__(self, user, obj=None):
        return bool(self.fn(user, obj))

    def __and__(self, other):
        return Predicate(lambda u, o=None: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other):
        return Predicate(lambda u, o=None: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self):
        return Predicate(lambda u, o=None: not self(u, o), f"~{self.name}")

    def __repr__(self):
        return f"<Predicate {self.name}>"


def predicate(fn):
    return Predicate(fn)


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


@predicate
def can_see_embargoed_image(user, image=None):
    # Editors and moderators (and anyone else who may edit or choose the image in the
    # admin) see a story's photographs before it is public: the admin's listings,
    # choosers and page previews show them through the same media URLs.
    from wagtail.images.permissions import permission_policy

    return (
        image is not None
        and user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and permission_policy.user_has_any_permission_for_instance(user, ["change", "choose"], image)
    )
