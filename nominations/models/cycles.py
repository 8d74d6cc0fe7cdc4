import itertools
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Milestone:
    label: str
    at: datetime
    reached: bool


class AwardCycle(models.Model):
    """One year's awards: when nominations, judging and the announcement happen."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    nominations_open = models.DateTimeField(_("nominations open"))
    nominations_close = models.DateTimeField(_("nominations close"))
    judging_open = models.DateTimeField(_("judging opens"))
    judging_close = models.DateTimeField(_("judging closes"))
    announcement_at = models.DateTimeField(_("winners announced"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")

    def __str__(self):
        return self.name

    def clean(self):
        order = [
            ("nominations_open", self.nominations_open),
            ("nominations_close", self.nominations_close),
            ("judging_open", self.judging_open),
            ("judging_close", self.judging_close),
            ("announcement_at", self.announcement_at),
        ]
        for (_earlier_name, earlier), (later_name, later) in itertools.pairwise(order):
            if earlier and later and later < earlier:
                raise ValidationError(
                    {later_name: _("The dates must follow each other: open, close, judging, announcement.")}
                )

    def milestones(self, now=None):
        now = now or timezone.now()
        points = [
            (_("Nominations open"), self.nominations_open),
            (_("Nominations close"), self.nominations_close),
            (_("Judging"), self.judging_open),
            (_("Winners announced"), self.announcement_at),
        ]
        return [Milestone(label=label, at=at, reached=at <= now) for label, at in points]

    def is_announced(self, now=None):
        """THE rule for results: shortlisting and commendation (a nomination's state, its
        history entries, emails, exports, the winners' pages) reach nominators and the
        public only from the announcement on. announced() is the same rule as a filter."""
        return (now or timezone.now()) >= self.announcement_at


def announced(now=None, prefix=""):
    """AwardCycle.is_announced as a query filter, for rows that reach their cycle through
    `prefix` (e.g. "nomination__call__cycle__")."""
    return models.Q(**{f"{prefix}announcement_at__lte": now or timezone.now()})
