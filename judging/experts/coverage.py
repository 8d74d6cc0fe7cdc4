"""The expert pool at a glance, for one cycle: how many experts the pool holds per category,
region and kind of body, and where it falls short (a "gap"): a category with fewer
experts available than a nomination needs judges, or with nominations that too few of its
experts could judge without a conflict of interest.

Reads only, in a fixed number of queries whatever the pool's or the cycle's size. Who is in
the pool is the one rule (JudgeProfile.judging_filter: an active profile, so an invited
expert counts only once they have accepted); conflicts are the ones automatic assignment
sees (judging.conflicts.ConflictIndex over the experts with their standing interests for
the cycle, plus the recorded Conflict rows)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from judging.conflicts import NOMINATION_KEY_FIELDS, ConflictIndex
from judging.experts.statements import attach_interests
from judging.models import Conflict, JudgeProfile, Round
from judging.models.pool import AffiliationKind
from nominations.models import Category, Nomination, NominationState
from nominations.models.choices import Region

# Judges per nomination when the cycle has no round yet (Round.judges_per_nomination's default).
DEFAULT_JUDGES_PER_NOMINATION = 3
# Nominations that are not (or no longer) waiting for judges; every other state counts.
NOT_JUDGED_STATES = (NominationState.DRAFT, NominationState.WITHDRAWN)
NOT_STATED = ""
NOT_STATED_LABEL = _("Not stated")


@dataclass(frozen=True)
class Bucket:
    """One value of a breakdown (a region, a kind of body, or "not stated") and its count."""

    key: str
    label: str
    count: int


@dataclass
class CategoryCoverage:
    category: Category
    experts: int = 0  # in the pool with this expertise
    available: int = 0  # of those, not stated unavailable for the cycle
    needed: int = DEFAULT_JUDGES_PER_NOMINATION
    nominations: int = 0  # the cycle's nominations in the category, submitted or further
    short: int = 0  # of those, with fewer conflict-free available experts than needed
    by_region: list = field(default_factory=list)  # [Bucket], in region order
    by_kind: list = field(default_factory=list)  # [Bucket], in kind order

    @property
    def too_few_experts(self):
        return self.available < self.needed

    @property
    def has_short_nominations(self):
        return self.short > 0

    @property
    def is_gap(self):
        return self.too_few_experts or self.has_short_nominations


@dataclass
class Coverage:
    cycle: object
    needed: int
    needed_from_rounds: bool  # False: the cycle has no round yet, DEFAULT_JUDGES_PER_NOMINATION
    experts: int
    available: int
    unconfirmed: int  # experts whose interests for the cycle are not confirmed (or not stated at all)
    without_statement: int  # of those, experts with no statement for the cycle yet
    categories: list  # [CategoryCoverage], in category order
    by_region: list  # [Bucket]
    by_kind: list  # [Bucket]
    regions: list  # [(key, label)] the columns of the category by region table
    kinds: list  # [(key, label)]

    @property
    def gaps(self):
        return [row for row in self.categories if row.is_gap]


def region_choices():
    return [*Region.choices, (NOT_STATED, NOT_STATED_LABEL)]


def kind_choices():
    return [*AffiliationKind.choices, (NOT_STATED, NOT_STATED_LABEL)]


def _buckets(choices, counts):
    return [Bucket(key, str(label), counts.get(key, 0)) for key, label in choices]


def judges_needed(cycle):
    """(judges per nomination, whether a round of the cycle says so): the largest of the
    cycle's rounds, or DEFAULT_JUDGES_PER_NOMINATION without a round. One query."""
    largest = Round.objects.filter(cycle=cycle).aggregate(largest=Max("judges_per_nomination"))["largest"]
    return (largest, True) if largest else (DEFAULT_JUDGES_PER_NOMINATION, False)


def pool_experts(cycle):
    """The pool's experts (active profiles) with their user, their categories' ids
    (`category_ids`), and their statement and standing interests for the cycle
    (judging.experts.statements.attach_interests). Four queries."""
    experts = list(JudgeProfile.objects.filter(JudgeProfile.judging_filter()).select_related("user").order_by("pk"))
    expertise = {}
    links = JudgeProfile.expertise.through.objects.filter(judgeprofile__in=[e.pk for e in experts])
    for judge_id, category_id in links.values_list("judgeprofile_id", "category_id"):
        expertise.setdefault(judge_id, set()).add(category_id)
    for expert in experts:
        expert.category_ids = expertise.get(expert.pk, set())
    return attach_interests(experts, cycle.pk) if cycle is not None else _without_statements(experts)


def _without_statements(experts):
    for expert in experts:
        expert.cycle_statement = None
        expert.standing_interests = []
    return experts


def is_available(expert):
    """Not stated unavailable for the cycle (no statement yet counts as available)."""
    statement = expert.cycle_statement
    return statement is None or statement.available


def judged_nominations(cycle):
    """The cycle's nominations waiting for or past judging (neither drafts nor withdrawn),
    with what the conflict keys read and their category's id (`category_id`). One query."""
    return list(
        Nomination.objects.filter(call__cycle=cycle)
        .exclude(state__in=NOT_JUDGED_STATES)
        .select_related("nominator")
        # "state" is read when a nomination is loaded (ConcurrentTransitionMixin).
        .only("pk", "state", *NOMINATION_KEY_FIELDS, "nominator__email")
        .annotate(category_id=F("call__category_id"))
        .order_by("pk")
    )


def coverage(cycle):
    """The pool for `cycle` (an AwardCycle, or None when there is none) at a glance."""
    categories = list(Category.objects.all())
    experts = pool_experts(cycle)
    needed, from_rounds = judges_needed(cycle) if cycle is not None else (DEFAULT_JUDGES_PER_NOMINATION, False)
    nominations = judged_nominations(cycle) if cycle is not None else []
    declared = (
        Conflict.objects.filter(nomination__in=[n.pk for n in nominations])
        .order_by()
        .values_list("judge_id", "nomination_id")
        if nominations
        else []
    )
    index = ConflictIndex(experts, list(declared))

    by_category = {}
    for nomination in nominations:
        by_category.setdefault(nomination.category_id, []).append(nomination)

    regions, kinds = region_choices(), kind_choices()
    rows = []
    for category in categories:
        members = [e for e in experts if category.pk in e.category_ids]
        free = {e.pk for e in members if is_available(e)}
        row = CategoryCoverage(
            category=category,
            experts=len(members),
            available=len(free),
            needed=needed,
            by_region=_buckets(regions, Counter(e.region for e in members)),
            by_kind=_buckets(kinds, Counter(e.affiliation_kind for e in members)),
        )
        waiting = by_category.get(category.pk, [])
        row.nominations = len(waiting)
        row.short = sum(1 for n in waiting if len(free - index.conflicted_judges(n)) < needed)
        rows.append(row)

    return Coverage(
        cycle=cycle,
        needed=needed,
        needed_from_rounds=from_rounds,
        experts=len(experts),
        available=sum(1 for e in experts if is_available(e)),
        unconfirmed=sum(1 for e in experts if e.cycle_statement is None or e.cycle_statement.confirmed_at is None),
        without_statement=sum(1 for e in experts if e.cycle_statement is None),
        categories=rows,
        by_region=_buckets(regions, Counter(e.region for e in experts)),
        by_kind=_buckets(kinds, Counter(e.affiliation_kind for e in experts)),
        regions=[(key, str(label)) for key, label in regions],
        kinds=[(key, str(label)) for key, label in kinds],
    )
