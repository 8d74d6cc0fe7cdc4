"""A cycle's judging report: how the results were reached, in figures anyone can check.

Built from the rankings the panels saw (judging.results.panel_results) and from the record
(conflicts, rubric versions, sign-offs, decisions). It names no judge: a sign-off is by "the
panel's chair" (or an awards administrator), and the only nominations it names, by reference,
are commended ones, which the winners' pages publish anyway.

Public only once an awards administrator has published it AND the cycle's results are
announced (is_public); administrators preview it at any time. Publishing purges the anonymous
page cache, because the winners index links to a published report."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.cache import purge_page_cache
from judging.models import (
    Assignment,
    Conflict,
    Decision,
    JudgeProfile,
    MethodReport,
    Panel,
    RankingSignOff,
    Round,
    RubricVersion,
)
from judging.results import panel_results
from nominations.models import NominationState

# Kendall's W ---------------------------------------------------------------------------


def average_ranks(values):
    """Ranks 1..n of values, the highest first; tied values share the mean of their ranks."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def kendalls_w(rankings):
    """Kendall's coefficient of concordance of m judges' rankings of the same n items,
    corrected for ties:

        W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)

    S = sum over items of (R_i - m (n + 1) / 2)^2, R_i the item's rank sum; T_j = sum over
    judge j's groups of t tied items of (t^3 - t). rankings: m sequences of n ranks (1..n,
    tied items sharing their mean rank, as average_ranks gives). 1 is perfect agreement, 0
    none. None when it cannot be computed: fewer than two judges or items, or every judge
    tied every item."""
    rankings = [list(ranking) for ranking in rankings]
    m = len(rankings)
    if m < 2:
        return None
    n = len(rankings[0])
    if any(len(ranking) != n for ranking in rankings):
        raise ValueError("Every judge must rank the same items.")
    if n < 2:
        return None
    sums = [sum(ranking[i] for ranking in rankings) for i in range(n)]
    mean = m * (n + 1) / 2
    s = sum((total - mean) ** 2 for total in sums)
    ties = sum(t**3 - t for ranking in rankings for t in Counter(ranking).values())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return None
    return 12 * s / denominator


def panel_concordance(rows):
    """Kendall's W of a panel's judges, when every judge who counted scored every ranked
    nomination; None otherwise (or when it cannot be computed)."""
    judges = sorted({judge for row in rows for judge in row.totals})
    if len(judges) < 2 or len(rows) < 2 or any(len(row.totals) != len(judges) for row in rows):
        return None
    # Rounded first, so that two equal totals reached by different sums tie exactly.
    return kendalls_w(average_ranks([round(row.totals[judge], 6) for row in rows]) for judge in judges)


# The figures ---------------------------------------------------------------------------


@dataclass
class SignOffLine:
    round: object
    category: object
    by_chair: bool
    signed_at: object
    method: str

    @property
    def who(self):
        return _("the panel's chair") if self.by_chair else _("an awards administrator")


@dataclass
class PanelFigures:
    round: object
    category: object
    ranked: int
    judges_per_nomination: list  # [(counted judges, nominations)], fewest judges first
    method: str
    connected: bool
    components: int
    residual_sd: float | None
    effect_low: float | None
    effect_high: float | None
    judges: int
    agreement: object  # Decimal | None, ICC(1)
    kendall: float | None
    every_judge_scored_all: bool
    sign_off: SignOffLine | None = None

    @property
    def judges_words(self):
        """E.g. "2 judges: 1 nomination · 3 judges: 5 nominations"."""
        return " · ".join(
            ngettext("%(judges)s judge", "%(judges)s judges", judges) % {"judges": judges}
            + ": "
            + ngettext("%(count)s nomination", "%(count)s nominations", count) % {"count": count}
            for judges, count in self.judges_per_nomination
        )

    @property
    def method_words(self):
        if self.method == "adjusted":
            return _("Adjusted for each judge's leniency or severity.")
        return ngettext(
            "Raw means: the judges were not linked through shared nominations (%(count)s separate group), "
            "so their leniency could not be told apart from the nominations' merit.",
            "Raw means: the judges were not linked through shared nominations (%(count)s separate groups), "
            "so their leniency could not be told apart from the nominations' merit.",
            self.components,
        ) % {"count": self.components}

    @property
    def kendall_words(self):
        if self.kendall is not None:
            return f"{self.kendall:.2f}"
        if not self.every_judge_scored_all:
            return _("not computed: not every judge scored every nomination")
        return _("not computed: too few judges or nominations")


