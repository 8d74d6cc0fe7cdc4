"""Who may follow a panel's judging pages (its chair, awards administrators), and what
each viewer must not see. Shared by the chair, results and methodology pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from judging.models import Assignment, AssignmentState, Conflict, Round
from judging.predicates import can_follow_panel, can_reopen, manages_judging
from judging.queries import cycle_panel, panel_of
from nominations.models import Category


def hidden_nominations(user):
    """Nominations the user, as a judge, has a conflict with or is recused from: their
    rows never show to them, whatever else they may see. One query."""
    conflicted = Conflict.objects.filter(judge__user=user).order_by().values_list("nomination_id", flat=True)
    recused = (
        Assignment.objects.filter(judge__user=user, state=AssignmentState.RECUSED)
        .order_by()
        .values_list("nomination_id", flat=True)
    )
    return set(conflicted.union(recused))


def panel_urls(round_, category):
    args = [round_.pk, category.code]
    return {
        "panel_url": reverse("judging:panel", args=args),
        "results_url": reverse("judging:results", args=args),
        "methodology_url": reverse("judging:methodology", args=[round_.cycle_id]),
    }


class FollowPanelMixin(PredicateRequiredMixin):
    """The round and category in the URL, if the signed-in user may follow that panel
    (judging.predicates.can_follow_panel); 404 for anyone else (signed-out visitors are
    asked to sign in first)."""

    predicate = can_follow_panel

    def get_permission_object(self):
        self.round = get_object_or_404(Round.objects.select_related("cycle"), pk=self.kwargs["round_pk"])
        # The panel with its category in one query; the category alone when it has none.
        self.panel = cycle_panel(self.round.cycle_id, category_code=self.kwargs["category_code"])
        self.category = (
            self.panel.category if self.panel else get_object_or_404(Category, code=self.kwargs["category_code"])
        )
        return self.panel

    @cached_property
    def manages(self):
        return manages_judging(self.request.user)

    @cached_property
    def hidden(self):
        return hidden_nominations(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            round=self.round,
            category=self.category,
            panel=self.panel,
            **panel_urls(self.round, self.category),
        )
        return context


@predicate
def may_reopen(user, assignment=None):
    """The panel's chair or an awards administrator (judging.predicates.can_reopen), for an
    assignment whose nomination is not hidden from them (hidden_nominations)."""
    return (
        assignment is not None
        and can_reopen(user, panel_of(assignment))
        and assignment.nomination_id not in hidden_nominations(user)
    )
