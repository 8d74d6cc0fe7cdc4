"""How long personal data is kept: a cycle's nominations that were not commended (not
shortlisted, not commended, withdrawn, ineligible) until its announcement plus the cycle's
retention months; drafts never submitted, that long after their last change. Commended
nominations are the public record and stay."""

import calendar

from django.conf import settings
from django.utils import timezone

from nominations.models import AwardCycle, Nomination, NominationState
from nominations.models.cycles import announced
from privacy.models import RetentionPolicy
from privacy.services import erase_for_retention

S = NominationState
EXPIRING_STATES = (S.NOT_SHORTLISTED, S.NOT_COMMENDED, S.WITHDRAWN, S.INELIGIBLE)


def add_months(moment, months):
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def months_for(cycle):
    policy = RetentionPolicy.objects.filter(cycle=cycle).first()
    return policy.months_after_announcement if policy else settings.PRIVACY_RETENTION_MONTHS


def expires_at(cycle):
    return add_months(cycle.announcement_at, months_for(cycle))


def due(now=None):
    """The nominations whose personal data is past its keeping, erased or not."""
    now = now or timezone.now()
    due_ids = []
    for cycle in AwardCycle.objects.filter(announced(now)):
        if expires_at(cycle) <= now:
            due_ids += Nomination.objects.filter(call__cycle=cycle, state__in=EXPIRING_STATES).values_list(
                "pk", flat=True
            )
    for cycle in AwardCycle.objects.all():
        # A draft's age counts from its last change: months_for(cycle) ago at the latest.
        latest = add_months(now, -months_for(cycle))
        due_ids += Nomination.objects.filter(call__cycle=cycle, state=S.DRAFT, updated_at__lt=latest).values_list(
            "pk", flat=True
        )
    return Nomination.objects.filter(pk__in=due_ids)


def apply_retention(now=None):
    """Erases what is due and not yet erased. Returns the ErasureRecord, or None."""
    return erase_for_retention(due(now), reason="Retention period ended")
