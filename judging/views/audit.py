"""A nomination's judging record on one page, for an appeal: per round, each judge's
scores and comments, every change to them (old → new, who, when, why), the
assignments' state logs and no-conflict declarations, conflicts, the rubric versions,
the decisions and the nomination's own state log. For its panel's chair (unless they
have a conflict with it) and awards administrators; a fixed number of queries. The
round's audit workbook (judging.audit_export) is for awards administrators."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import View
from django.views.generic import TemplateView

from core.permission import PredicateRequiredMixin
from judging import audit, audit_export
from judging.models import Assignment, Conflict, Criterion, Decision, Round, RubricVersion, Score
from judging.predicates import can_follow_panel, manages_judging
from judging.queries import cycle_panel
from judging.results import Rubric, to_decimal
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
    total: Decimal | None = None  # on 0-100 to 0.01 (Rubric.total_of), None until every criterion is scored


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

    rubrics = {
        round_id: Rubric([(c.pk, c.weight, c.scale_min, c.scale_max) for c in round_criteria])
        for round_id, round_criteria in criteria.items()
    }
    records = {}
    for assignment in assignments:
        round_criteria = criteria.get(assignment.round_id, [])
        given = [(c, scores.get((assignment.pk, c.pk))) for c in round_criteria]
        total = rubrics[assignment.round_id].total_of({c.pk: s.value for c, s in given if s}) if given else None
        records[assignment.pk] = JudgeRecord(
            assignment=assignment,
            scores=given,
            total=None if total is None else to_decimal(total, 2),
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


class NominationAuditView(PredicateRequiredMixin, TemplateView):
    """Whoever may follow the nomination's panel (judging.predicates.can_follow_panel), if
    the nomination is not hidden from them and, for a chair, has been judged; 404 otherwise."""

    template_name = "judging/chair/audit.html"
    predicate = can_follow_panel

    def get_permission_object(self):
        self.nomination = get_object_or_404(
            Nomination.objects.select_related("call__cycle", "call__category"), pk=self.kwargs["pk"]
        )
        call = self.nomination.call
        self.panel = cycle_panel(call.cycle_id, category=call.category_id)
        self.manages = manages_judging(self.request.user)
        return self.panel

    def has_permission(self, obj):
        return (
            super().has_permission(obj)
            and self.nomination.pk not in hidden_nominations(self.request.user)
            and (self.manages or self.nomination.state in JUDGED_STATES)
        )

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


class RoundAuditExportView(PredicateRequiredMixin, View):
    """GET: the round's audit workbook (XLSX), for awards administrators only (404 otherwise)."""

    predicate = manages_judging

    def get(self, request, pk):
        round_ = get_object_or_404(Round.objects.select_related("cycle"), pk=pk)
        return audit_export.response(round_)


urlpatterns = [
    path("nominations/<int:pk>/audit/", NominationAuditView.as_view(), name="nomination_audit"),
    path("rounds/<int:pk>/audit.xlsx", RoundAuditExportView.as_view(), name="round_audit"),
]
