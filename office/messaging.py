"""Who a message to nominators reaches: the filters an awards administrator chooses (cycle,
category, nomination states, "the call closes within N days"), the nominations they match,
and the people behind them, each once however many of their nominations match. Only active
accounts with an email address are counted. Queries only: sending is office.services."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import is_awards_administrator
from nominations.models import AwardCycle, Category, Nomination, NominationState
from nominations.models.pages import open_calls

SAMPLE_SIZE = 10


def may_message_nominators(user):
    """Awards administrators write to nominators; screeners, editors and judges do not."""
    return is_awards_administrator(user)  # the one rule, which asks that the account is active


@dataclass(frozen=True)
class Filters:
    """What the form chose, as stored with the message (office.models.NominatorMessage.filters)."""

    cycle: int | None = None
    category: int | None = None
    states: tuple = ()
    closes_within_days: int | None = None
    as_of: datetime | None = None  # "now" for the call-closing filter

    def as_json(self):
        return {
            "cycle": self.cycle,
            "category": self.category,
            "states": list(self.states),
            "closes_within_days": self.closes_within_days,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }

    @classmethod
    def from_form(cls, data, now=None):
        return cls(
            cycle=data["cycle"].pk if data.get("cycle") else None,
            category=data["category"].pk if data.get("category") else None,
            states=tuple(data.get("states") or ()),
            closes_within_days=data.get("closes_within_days"),
            as_of=now or timezone.now(),
        )


def matching_nominations(filters):
    """The nominations the filters select, of active nominators with an email address."""
    nominations = Nomination.objects.filter(nominator__is_active=True).exclude(nominator__email="")
    if filters.cycle:
        nominations = nominations.filter(call__cycle_id=filters.cycle)
    if filters.category:
        nominations = nominations.filter(call__category_id=filters.category)
    if filters.states:
        nominations = nominations.filter(state__in=filters.states)
    if filters.closes_within_days is not None:
        now = filters.as_of or timezone.now()
        nominations = nominations.filter(
            open_calls(now, prefix="call__"), call__closes_at__lte=now + timedelta(days=filters.closes_within_days)
        )
    return nominations


@dataclass(frozen=True)
class Audience:
    people: int
    nominations: int
    sample: list  # of (user, [nominations]) for the first people, by email

    @property
    def empty(self):
        return self.people == 0


def audience(filters, sample_size=SAMPLE_SIZE):
    """How many people and nominations the filters match, and the first few people with
    their matching nominations (no draft's contents: the template shows reference, category
    and state only). A fixed number of queries."""
    nominations = matching_nominations(filters)
    totals = nominations.order_by().aggregate(
        people=Count("nominator", distinct=True), nominations=Count("pk", distinct=True)
    )
    people = list(nominations.order_by("nominator__email").values_list("nominator", flat=True).distinct()[:sample_size])
    rows = {}
    for nomination in (
        nominations.filter(nominator__in=people)
        .select_related("nominator", "call__category", "call__cycle")
        .order_by("nominator__email", "pk")
    ):
        rows.setdefault(nomination.nominator_id, (nomination.nominator, []))[1].append(nomination)
    sample = [rows[pk] for pk in people if pk in rows]
    return Audience(people=totals["people"], nominations=totals["nominations"], sample=sample)


def recipients(filters):
    """{user id: [nomination ids]} of everyone the filters reach, in order."""
    grouped = {}
    for nomination_id, user_id in (
        matching_nominations(filters).order_by("nominator_id", "pk").values_list("pk", "nominator_id")
    ):
        grouped.setdefault(user_id, []).append(nomination_id)
    return grouped


def describe(filters):
    """The filters in words, in the active language (kept with the message for the log)."""
    parts = []
    if filters.cycle:
        cycle = AwardCycle.objects.filter(pk=filters.cycle).first()
        parts.append(_("cycle: %(cycle)s") % {"cycle": cycle or filters.cycle})
    if filters.category:
        category = Category.objects.filter(pk=filters.category).first()
        parts.append(_("category: %(category)s") % {"category": category or filters.category})
    if filters.states:
        labels = dict(NominationState.choices)
        names = ", ".join(str(labels.get(state, state)) for state in filters.states)
        parts.append(_("state: %(states)s") % {"states": names})
    if filters.closes_within_days is not None:
        days = filters.closes_within_days
        parts.append(
            ngettext(
                "the call closes within %(days)d day",
                "the call closes within %(days)d days",
                days,
            )
            % {"days": days}
        )
    if not parts:
        return _("Every nominator")
    return "; ".join(parts)
