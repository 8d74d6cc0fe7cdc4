"""Panel chairs' and awards administrators' pages under /judging/: the panels they follow,
a panel's progress with reopening, and (from judging.views.results and .methodology)
results, decisions and the methodology summary. Each page does a fixed number of queries."""

from dataclasses import dataclass
from html import escape as esc

from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.permission import PredicateRequiredMixin
from judging import services
from judging.chair_forms import ReopenForm, first_error
from judging.models import Assignment, AssignmentState, JudgeProfile, Panel, Round
from judging.predicates import manages_judging, sees_panels
from judging.views import audit, methodology, report, results
from judging.views.access import FollowPanelMixin, may_reopen
from judging.views.judge import pk_url
from judging.views.panel_cache import TOKEN_PLACEHOLDER, cached_panel_parts, with_token

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


@dataclass(frozen=True)
class AssignmentRow:
    """What the panel page shows of one assignment (a row of plain values)."""

    pk: int
    judge_id: int
    state: str
    submitted_at: object
    nomination_id: int
    reference: str
    title: str


def panel_assignments(round_, category):
    """The panel's assignments as plain rows, by nomination then judge, in one query."""
    rows = (
        Assignment.objects.filter(round=round_, nomination__call__category=category)
        .order_by("nomination__reference", "nomination_id", "judge__user__last_name", "judge_id")
        .values_list(
            "pk", "judge_id", "state", "submitted_at", "nomination_id", "nomination__reference", "nomination__title"
        )
    )
    return [AssignmentRow(*row) for row in rows]


def progress_of(members, assignments, judges):
    """Per judge: counts by state. Panel members come first (even with nothing assigned),
    then anyone else assigned by hand, each by name. `judges`: judge id -> profile."""
    progress = {judge.pk: JudgeProgress(judge=judge) for judge in members}
    for assignment in assignments:
        entry = progress.get(assignment.judge_id)
        if entry is None:
            entry = progress[assignment.judge_id] = JudgeProgress(judge=judges[assignment.judge_id], member=False)
        entry.assigned += 1
        if assignment.state == A.SUBMITTED:
            entry.submitted += 1
        elif assignment.state == A.RECUSED:
            entry.recused += 1
        elif assignment.state == A.IN_PROGRESS:
            entry.in_progress += 1
    return sorted(progress.values(), key=lambda p: (not p.member, str(p.judge).casefold(), p.judge.pk))


