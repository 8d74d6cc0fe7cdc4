"""The dashboard's figures. Each function does a fixed number of queries, whatever the
data size, and takes `now` so tests need not wait for time to pass."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from wagtail.models import WorkflowState

from core.locales import active_locale
from judging.models import Assignment, AssignmentState, Panel, Round
from judging.models.rounds import open_for_scoring
from nominations.models import CallPage, Category, Nomination, NominationState, WinnerStoryPage

S = NominationState
A = AssignmentState

CHART_DAYS = 30
QUEUE_SHOWN = 5
STORIES_SHOWN = 8


def site_zone():
    """The site's time zone (settings.TIME_ZONE): the office's days, whoever reads them."""
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment):
    return timezone.localtime(moment, site_zone()).date()


# 1. Nominations per state and category ------------------------------------------------


@dataclass
class StateTable:
    states: list  # [(value, label)]
    rows: list  # [(category, [count per state], total)]
    totals: list  # [count per state]
    total: int


def nominations_by_state(cycle):
    """Two queries: the categories (name in the active language), and the cycle's counts
    grouped by category and state. Drafts are counted, never listed."""
    categories = list(Category.objects.all())
    counts = {}
    if cycle is not None:
        for category_id, state, count in (
            Nomination.objects.filter(call__cycle=cycle)
            .order_by()
            .values_list("call__category", "state")
            .annotate(count=Count("pk"))
        ):
            counts[category_id, state] = count
    states = list(S.choices)
    rows = []
    for category in categories:
        cells = [counts.get((category.pk, value), 0) for value, _label in states]
        rows.append((category, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(states))]
    return StateTable(states=states, rows=rows, totals=totals, total=sum(totals))


# 2. Submissions per day ---------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    day: date
    count: int


def submissions_per_day(cycle, now=None, days=CHART_DAYS):
    """The cycle's submissions on each of the last `days` days up to today, in the site's
    time zone, days without any included (count 0). One query."""
    now = now or timezone.now()
    zone = site_zone()
    today = local_date(now)
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    counts = {}
    if cycle is not None:
        counts = dict(
            Nomination.objects.filter(call__cycle=cycle, submitted_at__gte=start, submitted_at__lt=end)
            .annotate(day=TruncDate("submitted_at", tzinfo=zone))
            .order_by()
            .values_list("day")
            .annotate(count=Count("pk"))
        )
    return [Day(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]


# 3. Days to each call's close ---------------------------------------------------------


@dataclass
class CallClose:
    call: CallPage  # the first-made page: the one nominations store
    page: CallPage  # the page in the active language, when it is translated and live
    status: str
    closes_at: datetime
    days_left: int | None  # calendar days in the site's time zone; None once closed
    drafts: int = 0
    submitted: int = 0


def calls_closing(cycle, now=None, locale=None):
    """Each live call of the cycle once, soonest to close first, with its drafts and
    submitted nominations. Two queries: the cycle's call pages in every language, and the
    counts."""
    now = now or timezone.now()
    if cycle is None:
        return []
    locale_id = (locale or active_locale()).pk
    groups = {}
    for page in CallPage.objects.filter(cycle=cycle).order_by("pk"):
        groups.setdefault(page.translation_key, []).append(page)
    rows = {}
    today = local_date(now)
    for pages in groups.values():
        if not any(p.live for p in pages):
            continue
        canonical = pages[0]
        shown = next((p for p in pages if p.locale_id == locale_id and p.live), canonical)
        status = canonical.status(now)
        closed = status.is_closed
        rows[canonical.pk] = CallClose(
            call=canonical,
            page=shown,
            status=status,
            closes_at=canonical.closes_at,
            days_left=None if closed else (local_date(canonical.closes_at) - today).days,
        )
    if rows:
        for call_id, drafts, submitted in (
            Nomination.objects.filter(call_id__in=rows)
            .order_by()
            .values_list("call_id")
            .annotate(
                drafts=Count("pk", filter=Q(state=S.DRAFT)),
                submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            )
        ):
            rows[call_id].drafts = drafts
            rows[call_id].submitted = submitted
    return sorted(rows.values(), key=lambda row: (row.closes_at, row.call.category_id))


# 4. The screening queue ---------------------------------------------------------------


@dataclass
class Queue:
    waiting: int
    oldest_at: datetime | None
    oldest: list = field(default_factory=list)


def screening_queue(shown=QUEUE_SHOWN):
    """Submitted nominations waiting for a screener, in every cycle. Two queries."""
    waiting = Nomination.objects.filter(state=S.SUBMITTED)
    figures = waiting.aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    oldest = list(
        waiting.select_related("call__category").order_by("submitted_at", "pk")[:shown] if figures["count"] else []
    )
    return Queue(waiting=figures["count"], oldest_at=figures["oldest"], oldest=oldest)


# 5. Judging completion per panel ------------------------------------------------------


@dataclass
class PanelProgress:
    round: Round
    category: Category
    panel: Panel | None
    assigned: int  # not recused
    submitted: int
    conflicts: int  # recused: the judge declared a conflict

    @property
    def percent(self):
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


def open_rounds(now=None):
    """Rounds open for scoring now (Round.is_open as a filter)."""
    return Round.objects.filter(open_for_scoring(now))


def judging_progress(now=None):
    """Per open round and category with a panel or assignments: submitted of assigned, and
    the conflicts declared. Four queries: rounds, categories, panels, counts."""
    rounds = list(open_rounds(now).select_related("cycle").order_by("closes_at", "pk"))
    if not rounds:
        return []
    categories = list(Category.objects.all())
    cycle_ids = {r.cycle_id for r in rounds}
    panels = {(p.cycle_id, p.category_id): p for p in Panel.objects.filter(cycle_id__in=cycle_ids)}
    counts = {}
    for round_id, category_id, state, count in (
        Assignment.objects.filter(round__in=[r.pk for r in rounds])
        .order_by()
        .values_list("round_id", "nomination__call__category", "state")
        .annotate(count=Count("pk"))
    ):
        counts.setdefault((round_id, category_id), {})[state] = count
    rows = []
    for round_ in rounds:
        for category in categories:
            panel = panels.get((round_.cycle_id, category.pk))
            work = counts.get((round_.pk, category.pk), {})
            if panel is None and not work:
                continue
            recused = work.get(A.RECUSED, 0)
            rows.append(
                PanelProgress(
                    round=round_,
                    category=category,
                    panel=panel,
                    assigned=sum(work.values()) - recused,
                    submitted=work.get(A.SUBMITTED, 0),
                    conflicts=recused,
                )
            )
    return rows


# 6. Stories waiting for moderation ----------------------------------------------------


@dataclass
class StoryInModeration:
    page: WinnerStoryPage
    submitted_at: datetime
    submitted_by: object
    task: str


def stories_in_moderation(shown=STORIES_SHOWN):
    """Winner stories with a workflow in progress, longest waiting first: the count, and the
    first `shown`. Three queries (the content type is cached by Django)."""

    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        content_type=ContentType.objects.get_for_model(WinnerStoryPage),
    )
    waiting = states.count()
    if not waiting:
        return 0, []
    first = list(states.select_related("requested_by", "current_task_state__task").order_by("created_at", "pk")[:shown])
    pages = WinnerStoryPage.objects.select_related("locale").in_bulk([int(s.object_id) for s in first])
    stories = [
        StoryInModeration(
            page=pages[int(state.object_id)],
            submitted_at=state.created_at,
            submitted_by=state.requested_by,
            task=state.current_task_state.task.name if state.current_task_state else "",
        )
        for state in first
        if int(state.object_id) in pages
    ]
    return waiting, stories
