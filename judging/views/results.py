"""A round's results for one category: ranked rows, panel agreement, each judge's
score distribution, CSV/XLSX export, and (for awards administrators) the decisions."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape as esc

from django.template.defaultfilters import floatformat
from django.urls import path
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from judging import charts, exports
from judging.decisions import judged_again_in
from judging.models import JudgeProfile
from judging.results import NominationResult, cached_panel_results, disagreement_spread, results_key
from judging.views import decisions, results_sections
from judging.views.access import FollowPanelMixin
from judging.views.judge import pk_url
from nominations.models import Nomination, NominationState


@dataclass(frozen=True)
class LineNomination:
    """What a results line reads of its nomination (the page, its decisions, the exports),
    read as plain values: 200 model instances cost more than the ranking."""

    pk: int
    reference: str
    title: str
    state: str
    judged_again_in: int | None

    def get_state_display(self):
        return str(NominationState(self.state).label) if self.state in NominationState.values else self.state


@dataclass
class Line:
    row: NominationResult
    nomination: LineNomination
    decidable: bool = False
    cells: str = ""  # the row's cells but the decision (ranking_cells)


def one_decimal():
    """floatformat:1 for numbers under 1,000 (the page's scores, errors and spreads), five
    times faster: the same rounding (half up) and the active language's decimal separator.
    Anything larger goes through floatformat itself (thousands grouping)."""
    separator = get_format("DECIMAL_SEPARATOR")
    tenth = Decimal("0.1")

    def format_number(value):
        number = Decimal(str(value)).quantize(tenth, ROUND_HALF_UP)
        if not number:
            number = abs(number)  # floatformat shows no "-0.0"
        if abs(number) >= 1000:
            return floatformat(value, 1)
        return str(number).replace(".", separator)

    return format_number


def ranking_cells(lines, method):
    """Each line's cells but the decision, as HTML, built here rather than in the template:
    a 200-nomination panel's table cost the template language most of the page (nine
    translations, four number formats and a URL per row). Words are translated and
    escaped once, the URL reversed once; every value is escaped (esc)."""
    words = {
        key: esc(str(value))
        for key, value in {
            "record": _("Judging record"),
            "judges": _("Judges"),
            "score": _("Score (raw weighted mean)") if method == "raw" else _("Adjusted score ± standard error"),
            "raw": _("Raw weighted mean"),
            "spread": _("Spread"),
            "agreement": _("Agreement"),
            "state": _("State"),
            "disagree": _("Strong disagreement"),
            "agree": _("Judges agree"),
            "one": _("One judge only"),
        }.items()
    }
    flags = {
        "disagree": f'<span class="flag flag--disagree">{words["disagree"]}</span>',
        "agree": f'<span class="flag flag--agree">{words["agree"]}</span>',
        "one": f'<span class="muted">{words["one"]}</span>',
    }
    states = {value: esc(str(label)) for value, label in NominationState.choices}
    audit_url = pk_url("judging:nomination_audit")
    number = one_decimal()
    for line in lines:
        row, nomination = line.row, line.nomination
        score = number(row.adjusted)
        if row.standard_error is not None:
            score = f"{score} ± {number(row.standard_error)}"
        flag = flags["disagree" if row.disagreement else "agree" if row.judges > 1 else "one"]
        line.cells = mark_safe(  # noqa: S308 (every value is escaped)
            f'<td class="num">{esc(row.rank_label)}</td>'
            f'<th scope="row" class="results-table__nomination">'
            f'<a class="nowrap" href="{esc(audit_url(nomination.pk))}" title="{words["record"]}">'
            f"{esc(nomination.reference)}</a><br>"
            f'<span class="muted">{esc(nomination.title)}</span></th>'
            f'<td class="num" data-label="{words["judges"]}">{row.judges}</td>'
            f'<td class="num nowrap" data-label="{words["score"]}">{esc(score)}</td>'
            f'<td class="num" data-label="{words["raw"]}">{esc(number(row.raw_mean))}</td>'
            f'<td class="num" data-label="{words["spread"]}">{esc(number(row.spread))}</td>'
            f'<td data-label="{words["agreement"]}">{flag}</td>'
            f'<td data-label="{words["state"]}">{states.get(nomination.state) or esc(nomination.state)}</td>'
        )
    return lines


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
            rows = self.panel_results().rows
            # A nomination judged again in a later round of this stage is decided there.
            nominations = {
                values[0]: LineNomination(*values)
                for values in Nomination.objects.filter(pk__in=[row.nomination_id for row in rows])
                .annotate(judged_again_in=judged_again_in(self.round))
                .values_list("pk", "reference", "title", "state", "judged_again_in")
            }
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

    @cached_property
    def keyed(self):
        return results_key(self.round, self.category, frozenset(self.hidden))

    def panel_results(self):
        # Fitted on the whole panel, ranked over what this viewer may see (no gaps).
        if not hasattr(self, "results"):
            self.results = cached_panel_results(self.round, self.category, frozenset(self.hidden), keyed=self.keyed)
        return self.results

    def judge_labels(self, judge_ids=None):
        """{judge id: name} of the judges in the results (or of `judge_ids`)."""
        if judge_ids is None:
            judge_ids = {judge_id for row in self.panel_results().rows for judge_id in row.totals}
        return {judge.pk: str(judge) for judge in JudgeProfile.objects.filter(pk__in=judge_ids).select_related("user")}

    def waiting(self):
        """The round's nominations of this category in its state, but those hidden from the
        viewer: the ranked ones and the ones still without a counted score."""
        return (
            Nomination.objects.filter(
                call__cycle_id=self.round.cycle_id, call__category=self.category, state=self.round.nomination_state
            )
            .exclude(pk__in=self.hidden)
            .count()
        )

    def sections_context(self, labels, waiting, decision_context):
        """What _ranking.html and _judges.html show."""
        lines = self.lines()
        results = self.results
        entries = charts.distributions([line.row for line in lines], labels)
        panel_mean = charts.overall_mean(entries)
        state = self.round.nomination_state
        return {
            **decision_context,
            "round": self.round,
            "category": self.category,
            "lines": ranking_cells(lines, results.method),
            "results": results,
            "agreement": results.agreement,
            "agreement_words": agreement_words(results.agreement),
            "chart": charts.distribution_svg(entries),
            "judge_rows": [
                (entry, charts.leaning(entry, panel_mean), results.severities.get(entry.judge_id)) for entry in entries
            ],
            "panel_mean": panel_mean,
            "leaning_points": charts.LEANING_POINTS,
            "spread_threshold": disagreement_spread(),
            "unranked": waiting - sum(1 for line in lines if line.nomination.state == state),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.round_open = self.round.is_open()
        waiting = self.waiting()
        decision_context = decisions.context(self, self.lines)
        context.update(decision_context, round_open=self.round_open)
        if decision_context["can_decide"]:  # forms with the viewer's token: rendered for them
            context.update(self.sections_context(self.judge_labels(), waiting, decision_context))
        else:
            context["sections"] = results_sections.cached_sections(
                self, waiting, lambda labels: self.sections_context(labels, waiting, decision_context)
            )
        return context


urlpatterns = [
    path("rounds/<int:round_pk>/results/<str:category_code>/", ResultsView.as_view(), name="results"),
    *decisions.urlpatterns,
]