@dataclass
class RoundSection:
    round: object
    panels: list = field(default_factory=list)
    declared: int = 0
    detected: int = 0
    rubric_versions: list = field(default_factory=list)
    decisions: list = field(default_factory=list)  # [(label, in force, undone)]
    overrides: list = field(default_factory=list)  # [DecisionNote]
    undone: list = field(default_factory=list)  # [DecisionNote]


@dataclass
class DecisionNote:
    outcome: str
    reference: str | None  # only for a nomination commended today
    submitted: int
    required: int
    reason: str
    at: object


@dataclass
class Report:
    cycle: object
    rounds: list
    panel_count: int
    judge_count: int
    declared_before: int  # conflicts found before the judge was ever assigned the nomination
    detected_before: int


def _panel_figures(round_, category, sign_off):
    res = panel_results(round_, category)
    effects = [severity.estimate for severity in res.severities.values()]
    judges = {judge for row in res.rows for judge in row.totals}
    return PanelFigures(
        round=round_,
        category=category,
        ranked=len(res.rows),
        judges_per_nomination=sorted(Counter(row.judges for row in res.rows).items()),
        method=res.method,
        connected=res.connected,
        components=res.components,
        residual_sd=res.residual_sd,
        effect_low=min(effects) if effects else None,
        effect_high=max(effects) if effects else None,
        judges=len(res.severities),
        agreement=res.agreement,
        kendall=panel_concordance(res.rows),
        every_judge_scored_all=all(len(row.totals) == len(judges) for row in res.rows),
        sign_off=sign_off,
    )


def _conflicts(cycle):
    """{(round id or None, source): count}: each conflict in the first round that assigned
    its judge to its nomination; None for a conflict found before any assignment."""
    first_round = (
        Assignment.objects.filter(
            round__cycle=cycle, judge_id=OuterRef("judge_id"), nomination_id=OuterRef("nomination_id")
        )
        .order_by("round__number")
        .values("round_id")[:1]
    )
    rows = (
        Conflict.objects.filter(nomination__call__cycle=cycle)
        .annotate(first_round=Subquery(first_round))
        .order_by()
        .values("first_round", "source")
        .annotate(count=Count("pk"))
    )
    return {(row["first_round"], row["source"]): row["count"] for row in rows}


def _decisions(cycle, sections):
    outcomes = dict(Decision.Outcome.choices)
    counts = (
        Decision.objects.filter(round__cycle=cycle)
        .order_by()
        .values("round_id", "outcome")
        .annotate(
            standing=Count("pk", filter=Q(undone_at__isnull=True)),
            undone=Count("pk", filter=Q(undone_at__isnull=False)),
        )
    )
    for row in sorted(counts, key=lambda r: list(outcomes).index(r["outcome"])):
        sections[row["round_id"]].decisions.append((outcomes[row["outcome"]], row["standing"], row["undone"]))
    notes = (
        Decision.objects.filter(round__cycle=cycle)
        .exclude(override_reason="", undone_at__isnull=True)
        .select_related("nomination")
        .only(
            "round_id",
            "outcome",
            "scores_submitted",
            "scores_required",
            "override_reason",
            "decided_at",
            "undone_at",
            "undo_reason",
            "nomination__reference",
            "nomination__state",
        )
        .order_by("decided_at", "pk")
    )
    for decision in notes:
        commended = decision.nomination.state == NominationState.COMMENDED
        reference = decision.nomination.reference if commended else None
        section = sections[decision.round_id]
        common = {
            "outcome": outcomes[decision.outcome],
            "reference": reference,
            "submitted": decision.scores_submitted,
            "required": decision.scores_required,
        }
        if decision.override_reason:
            section.overrides.append(DecisionNote(reason=decision.override_reason, at=decision.decided_at, **common))
        if decision.undone_at:
            section.undone.append(DecisionNote(reason=decision.undo_reason, at=decision.undone_at, **common))


