"""The judging methodology of a cycle: how scores combine, who judged, the rounds, panel
agreement and conflicts. Panel chairs and awards administrators see it while the cycle is
judged; from the announcement of its results on, everyone does (signed in or not): it names
no judge and no nomination, only counts and agreement figures per category."""

from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import TemplateView

from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from judging.models import Conflict, Criterion, JudgeProfile, MethodReport, Panel, Round
from judging.predicates import manages_judging
from judging.report import is_public
from judging.results import disagreement_spread, panel_results
from judging.views.results import agreement_words
from nominations.models import AwardCycle, Category


@dataclass
class CategoryAgreement:
    category: object
    ranked: int
    agreement: float | None
    words: str


def round_agreements(round_, categories):
    """Per category: ICC(1) exactly as the results page computes it (each panel on its own)."""
    found = []
    for category in categories:
        results = panel_results(round_, category)
        if not results.rows:
            continue
        found.append(
            CategoryAgreement(
                category=category,
                ranked=len(results.rows),
                agreement=results.agreement,
                words=agreement_words(results.agreement),
            )
        )
    return found


@predicate
def chairs_in_cycle(user, cycle=None):
    return cycle is not None and Panel.objects.filter(cycle=cycle, chair__user=user).exists()


class MethodologyView(PredicateRequiredMixin, TemplateView):
    """Public once the cycle's results are announced (AwardCycle.is_announced is THE rule
    for results reaching the public); before, a chair in the cycle or an awards
    administrator (404 for anyone else; signed-out visitors sign in)."""

    template_name = "judging/chair/methodology.html"
    predicate = chairs_in_cycle | manages_judging

    def open_to_anyone(self):
        self.cycle = get_object_or_404(AwardCycle, pk=self.kwargs["cycle_pk"])
        self.public = self.cycle.is_announced()
        return self.public

    def get_permission_object(self):
        return self.cycle

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = self.cycle
        manages = manages_judging(self.request.user)
        report_public = is_public(MethodReport.objects.filter(cycle=cycle).first(), cycle)
        rounds = list(Round.objects.filter(cycle=cycle).order_by("number"))
        criteria = {}
        for criterion in Criterion.objects.filter(round__cycle=cycle).order_by("round_id", "sort_order", "pk"):
            criteria.setdefault(criterion.round_id, []).append(criterion)
        panels = Panel.objects.filter(cycle=cycle)
        categories = list(Category.objects.filter(judging_panels__cycle=cycle).distinct())
        conflicts = dict(
            Conflict.objects.filter(nomination__call__cycle=cycle)
            .order_by()
            .values_list("source")
            .annotate(count=Count("pk"))
        )
        context.update(
            cycle=cycle,
            rounds=[
                {
                    "round": round_,
                    "criteria": criteria.get(round_.pk, []),
                    "agreements": round_agreements(round_, categories),
                }
                for round_ in rounds
            ],
            judge_count=JudgeProfile.objects.filter(panel_memberships__cycle=cycle).distinct().count(),
            panel_count=panels.count(),
            declared=conflicts.get(Conflict.Source.DECLARED, 0),
            detected=conflicts.get(Conflict.Source.DETECTED, 0),
            spread_threshold=disagreement_spread(),
            manages=manages,
            public=self.public,
            report_public=report_public,
            report_url=reverse("judging:method_report", args=[cycle.pk]) if report_public or manages else None,
        )
        return context


urlpatterns = [
    path("cycles/<int:cycle_pk>/methodology/", MethodologyView.as_view(), name="methodology"),
]
