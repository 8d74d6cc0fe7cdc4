"""Who may do what in judging, as named predicates (see nominations.predicates)."""

from nominations.predicates import Predicate, predicate


@predicate
def is_judge(user, obj=None):
    return user.is_authenticated and hasattr(user, "judge_profile") and user.judge_profile.active


@predicate
def owns_assignment(user, assignment=None):
    return assignment is not None and user.is_authenticated and assignment.judge.user_id == user.pk


@predicate
def chairs_panel(user, panel=None):
    return panel is not None and panel.chair is not None and panel.chair.user_id == user.pk


@predicate
def manages_judging(user, obj=None):
    # Awards administrators (and superusers): they run rounds, panels and results.
    return user.is_authenticated and user.has_perm("judging.change_round")


can_score = owns_assignment
can_follow_panel = chairs_panel | manages_judging
can_reopen = chairs_panel | manages_judging

__all__ = ["Predicate", "can_follow_panel", "can_reopen", "can_score", "chairs_panel", "is_judge", "manages_judging"]
