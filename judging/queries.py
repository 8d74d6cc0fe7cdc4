"""Reusable reads for judging; each does a fixed number of queries."""

from judging.models import Assignment, AssignmentState, Conflict, JudgeProfile, Panel
from nominations.models import NominationState

A = AssignmentState


def cycle_panel(cycle_id, *, category=None, category_code=None):
    """The panel of one category in a cycle (the category or its id, or its code), with its
    category and chair, or None: the one way pages and services find a panel. One query."""
    panels = Panel.objects.select_related("category", "chair__user").filter(cycle_id=cycle_id)
    if category_code is not None:
        return panels.filter(category__code=category_code).first()
    return panels.filter(category=category).first()


def panel_of(assignment):
    return cycle_panel(assignment.round.cycle_id, category=assignment.nomination.call.category_id)


def judge_assignments(user):
    """The judge's assignments that are not recused, with what their pages show: the rule
    for what a judge may open (the nomination and its files, judging.predicates.
    judges_nomination). Not on a withdrawn nomination, nor on one the judge has a
    conflict with (declaring one recuses; a detected one must never be judged either)."""
    conflicted = Conflict.objects.filter(judge__user=user).values("nomination_id")
    return (
        Assignment.objects.filter(JudgeProfile.judging_filter("judge__"), judge__user=user)
        .exclude(state=A.RECUSED)
        .exclude(nomination__state=NominationState.WITHDRAWN)
        .exclude(nomination_id__in=conflicted)
        .select_related("round__cycle", "nomination__call__category", "nomination__call__cycle")
        .order_by("round__closes_at", "nomination__reference")
    )


def judge_assignment_rows(user):
    """The judge's assignments as their dashboard lists them, as plain tuples in one query
    (no call page, round or cycle built per row): (pk, round id, state, declared no
    conflict at, reference, title, category id), by the round's close, then reference."""
    return judge_assignments(user).values_list(
        "pk",
        "round_id",
        "state",
        "declared_no_conflict_at",
        "nomination__reference",
        "nomination__title",
        "nomination__call__category_id",
    )
