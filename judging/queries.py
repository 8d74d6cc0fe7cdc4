"""Reusable reads for judging; each does a fixed number of queries."""

from django.db.models import Count, Q

from judging.models import Assignment, AssignmentState, Panel

A = AssignmentState


def panel_of(assignment):
    return (
        Panel.objects.select_related("chair")
        .filter(cycle_id=assignment.round.cycle_id, category_id=assignment.nomination.call.category_id)
        .first()
    )


def judge_assignments(user):
    """The judge's assignments that are not recused, with what their pages show."""
    return (
        Assignment.objects.filter(judge__user=user)
        .exclude(state=A.RECUSED)
        .exclude(nomination__state="withdrawn")
        .select_related("round__cycle", "nomination__call__category", "nomination__call__cycle")
        .order_by("round__closes_at", "nomination__reference")
    )


def judge_rounds(user):
    """Per round: the judge's assignment counts, in one query."""
    return (
        Assignment.objects.filter(judge__user=user)
        .exclude(state=A.RECUSED)
        .exclude(nomination__state="withdrawn")
        .values("round_id")
        .annotate(total=Count("pk"), submitted=Count("pk", filter=Q(state=A.SUBMITTED)))
    )
