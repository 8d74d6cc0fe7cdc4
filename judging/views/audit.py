"""A nomination's judging record on one page, for an appeal: per round, each judge's
scores and comments, every change to them (old → new, who, when, why), the
assignments' state logs and no-conflict declarations, conflicts, the rubric versions,
the decisions and the nomination's own state log. For its panel's chair (unless they
have a conflict with it) and awards administrators; a fixed number of queries. The
round's audit workbook (judging.audit_export) is for awards administrators."""

from dataclasses import dataclass, field

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from judging import audit, audit_export
from judging.models import Assignment, Conflict, Criterion, Decision, Panel, Round, RubricVersion, Score
from judging.predicates import can_follow_panel, manages_judging
from judging.views.access import hidden_nominations, panel_urls
from nominations.models import Nomination, NominationState

S = NominationState
# Nominations a chair may read the record of: those that reached judging.
JUDGED_STATES = {S.ELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED, S.COMMENDED, S.NOT_COMMENDED}


@dataclass
class JudgeRecord:
    assignment: Assignment
    scores: list = field(default_factory=list)  # [(criterion, score or None)]
    changes: list = field(default_factory=list)  # [(criterion, audit.Change)]
    log: list = field(default_factory=list)


@dataclass
class RoundRecord:
    round: Round
    criteria: list
    versions: list
    judges: list
    decisions: list


def nomination_record(nomination):
    """Everything the page shows, per round of the nomination's cycle it was judged in or
    decided in. Eight queries whatever the number of judges, rounds and changes."""
    assignments = list(
        Assignment.objects.filter(nomination=nomination)
        .select_related("judge__user")
        .order_by("round__number", "judge__user__last_name", "judge__user__first_name", "pk")
    )
    decisions = list(Decision.objects.filter(nomination=nomination).select_related("decided_by", "undone_by", "level"))
    round_ids = {a.round_id for a in assignments} | {d.round_id for d in decisions}
    rounds = list(Round.objects.filter(pk__in=round_ids).order_by("number"))
    criteria = {}
    for criterion in Criterion.objects.filter(round__in=round_ids).order_by("sort_order", "pk"):
        criteria.setdefault(criterion.round_id, []).append(criterion)
    by_id = {c.pk: c for cs in criteria.values() for c in cs}
    versions = {}
    for version in RubricVersion.objects.filter(round__in=round_ids).select_related("created_by"):
        versions.setdefault(version.round_id, []).append(version)
    scores = {(s.assignment_id, s.criterion_id): s for s in Score.objects.filter(assignment__in=assignments)}
    assignment_ids = [a.pk for a in assignments]
    changes = audit.score_history_of(assignment_ids)
    logs = audit.state_logs(assignment_ids=assignment_ids, nomination_ids=[nomination.pk])

    records = {}
    for assignment in assignments:
        round_criteria = criteria.get(assignment.round_id, [])
        records[assignment.pk] = JudgeRecord(
            assignment=assignment,
            scores=[(c, scores.get((assignment.pk, c.pk))) for c in round_criteria],
        )
    for change in changes:
        records[change.assignment_id].changes.append((by_id.get(change.criterion_id), change))
    nomination_log = []
    for entry in logs:
        if entry.kind == "assignment":
            records[entry.object_id].log.append(entry)
        else:
            nomination_log.append(entry)
    per_round = [
        RoundRecord(
            round=round_,
            criteria=criteria.get(round_.pk, []),
            versions=versions.get(round_.pk, []),
            judges=[records[a.pk] for a in assignments if a.round_id == round_.pk],
            decisions=[d for d in decisions if d.round_id == round_.pk],
        )
        for round_ in rounds
    ]
    return per_round, nomination_log


class NominationAuditView(LoginRequiredMixin, TemplateView):
    template_name = "judging/chair/audit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.nomination = get_object_or_404(
                Nomination.objects.select_related("call__cycle", "call__category"), pk=kwargs["pk"]
            )
            call = self.nomination.call
            self.panel = (
                Panel.objects.select_related("chair__user")
                .filter(cycle_id=call.cycle_id, category_id=call.category_id)
                .first()
            )
            self.manages = manages_judging(request.user)
            if not can_follow_panel(request.user, self.panel):
                raise Http404
            if self.nomination.pk in hidden_nominations(request.user):
                raise Http404
            if not self.manages and self.nomination.state not in JUDGED_STATES:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds, nomination_log = nomination_record(self.nomination)
        conflicts = list(
            Conflict.objects.filter(nomination=self.nomination)
            .select_related("judge__user", "created_by")
            .order_by("created_at", "pk")
        )
        call = self.nomination.call
        latest = rounds[-1].round if rounds else None
        context.update(
            nomination=self.nomination,
            category=call.category,
            cycle=call.cycle,
            panel=self.panel,
            manages=self.manages,
            rounds=rounds,
            conflicts=conflicts,
            nomination_log=nomination_log,
            latest_round=latest,
            **(panel_urls(latest, call.category) if latest else {}),
        )
        return context


class RoundAuditExportView(LoginRequiredMixin, View):
    """GET: the round's audit workbook (XLSX), for awards administrators only."""

    def get(self, request, pk):
        if not manages_judging(request.user):
            raise Http404
        round_ = get_object_or_404(Round.objects.select_related("cycle"), pk=pk)
        return audit_export.response(round_)


urlpatterns = [
    path("nominations/<int:pk>/audit/", NominationAuditView.as_view(), name="nomination_audit"),
    path("rounds/<int:pk>/audit.xlsx", RoundAuditExportView.as_view(), name="round_audit"),
]
