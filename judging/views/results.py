"""A round's results for one category: ranked rows, panel agreement, each judge's
score distribution, CSV/XLSX export, and (for awards administrators) the decisions."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from judging import charts, exports
from judging.decisions import judged_again_in
from judging.models import JudgeProfile
from judging.results import NominationResult, disagreement_spread, panel_results
from judging.views import decisions
from judging.views.access import FollowPanelMixin
from nominations.models import Nomination


@dataclass
class Line:
    row: NominationResult
    nomination: Nomination
    decidable: bool = False


GOOD_AGREEMENT = Decimal("0.75")
MODERATE_AGREEMENT = Decimal("0.5")


def agreement_words(value):
    """ICC(1) (a Decimal to 0.01, as judging.results gives it) in a sentence anyone can read."""
    if value is None:
        return _(
            "Panel agreement cannot be computed yet: it needs scores for at least two nominations, "
            "and at least one nomination scored by two judges."
        )
    if value >= GOOD_AGREEMENT:
        level = _("good agreement")
    elif value >= MODERATE_AGREEMENT:
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


class ResultsView(FollowPanelMixin, TemplateView):
    template_name = "judging/chair/results.html"

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("format")
        if export_format in exports.FORMATS:
            return exports.export(export_format, self.lines(), self.round, self.category)
        return super().get(request, *args, **kwargs)

    def lines(self):
        if not hasattr(self, "_lines"):
            # Fitted on the whole panel, ranked over what this viewer may see (no gaps).
            self.results = panel_results(self.round, self.category, hidden=frozenset(self.hidden))
            rows = self.results.rows
            # A nomination judged again in a later round of this stage is decided there.
            nominations = Nomination.objects.annotate(judged_again_in=judged_again_in(self.round)).in_bulk(
                [row.nomination_id for row in rows]
            )
            self._lines = [
                Line(
                    row=row,
                    nomination=nominations[row.nomination_id],
                    decidable=nominations[row.nomination_id].state == self.round.nomination_state
                    and nominations[row.nomination_id].judged_again_in is None,
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
        severities = self.results.severities
        return (
            entries,
            panel_mean,
            [(entry, charts.leaning(entry, panel_mean), severities.get(entry.judge_id)) for entry in entries],
        )

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
        context.update(
            lines=lines,
            results=self.results,
            agreement=self.results.agreement,
            agreement_words=agreement_words(self.results.agreement),
            chart=charts.distribution_svg(entries),
            judge_rows=judge_rows,
            panel_mean=panel_mean,
            leaning_points=charts.LEANING_POINTS,
            spread_threshold=disagreement_spread(),
            unranked=unranked,
            round_open=self.round.is_open(),
        )
        context.update(decisions.context(self, lines))
        return context


urlpatterns = [
    path("rounds/<int:round_pk>/results/<str:category_code>/", ResultsView.as_view(), name="results"),
    *decisions.urlpatterns,
]
