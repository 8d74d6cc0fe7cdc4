"""Reusable reads. Each function does a fixed number of queries, whatever the data size."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from core.locales import in_locale
from nominations.models import AwardCycle, CallPage, CallStatus, Category, Nomination, NominationFile, NominationState
from nominations.predicates import is_awards_office


def current_cycle(now=None):
    """The cycle running now (nominations opened, winners not yet announced); else the
    next one to open; else the most recently announced. One query: cycles are yearly."""
    now = now or timezone.now()
    cycles = list(AwardCycle.objects.order_by("-nominations_open"))
    running = [c for c in cycles if c.nominations_open <= now and not c.is_announced(now)]
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


def category_calls(cycle, now=None, locale=None):
    """Every category, in order, with the cycle's live call in it (or None): the call in
    `locale` (the active language's by default), or in the other language when it has not
    been translated yet."""
    now = now or timezone.now()
    categories = list(Category.objects.all())
    calls = {}
    if cycle is not None:
        for call in in_locale(CallPage.objects.live().filter(cycle=cycle), locale).select_related("category"):
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
    """The live calls of the index page's language grouped by cycle, newest cycle first; a
    call not yet translated into it is listed in the language it has."""
    now = now or timezone.now()
    calls = (
        in_locale(CallPage.objects.live(), index_page.locale_id)
        .select_related("cycle", "category")
        .order_by("-cycle__year", "category__sort_order")
    )
    groups = {}
    for call in calls:
        call.current_status = call.status(now)
        groups.setdefault(call.cycle, []).append(call)
    return [CycleCalls(cycle, items) for cycle, items in groups.items()]


def nominations_of(user):
    """The nominator's own nominations, with what their listing shows, in one query."""

    return (
        Nomination.objects.filter(nominator=user)
        .select_related("call__category", "call__cycle")
        .annotate(file_count=Count("files"))
        # Not by updated_at: a result decided before the announcement touches it, and a
        # nomination moving up the list would tell its nominator that something was decided.
        .order_by("-created_at", "-pk")
    )


def files_visible_to(user):
    """Nomination files this user may open: nominations.predicates.can_open_files as a
    query (the owner's; every submitted nomination's for the awards office). Judges open
    their assignments' files through judging's own URLs and query."""
    files = NominationFile.objects.select_related("nomination")
    if not user.is_authenticated:
        return files.none()
    own = Q(nomination__nominator=user)
    if is_awards_office(user):
        return files.filter(own | ~Q(nomination__state=NominationState.DRAFT))
    return files.filter(own)
