from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from simple_history.models import HistoricalRecords

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    RECUSED = "recused", _("Recused")


A = AssignmentState


def round_is_open(assignment):
    return assignment.round.is_open()


class Assignment(ConcurrentTransitionMixin, models.Model):
    """One judge's work on one nomination in one round."""

    round = models.ForeignKey("judging.Round", on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey("judging.JudgeProfile", on_delete=models.PROTECT, related_name="assignments")
    state = FSMField(_("state"), default=A.ASSIGNED, choices=A.choices, protected=True, db_index=True)
    overall_comment = models.TextField(_("overall comment"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The judge's declaration of no conflict of interest, made before the nomination's
    # details show (judging.services.declare_no_conflict): when, and the words they confirmed.
    declared_no_conflict_at = models.DateTimeField(_("declared no conflict"), null=True, blank=True)
    no_conflict_wording = models.TextField(_("declaration confirmed"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "nomination", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "nomination", "judge"], name="one_assignment_per_judge_round")
        ]
        indexes = [models.Index(fields=["round", "judge", "state"])]

    def __str__(self):
        return f"{self.judge} · {self.nomination}"

    @property
    def counts(self):
        """Whether its scores count in the results."""
        return self.state == A.SUBMITTED

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=A.ASSIGNED, target=A.IN_PROGRESS, conditions=[round_is_open])
    def start(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=[A.ASSIGNED, A.IN_PROGRESS], target=A.SUBMITTED, conditions=[round_is_open])
    def submit(self, by=None, description=None):
        self.submitted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=[A.ASSIGNED, A.IN_PROGRESS, A.SUBMITTED], target=A.RECUSED)
    def recuse(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=A.SUBMITTED, target=A.IN_PROGRESS, conditions=[round_is_open])
    def reopen(self, by=None, description=None):
        self.submitted_at = None


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("judging.Criterion", on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every change (old and new value, comment, who, when, why) for appeals: the reason is
    # the chair's reopening reason when scores change after a reopening (judging.services).
    history = HistoricalRecords(
        verbose_name=_("score history"),
        excluded_fields=["updated_at"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Conflict(models.Model):
    """A conflict of interest between a judge and a nomination: declared by the judge, or
    detected by the system. Either way the judge never judges (or sees results of) it."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the judge")
        DETECTED = "detected", _("Detected")

    judge = models.ForeignKey("judging.JudgeProfile", on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["judge", "nomination"], name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.judge} ⟂ {self.nomination}: {self.get_source_display()}"
