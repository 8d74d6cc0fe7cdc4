from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from nominations.models.choices import NominationState


class RoundKind(models.IntegerChoices):
    """A round's stage: what it judges and which decisions rest on it."""

    SHORTLISTING = 1, _("Shortlisting")
    FINAL = 2, _("Final")


class RoundStatus(models.TextChoices):
    """Where a round stands for scoring (Round.status); templates ask the booleans."""

    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")

    @property
    def is_upcoming(self):
        return self is RoundStatus.UPCOMING

    @property
    def is_open(self):
        return self is RoundStatus.OPEN

    @property
    def is_closed(self):
        return self is RoundStatus.CLOSED


# The stage as it reads inside a round's name ("Round 3: shortlisting").
STAGE_IN_NAME = {RoundKind.SHORTLISTING: _("shortlisting"), RoundKind.FINAL: _("final")}


class Round(ClusterableModel):
    """A judging round of a cycle: as many as the cycle needs, numbered 1, 2, 3... in the
    order they are shown. Its stage says what it judges: a shortlisting round the eligible
    nominations, a final round the shortlisted ones. Several rounds may share a stage (a
    second shortlisting round re-scores some nominations); a decision rests on the latest
    round of its stage that judged the nomination (judging.decisions.deciding_round). Its
    rubric is its criteria."""

    cycle = models.ForeignKey("nominations.AwardCycle", on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(
        _("round number"),
        validators=[MinValueValidator(1)],
        help_text=_("1, 2, 3... in the order the cycle's rounds are shown; each number once per cycle."),
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"),
        choices=RoundKind.choices,
        default=RoundKind.SHORTLISTING,
        help_text=_(
            "Shortlisting judges the eligible nominations, which are then shortlisted or not; final judges the "
            "shortlisted ones, which are then commended or not. A second round of a stage re-scores the "
            "nominations assigned to it: their decision rests on it."
        ),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    judges_per_nomination = models.PositiveSmallIntegerField(
        _("judges per nomination"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    blind = models.BooleanField(
        _("blind"), default=True, help_text=_("Judges do not see the nominee's or the nominator's identity.")
    )
    prefer_mix = models.BooleanField(
        _("prefer a mix of judges"),
        default=True,
        help_text=_(
            "Automatic assignment gives each nomination judges of different affiliations and, where one is "
            "eligible, a judge from outside its region, as long as coverage and even loads allow."
        ),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    close_override_reason = models.TextField(_("reason for closing with unscored work"), blank=True, editable=False)

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "number"],
                name="one_round_number_per_cycle",
                violation_error_message=_("This cycle already has a round with this number."),
            )
        ]

    def __str__(self):
        return f"{self.cycle} · {self.get_number_display()}"

    def get_number_display(self):
        """The round's name as pages show it: "Round 3: shortlisting"."""
        return _("Round %(number)s: %(stage)s") % {"number": self.number, "stage": STAGE_IN_NAME.get(self.stage, "")}

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A round must close after it opens.")})

    def is_open(self, now=None):
        """Scores may be saved: between opening and closing, and not closed by hand."""
        return self.status(now) is RoundStatus.OPEN

    def status(self, now=None):
        """Upcoming before it opens, closed once closed by hand or past its close, else open."""
        now = now or timezone.now()
        if self.closed_at is not None or now >= self.closes_at:
            return RoundStatus.CLOSED
        if now < self.opens_at:
            return RoundStatus.UPCOMING
        return RoundStatus.OPEN

    @property
    def nomination_state(self):
        """The nominations this round judges are in this state."""
        return NominationState.ELIGIBLE if self.stage == RoundKind.SHORTLISTING else NominationState.SHORTLISTED


def open_for_scoring(now=None, prefix=""):
    """Round.status() is OPEN, as a query filter, for rows that reach their round through
    `prefix` (e.g. "round__"): not closed by hand, opened, and before its close."""
    now = now or timezone.now()
    return models.Q(
        **{f"{prefix}closed_at__isnull": True, f"{prefix}opens_at__lte": now, f"{prefix}closes_at__gt": now}
    )


class Criterion(models.Model):
    round = ParentalKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance for judges"), max_length=1000, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0.01)]
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["round", "sort_order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="scale_max_above_min")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.scale_min is not None and self.scale_max is not None and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})


class AwardLevel(models.Model):
    """A prize a cycle gives: first, second, third prize, commendation..."""

    cycle = models.ForeignKey("nominations.AwardCycle", on_delete=models.CASCADE, related_name="award_levels")
    name = models.CharField(_("name"), max_length=80)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, help_text=_("1 is the highest."))

    class Meta:
        ordering = ["cycle", "rank"]
        verbose_name = _("award level")
        verbose_name_plural = _("award levels")
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="unique_award_level_name")]

    def __str__(self):
        return self.name


class Award(models.Model):
    """The award level a commended nomination received."""

    nomination = models.OneToOneField("nominations.Nomination", on_delete=models.CASCADE, related_name="award")
    level = models.ForeignKey(AwardLevel, on_delete=models.PROTECT, related_name="awards")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return f"{self.nomination} · {self.level}"
