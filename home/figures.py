"""A cycle's public figures, published with its results (AwardCycle.is_announced): the
nominations per category and per region, the share of cross-regional partnerships
(nominations.models.nomination.is_cross_regional), and the experts who served on the
cycle's panels by kind of body. A fixed number of queries whatever the cycle's size."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judging.models import AffiliationKind, JudgeProfile, Panel
from nominations.models import AwardCycle, Category, Nomination, NominationState
from nominations.models.choices import Region
from nominations.models.cycles import announced
from nominations.models.nomination import is_cross_regional, ordered_regions

# Counted: every nomination sent to the cycle's calls (screened, judged, or found
# ineligible); never those still drafts nor those withdrawn.
NOT_COUNTED = (NominationState.DRAFT, NominationState.WITHDRAWN)
NOT_STATED = _("Not stated")


def announced_cycles(now=None):
    """The cycles whose figures are public: their results are announced."""
    return AwardCycle.objects.filter(announced(now)).order_by("-year")


def announced_cycle(year, now=None):
    """The cycle of `year` if its results are announced, else None (the page is a 404)."""
    cycle = AwardCycle.objects.filter(year=year).first()
    return cycle if cycle is not None and cycle.is_announced(now or timezone.now()) else None


def counted_nominations(cycle):
    return Nomination.objects.filter(call__cycle=cycle).exclude(state__in=NOT_COUNTED)


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def percent(self):
        """Whole per cent, or None when there is nothing to divide by."""
        return round(100 * self.count / self.of) if self.of else None


@dataclass
class Figures:
    cycle: AwardCycle
    total: int = 0
    by_category: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    cross_regional: int = 0
    with_partner_regions: int = 0
    partners_without_regions: int = 0
    experts: int = 0
    experts_by_kind: list = field(default_factory=list)

    @property
    def share_among_partnered(self):
        return Share(self.cross_regional, self.with_partner_regions)

    @property
    def share_of_all(self):
        return Share(self.cross_regional, self.total)


def _rows(choices, counts):
    """A row for each choice (zero included), then one for "not stated" if any."""
    rows = [Row(str(label), counts.get(code, 0)) for code, label in choices]
    if counts.get(""):
        rows.append(Row(str(NOT_STATED), counts[""]))
    return rows


def cycle_figures(cycle):
    """The figures of one cycle: three queries (categories, nominations, experts)."""
    figures = Figures(cycle=cycle)
    categories = list(Category.objects.all())
    has_partner_text = ExpressionWrapper(~Q(partner_organisations=""), output_field=BooleanField())
    rows = counted_nominations(cycle).annotate(named_partners=has_partner_text)
    per_category, per_region = Counter(), Counter()
    for category_id, region, partner_regions, named_partners in rows.values_list(
        "call__category_id", "region", "partner_regions", "named_partners"
    ):
        figures.total += 1
        per_category[category_id] += 1
        per_region[region or ""] += 1
        if ordered_regions(partner_regions):
            figures.with_partner_regions += 1
            figures.cross_regional += is_cross_regional(region, partner_regions)
        elif named_partners:
            figures.partners_without_regions += 1
    figures.by_category = [Row(category.display_name, per_category.get(category.pk, 0)) for category in categories]
    figures.by_region = _rows(Region.choices, per_region)
    kinds = {
        row["affiliation_kind"]: row["count"]
        for row in JudgeProfile.objects.filter(pk__in=served_on_panels(cycle))
        .values("affiliation_kind")
        .annotate(count=Count("pk"))
        .order_by()
    }
    figures.experts = sum(kinds.values())
    figures.experts_by_kind = _rows(AffiliationKind.choices, kinds)
    return figures


def served_on_panels(cycle):
    """The ids of the experts who served the cycle: the members of its judging panels."""
    return Panel.members.through.objects.filter(panel__cycle=cycle).values("judgeprofile_id")