def build_report(cycle):
    """The report's figures: a fixed number of queries, plus panel_results' per panel."""
    rounds = list(Round.objects.filter(cycle=cycle).order_by("number"))
    panels = list(
        Panel.objects.filter(cycle=cycle).select_related("category", "chair").order_by("category__sort_order")
    )
    chairs = {panel.category_id: panel.chair.user_id if panel.chair else None for panel in panels}
    sign_offs = {
        (s.round_id, s.category_id): SignOffLine(
            round=None,
            category=None,
            by_chair=s.signed_by_id == chairs.get(s.category_id),
            signed_at=s.signed_at,
            method=s.method,
        )
        for s in RankingSignOff.objects.filter(round__cycle=cycle).only(
            "round_id", "category_id", "signed_by_id", "signed_at", "method"
        )
    }
    sections = {round_.pk: RoundSection(round=round_) for round_ in rounds}
    for round_ in rounds:
        for panel in panels:
            sign_off = sign_offs.get((round_.pk, panel.category_id))
            if sign_off:
                sign_off.round, sign_off.category = round_, panel.category
            sections[round_.pk].panels.append(_panel_figures(round_, panel.category, sign_off))
    conflicts = _conflicts(cycle)
    for round_ in rounds:
        sections[round_.pk].declared = conflicts.get((round_.pk, Conflict.Source.DECLARED), 0)
        sections[round_.pk].detected = conflicts.get((round_.pk, Conflict.Source.DETECTED), 0)
    for version in RubricVersion.objects.filter(round__cycle=cycle).only("round_id", "number", "reason", "created_at"):
        sections[version.round_id].rubric_versions.append(version)
    _decisions(cycle, sections)
    judges = JudgeProfile.objects.filter(panel_memberships__cycle=cycle).distinct().count()
    return Report(
        cycle=cycle,
        rounds=[sections[round_.pk] for round_ in rounds],
        panel_count=len(panels),
        judge_count=judges,
        declared_before=conflicts.get((None, Conflict.Source.DECLARED), 0),
        detected_before=conflicts.get((None, Conflict.Source.DETECTED), 0),
    )


def adjustment_words():
    """The model in plain words, for the page and the PDF."""
    return _(
        "Some judges score everything low and others high. Within each panel (one round, one category), a "
        "statistical model estimates each nomination's merit and each judge's leniency together, from the "
        "nominations the judges shared: a judge's effect is how many points their totals ran above (lenient) or "
        "below (harsh) the panel's average judge. The adjusted score is what a nomination would have scored from an "
        "average judge. The residual standard deviation is the scatter the model leaves unexplained, in points out "
        "of 100. When a panel's judges are not linked through shared nominations, the model cannot tell a judge's "
        "leniency from the nominations' merit, and the panel is ranked by raw means."
    )


def agreement_words():
    return _(
        "Agreement is measured two ways: the intra-class correlation ICC(1) of the judges' totals (1 means every "
        "judge gave a nomination the same total, 0 that the totals agree no more than chance would), and, where "
        "every judge of the panel scored every nomination, Kendall's W, the agreement of the judges' rankings (1 "
        "is the same ranking from every judge, 0 none), corrected for ties."
    )


# Publishing ----------------------------------------------------------------------------


def is_public(method_report, cycle, now=None):
    """THE rule: published by an administrator, and the cycle's results announced."""
    return method_report is not None and method_report.published_at is not None and cycle.is_announced(now)


def publish_report(*, cycle, user):
    with transaction.atomic():
        report, _created = MethodReport.objects.select_for_update().get_or_create(cycle=cycle)
        if report.published_at is None:
            report.published_at = timezone.now()
            report.published_by = user
            report.save(update_fields=["published_at", "published_by"])
        purge_page_cache()
    return report


def unpublish_report(*, cycle):
    with transaction.atomic():
        report = MethodReport.objects.select_for_update().filter(cycle=cycle).first()
        if report is not None and report.published_at is not None:
            report.published_at = None
            report.published_by = None
            report.save(update_fields=["published_at", "published_by"])
        purge_page_cache()
    return report
