"""Who may do what in judging, as named predicates (see nominations.predicates)."""

from judging.queries import judge_assignments
from nominations.predicates import predicate


@predicate
def is_judge(user, obj=None):
    return user.is_authenticated and user.is_active_judge


@predicate
def judges_nomination(user, nomination=None):
    # Assigned to it and not recused (judging.queries.judge_assignments is the rule): the
    # judge opens it and its files through the assignment's pages under /judging/.
    return (
        nomination is not None
        and user.is_authenticated
        and judge_assignments(user).filter(nomination_id=nomination.pk).exists()
    )


@predicate
def chairs_panel(user, panel=None):
    return panel is not None and panel.chair is not None and panel.chair.user_id == user.pk


@predicate
def manages_judging(user, obj=None):
    # Awards administrators (and superusers): they run rounds, panels and results.
    return user.is_authenticated and user.has_perm("judging.change_round")


@predicate
def chairs_a_panel(user, obj=None):
    # The chair of at least one panel, in any cycle (one query).
    from judging.models import Panel

    return user.is_authenticated and Panel.objects.filter(chair__user_id=user.pk).exists()


can_follow_panel = chairs_panel | manages_judging
# Who gets the list of panels (judging:panels) and the judge dashboard's link to it.
sees_panels = chairs_a_panel | manages_judging
can_reopen = chairs_panel | manages_judging
