"""Who may do what in judging, as named predicates (see nominations.predicates)."""

from core.predicates import predicate
from judging.models import JudgeProfile, Panel
from judging.queries import judge_assignments
from nominations.predicates import is_awards_administrator


@predicate
def is_judge(user, obj=None):
    # The one rule (accounts.roles): an active judge profile, whatever the user's groups.
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
    # A chair is a judge: a chair whose profile is made inactive chairs no longer.
    return panel is not None and panel.chair is not None and panel.chair.user_id == user.pk and is_judge(user)


# Awards administrators (and superusers) run rounds, panels and results: the one rule for who
# is one (accounts.roles.is_awards_administrator), under judging's name.
manages_judging = is_awards_administrator


@predicate
def chairs_a_panel(user, obj=None):
    # The chair of at least one panel, in any cycle (one query).
    chairs = Panel.objects.filter(JudgeProfile.judging_filter("chair__"), chair__user_id=user.pk)
    return user.is_authenticated and chairs.exists()


can_follow_panel = chairs_panel | manages_judging
# Who gets the list of panels (judging:panels) and the judge dashboard's link to it.
sees_panels = chairs_a_panel | manages_judging
can_reopen = chairs_panel | manages_judging
