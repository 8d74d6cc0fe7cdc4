"""Who may do what in judging, as named predicates (see nominations.predicates)."""

from nominations.predicates import predicate


@predicate
def is_judge(user, obj=None):
    return user.is_authenticated and hasattr(user, "judge_profile") and user.judge_profile.active


@predicate
def chairs_panel(user, panel=None):
    return panel is not None and panel.chair is not None and panel.chair.user_id == user.pk


@predicate
def manages_judging(user, obj=None):
    # Awards administrators (and superusers): they run rounds, panels and results.
    return user.is_authenticated and user.has_perm("judging.change_round")


can_follow_panel = chairs_panel | manages_judging
can_reopen = chairs_panel | manages_judging
