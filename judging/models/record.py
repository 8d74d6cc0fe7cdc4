"""The judging record an appeal reads: rubric versions, the chair's sign-off of a
ranking, each decision with any override and its undoing, and the published report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RubricVersion(models.Model):
    """A round's rubric as it stood from a moment on. Version 1 is taken when the first
    score is submitted (the rubric is frozen from then on); each later version is a
    deliberate change with its reason. criteria: [{id, name, weight, scale_min,
    scale_max, sort_order}] as text, so the record never depends on later edits."""

    round = models.ForeignKey("judging.Round", on_delete=models.CASCADE, related_name="rubric_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for the change"), blank=True)
    criteria = models.JSONField(_("criteria"), default=list)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="one_rubric_version_number")]

    def __str__(self):
        return f"{self.round} · v{self.number}"


class RankingSignOff(models.Model):
    """The panel chair's sign-off of a round's ranking in one category: decisions wait for
    it. ranking keeps the ranking signed off, row for row, as it was shown."""

    round = models.ForeignKey("judging.Round", on_delete=models.CASCADE, related_name="sign_offs")
    category = models.ForeignKey("nominations.Category", on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed off"), auto_now_add=True)
    rubric_version = models.PositiveSmallIntegerField(_("rubric version"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=20)
    ranking = models.JSONField(_("ranking"), default=list)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["round", "category"]
        verbose_name = _("ranking sign-off")
        verbose_name_plural = _("ranking sign-offs")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="one_sign_off_per_panel_round")]

    def __str__(self):
        return f"{self.round} · {self.category}"


class Decision(models.Model):
    """A shortlisting or commendation decision, as the record of it: who, when, how many
    submitted scores it rested on, the written reason when it was taken with fewer than
    the round asks for, and whether (and why) it was undone."""

    class Outcome(models.TextChoices):
        SHORTLIST = "shortlist", _("Shortlisted")
        NOT_SHORTLIST = "not_shortlist", _("Not shortlisted")
        COMMEND = "commend", _("Commended")
        NOT_COMMEND = "not_commend", _("Not commended")

    round = models.ForeignKey("judging.Round", on_delete=models.PROTECT, related_name="decisions")
    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    level = models.ForeignKey("judging.AwardLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    scores_submitted = models.PositiveSmallIntegerField(_("submitted scores"), default=0)
    scores_required = models.PositiveSmallIntegerField(_("scores the round asks for"), default=0)
    override_reason = models.TextField(_("reason for deciding with fewer scores"), blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["round", "nomination"])]

    def __str__(self):
        return f"{self.nomination} · {self.get_outcome_display()}"


class MethodReport(models.Model):
    """A cycle's judging report (how the results were reached), published by an awards
    administrator: public once the cycle's results are announced."""

    cycle = models.OneToOneField("nominations.AwardCycle", on_delete=models.CASCADE, related_name="method_report")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("judging report")
        verbose_name_plural = _("judging reports")

    def __str__(self):
        return str(self.cycle)