def work_rows(assignments, hidden, judges, *, round_open, csrf_token):
    """The "who has scored what" table's bodies, one per nomination, as HTML.

    Built here rather than in the template: a 200-nomination panel has 600 rows and more,
    and the template language spent over a second on them (a URL, a date, translations and
    a form per row). Every word is translated and escaped once, every URL reversed once,
    every judge's name and every date formatted once; every value is escaped (esc)."""
    record, reopen, reason, button = (
        esc(_("Judging record")),
        esc(_("Reopen")),
        esc(_("Reason (kept in the record)")),
        esc(_("Reopen scores")),
    )
    whose = _("%(judge)s's scores for %(reference)s")
    states = {value: esc(str(label)) for value, label in A.choices}
    names = {pk: str(judge) for pk, judge in judges.items()}
    reopen_url = pk_url("judging:reopen")
    audit_url = pk_url("judging:nomination_audit")
    token = esc(csrf_token)
    dates = {None: "—"}

    def when(value):
        if value not in dates:
            dates[value] = esc(date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT"))
        return dates[value]

    groups = {}
    for assignment in assignments:
        if assignment.nomination_id not in hidden:
            groups.setdefault(assignment.nomination_id, []).append(assignment)
    html = []
    for nomination_id, rows in groups.items():
        reference, title = esc(rows[0].reference), esc(rows[0].title)
        html.append(f'<tbody data-nomination="{nomination_id}">')
        for index, row in enumerate(rows):
            heading = (
                f'<th scope="rowgroup" rowspan="{len(rows)}"><span class="nowrap">{reference}</span><br>'
                f'<span class="muted">{title}</span><br><a href="{esc(audit_url(nomination_id))}">{record}'
                f'<span class="visually-hidden"> — {reference}</span></a></th>'
                if index == 0
                else ""
            )
            if row.state == A.SUBMITTED and round_open:
                hidden_words = esc(whose % {"judge": names[row.judge_id], "reference": rows[0].reference})
                action = (
                    f'<details class="reopen"><summary>{reopen}<span class="visually-hidden"> {hidden_words}</span>'
                    f'</summary><form method="post" action="{esc(reopen_url(row.pk))}" class="inline-form">'
                    f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                    f'<label for="reason-{row.pk}">{reason}</label>'
                    f'<textarea id="reason-{row.pk}" name="reason" rows="2" maxlength="1000" required></textarea>'
                    f'<button type="submit" class="button button--small">{button}</button></form></details>'
                )
            else:
                action = "—"
            html.append(
                f'<tr data-assignment="{row.pk}">{heading}<td>{esc(names[row.judge_id])}</td>'
                f"<td>{states.get(row.state) or esc(row.state)}</td><td>{when(row.submitted_at)}</td>"
                f"<td>{action}</td></tr>"
            )
        html.append("</tbody>")
    return mark_safe("\n".join(html))  # noqa: S308 (every value above is escaped)


class PanelView(FollowPanelMixin, TemplateView):
    """Each judge's progress, and who has scored what, with reopening of submitted work.
    A fixed number of queries: the assignments as plain rows, the panel's members (and,
    only if someone outside the panel was assigned by hand, those judges)."""

    template_name = "judging/chair/panel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_open = self.round.is_open()

        def build(members):
            assignments = panel_assignments(self.round, self.category)
            judges = {judge.pk: judge for judge in members}
            others = {a.judge_id for a in assignments} - judges.keys()
            others = JudgeProfile.objects.select_related("user").in_bulk(others) if others else {}
            judges.update(others)
            counts = [
                (p.judge.pk, p.member, p.assigned, p.in_progress, p.submitted, p.recused)
                for p in progress_of(members, assignments, judges)
            ]
            html = work_rows(assignments, self.hidden, judges, round_open=round_open, csrf_token=TOKEN_PLACEHOLDER)
            return counts, str(html), others

        members, others, counts, html = cached_panel_parts(self, build)
        judges = {judge.pk: judge for judge in members} | others
        progress = [JudgeProgress(judges[pk], *rest) for pk, *rest in counts]
        context.update(
            progress=progress,
            work_rows=with_token(html, get_token(self.request)),
            totals={
                "assigned": sum(p.assigned for p in progress),
                "submitted": sum(p.submitted for p in progress),
                "recused": sum(p.recused for p in progress),
            },
            round_open=round_open,
            states=A,
        )
        return context


class PanelsView(PredicateRequiredMixin, TemplateView):
    """Where chairs and administrators start: each panel they may follow, with its rounds'
    progress, results and the cycle's methodology. Anyone else who is signed in gets a
    page (403) that says these pages are for panel chairs, and where to go instead."""

    template_name = "judging/chair/panels.html"
    predicate = sees_panels
    denied_template = "judging/chair/no_panels.html"

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


class ReopenView(PredicateRequiredMixin, View):
    """POST: reopens a submitted assignment with a reason (kept in its history); 404 for
    anyone but the panel's chair and awards administrators (judging.views.access.may_reopen)."""

    http_method_names = ["post"]
    predicate = may_reopen

    def get_permission_object(self):
        self.assignment = get_object_or_404(
            Assignment.objects.select_related("round", "judge__user", "nomination__call__category"),
            pk=self.kwargs["pk"],
        )
        return self.assignment

    def post(self, request, pk):
        assignment = self.assignment
        form = ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(form))
        else:
            try:
                services.reopen_assignment(
                    assignment_id=assignment.pk, user=request.user, reason=form.cleaned_data["reason"]
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
