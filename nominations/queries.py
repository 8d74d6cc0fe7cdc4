"""Reusable reads. Each function does a fixed number of queries, whatever the data size."""

from dataclasses import dataclass

from django.utils import timezone

from nominations.models import AwardCycle, CallPage, CallStatus, Category


def current_cycle(now=None):
    """The cycle running now (nominations opened, winners not yet announced); else the
    next one to open; else the most recently announced. One query: cycles are yearly."""
    now = now or timezone.now()
    cycles = list(AwardCycle.objects.order_by("-nominations_open"))
    running = [c for c in cycles if c.nominations_open <= now <= c.announcement_at]
    if running:
        return running[0]
    upcoming = [c for c in cycles if c.nominations_open > now]
    if upcoming:
        return upcoming[-1]
    return cycles[0] if cycles else None


@dataclass(frozen=True)
class CategoryCall:
    category: Category
    call: CallPage | None
    status: CallStatus | None


def category_calls(cycle, now=None):
    """Every category, in order, with the cycle's live call in it (or None)."""
    now = now or timezone.now()
    categories = list(Category.objects.all())
    calls = {}
    if cycle is not None:
        for call in CallPage.objects.live().filter(cycle=cycle).select_related("category"):
            calls[call.category_id] = call
    rows = []
    for category in categories:
        call = calls.get(category.pk)
        rows.append(CategoryCall(category, call, call.status(now) if call else None))
    return rows


@dataclass(frozen=True)
class CycleCalls:
    cycle: AwardCycle
    calls: list


def calls_by_cycle(index_page, now=None):
    """The live calls under an index page grouped by cycle, newest cycle first."""
    now = now or timezone.now()
    calls = (
        CallPage.objects.live()
        .child_of(index_page)
        .select_related("cycle", "category")
        .order_by("-cycle__year", "category__sort_order")
    )
    groups = {}
    for call in calls:
        call.current_status = call.status(now)
        groups.setdefault(call.cycle, []).append(call)
    return [CycleCalls(cycle, items) for cycle, items in groups.items()]
