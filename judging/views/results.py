"""A round's results for one category: ranked rows, panel agreement, each judge's
score distribution, CSV/XLSX export, and (for awards administrators) the decisions."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from judging import charts, exports, services
from judging.models import AwardLevel, JudgeProfile, RoundKind
from judging.results import NominationResult, disagreement_spread, round_results
from judging.views.access import FollowPanelMixin
from nominations.models import Nomination

OUTCOMES = {
    RoundKind.SHORTLISTING: ("shortlist", "not_shortlist"),
    RoundKind.FINAL: ("commend", "not_commend"),
}


@dataclass
class Line:
    row: NominationResult
    nomination: Nomination
    decidable: bool = False


def agreement_words(value):
    """ICC(1) in a sentence anyone can read."""
    if value is None:
        return _(
            "Panel agreement cannot be computed yet: it needs scores for at least two nominations, "
            "and at least one nomination scored by two judges."
        )
    if value >= 0.75:
        level = _("good agreement")
    elif value >= 0.5:
        level = _("moderate agreement")
    elif value >= 0:
        level = _("poor agreement")
    else:
        level = _("no agreement beyond chance")
    return _(
        "Panel agreement (intra-class correlation, ICC(1)) is %(value).2f, %(level)s: 1 would mean every judge "
        "gave a nomination the same total, 0 that the totals agree no more than chance would. Above 0.75 is "
        "usually called good, 0.5 to 0.75 moderate, below 0.5 poor."
    ) % {"value": value, "level": level}


def success_message(outcome, nomination, level=None):
    reference = nomination.reference
    if outcome == "shortlist":
        return _("%(ref)s is shortlisted.") % {"ref": reference}
    if outcome == "not_shortlist":
        return _("%(ref)s is not shortlisted.") % {"ref": reference}
    if outcome == "commend":
        return _("%(ref)s is commended: %(level)s.") % {"ref": reference, "level": level}
    return _("%(ref)s is not commended.") % {"ref": reference}


class ResultsView(FollowPanelMixin, TemplateView):
    template_name = "judging/chair/results.html"

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format")
        if export_format in exports.FORMATS:
            return exports.export(export_format, self.lines(), self.round, self.category)
        return super().get(request, *args, **kwargs)

    def lines(self):
        if not hasattr(self, "_lines"):
            self.results = round_results(self.round, self.category)
            rows = [row for row in self.results.rows if row.nomination_id not in self.hidden]
            nominations = Nomination.objects.in_bulk([row.nomination_id for row in rows])
            self._lines = [
                Line(
                    row=row,
                    nomination=nominations[row.nomination_id],
                    decidable=nominations[row.nomination_id].state == self.round.nomination_state,
                )
                for row in rows
            ]
        return self._lines

    def distributions(self, lines):
        rows = [line.row for line in lines]
        judge_ids = {judge_id for row in rows for judge_id in row.totals}
        labels = {
            judge.pk: str(judge) for judge in JudgeProfile.objects.filter(pk__in=judge_ids).select_related("user")
        }
        entries = charts.distributions(rows, labels)
        panel_mean = charts.overall_mean(entries)
        return entries, panel_mean, [(entry, charts.leaning(entry, panel_mean)) for entry in entries]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = self.lines()
        entries, panel_mean, judge_rows = self.distributions(lines)
        ranked = {line.nomination.pk for line in lines}
        unranked = (
            Nomination.objects.filter(
                call__cycle_id=self.round.cycle_id, call__category=self.category, state=self.round.nomination_state
            )
            .exclude(pk__in=ranked | self.hidden)
            .count()
        )
        can_decide = self.manages and any(line.decidable for line in lines)
        levels = (
            list(AwardLevel.objects.filter(cycle_id=self.round.cycle_id))
            if can_decide and self.round.number == RoundKind.FINAL
            else []
        )
        context.update(
            lines=lines,
            agreement=self.results.agreement,
            agreement_words=agreement_words(self.results.agreement),
            chart=charts.distribution_svg(entries),
            judge_rows=judge_rows,
            panel_mean=panel_mean,
            leaning_points=charts.LEANING_POINTS,
            spread_threshold=disagreement_spread(),
            unranked=unranked,
            can_decide=can_decide,
            is_final=self.round.number == RoundKind.FINAL,
            levels=levels,
            round_open=self.round.is_open(),
        )
        return context


class DecideView(FollowPanelMixin, View):
    """POST: an awards administrator decides a ranked nomination (services.decide)."""

    http_method_names = ["post"]

    def post(self, request, round_pk, category_code, nomination_pk):
        if not self.manages:
            raise PermissionDenied
        nomination = get_object_or_404(
            Nomination.objects.select_related("call"),
            pk=nomination_pk,
            call__cycle_id=self.round.cycle_id,
            call__category=self.category,
        )
        if nomination.pk in self.hidden:
            raise Http404
        outcome = request.POST.get("outcome", "")
        level = None
        if outcome not in OUTCOMES[self.round.number]:
            messages.error(request, _("This decision does not belong to this round."))
            return redirect("judging:results", round_pk=self.round.pk, category_code=self.category.code)
        if outcome == "commend":
            level_pk = request.POST.get("level", "")
            level = (
                AwardLevel.objects.filter(cycle_id=self.round.cycle_id, pk=int(level_pk)).first()
                if level_pk.isdigit()
                else None
            )
        try:
            services.decide(nomination=nomination, user=request.user, outcome=outcome, level=level)
        except services.JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success_message(outcome, nomination, level))
        return redirect("judging:results", round_pk=self.round.pk, category_code=self.category.code)


urlpatterns = [
    path("rounds/<int:round_pk>/results/<str:category_code>/", ResultsView.as_view(), name="results"),
    path(
        "rounds/<int:round_pk>/results/<str:category_code>/decide/<int:nomination_pk>/",
        DecideView.as_view(),
        name="decide",
    ),
]
