"""Panel chairs' and awards administrators' pages under /judging/: the panels they follow,
a panel's progress with reopening, and (from judging.views.results and .methodology)
results, decisions and the methodology summary. Each page does a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from judging import services
from judging.models import Assignment, AssignmentState, Panel, Round
from judging.predicates import can_reopen, manages_judging, sees_panels
from judging.queries import panel_of
from judging.views import audit, methodology, report, results
from judging.views.access import FollowPanelMixin, hidden_nominations

A = AssignmentState


@dataclass
class JudgeProgress:
    judge: object
    member: bool = True
    assigned: int = 0
    in_progress: int = 0
    submitted: int = 0
    recused: int = 0

    @property
    def active(self):
        """Assignments that still count: all but the recused ones."""
        return self.assigned - self.recused

    @property
    def percent(self):
        return round(100 * self.submitted / self.active) if self.active else 0


@dataclass
class NominationGroup:
    nomination: object
    assignments: list = field(default_factory=list)


def progress_of(members, assignments):
    """Per judge: counts by state. Panel members come first (even with nothing assigned),
    then anyone else assigned by hand, each by name."""
    progress = {judge.pk: JudgeProgress(judge=judge) for judge in members}
    for assignment in assignments:
        entry = progress.get(assignment.judge_id)
        if entry is None:
            entry = progress[assignment.judge_id] = JudgeProgress(judge=assignment.judge, member=False)
        entry.assigned += 1
        if assignment.state == A.SUBMITTED:
            entry.submitted += 1
        elif assignment.state == A.RECUSED:
            entry.recused += 1
        elif assignment.state == A.IN_PROGRESS:
            entry.in_progress += 1
    return sorted(progress.values(), key=lambda p: (not p.member, str(p.judge).casefold(), p.judge.pk))


def group_by_nomination(assignments, hidden):
    groups = {}
    for assignment in assignments:
        if assignment.nomination_id in hidden:
            continue
        group = groups.get(assignment.nomination_id)
        if group is None:
            group = groups[assignment.nomination_id] = NominationGroup(nomination=assignment.nomination)
        group.assignments.append(assignment)
    return list(groups.values())


class PanelView(FollowPanelMixin, TemplateView):
    """Each judge's progress, and who has scored what, with reopening of submitted work."""

    template_name = "judging/chair/panel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = list(
            Assignment.objects.filter(round=self.round, nomination__call__category=self.category)
            .select_related("judge__user", "nomination")
            .order_by("nomination__reference", "nomination_id", "judge__user__last_name", "judge_id")
        )
        members = list(self.panel.members.select_related("user")) if self.panel else []
        progress = progress_of(members, assignments)
        context.update(
            progress=progress,
            groups=group_by_nomination(assignments, self.hidden),
            totals={
                "assigned": sum(p.assigned for p in progress),
                "submitted": sum(p.submitted for p in progress),
                "recused": sum(p.recused for p in progress),
            },
            round_open=self.round.is_open(),
            states=A,
        )
        return context


class PanelsView(LoginRequiredMixin, TemplateView):
    """Where chairs and administrators start: each panel they may follow, with its rounds'
    progress, results and the cycle's methodology. Anyone else who is signed in gets a
    page (403) that says these pages are for panel chairs, and where to go instead."""

    template_name = "judging/chair/panels.html"

    def get(self, request, *args, **kwargs):
        if not sees_panels(request.user):
            return render(request, "judging/chair/no_panels.html", status=403)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        manages = manages_judging(user)
        panels = Panel.objects.select_related("cycle", "category", "chair__user").order_by(
            "-cycle__year", "category__sort_order"
        )
        if not manages:
            panels = panels.filter(chair__user=user)
        panels = list(panels)
        rounds = {}
        for round_ in Round.objects.filter(cycle__in={p.cycle_id for p in panels}).order_by("number"):
            rounds.setdefault(round_.cycle_id, []).append(round_)
        context.update(
            panels=[(panel, rounds.get(panel.cycle_id, [])) for panel in panels],
            manages=manages,
        )
        return context


class ReopenView(LoginRequiredMixin, View):
    """POST: reopens a submitted assignment with a reason (kept in its history)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.select_related("round", "judge__user", "nomination__call__category"), pk=pk
        )
        if not can_reopen(request.user, panel_of(assignment)) or assignment.nomination_id in hidden_nominations(
            request.user
        ):
            raise Http404
        try:
            services.reopen_assignment(
                assignment_id=assignment.pk, user=request.user, reason=request.POST.get("reason", "")
            )
        except services.JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(judge)s's scores for %(reference)s are reopened: the judge can change and resubmit them.")
                % {"judge": assignment.judge, "reference": assignment.nomination.reference},
            )
        return redirect(
            "judging:panel", round_pk=assignment.round_id, category_code=assignment.nomination.call.category.code
        )


urlpatterns = [
    path("panels/", PanelsView.as_view(), name="panels"),
    path("rounds/<int:round_pk>/panels/<str:category_code>/", PanelView.as_view(), name="panel"),
    path("assignments/<int:pk>/reopen/", ReopenView.as_view(), name="reopen"),
    *results.urlpatterns,
    *methodology.urlpatterns,
    *report.urlpatterns,
    *audit.urlpatterns,
]
