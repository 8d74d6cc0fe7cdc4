"""The record of erasures, and how long each cycle keeps the personal data of nominations
that were not successful (privacy.retention)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_retention_months():
    return settings.PRIVACY_RETENTION_MONTHS


class RetentionPolicy(models.Model):
    """How long after its announcement a cycle keeps the personal data of nominations that
    were not commended (and of drafts never submitted, counted from their last change)."""

    cycle = models.OneToOneField(
        "nominations.AwardCycle", on_delete=models.CASCADE, related_name="retention_policy", verbose_name=_("cycle")
    )
    months_after_announcement = models.PositiveSmallIntegerField(
        _("months kept after the announcement"), default=default_retention_months
    )

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["-cycle__year"]

    def __str__(self):
        return f"{self.cycle}: {self.months_after_announcement}"


class ErasureRecord(models.Model):
    """One erasure: what kind, of which row (by id only), who asked, who did it, when,
    why, and how much was removed, as counts. Never the personal data itself."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Account, at the person's request")
        NOMINEE = "nominee", _("Nominee, at their request")
        RETENTION = "retention", _("End of the retention period")

    class Requester(models.TextChoices):
        SELF = "self", _("The account holder")
        NOMINEE = "nominee", _("The nominee")
        ADMINISTRATOR = "administrator", _("An administrator, on the person's request")
        RETENTION = "retention", _("The retention policy")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user_id_erased = models.PositiveIntegerField(_("account id"), null=True, blank=True)
    nomination_ids = models.JSONField(_("nominations"), default=list, blank=True)
    requested_by = models.CharField(_("asked by"), max_length=20, choices=Requester.choices)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done"), auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=1000)
    removed = models.JSONField(_("removed"), default=dict)

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        permissions = [("erase_personal_data", _("Can erase personal data on request"))]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.done_at:%Y-%m-%d}"


class ErasedNomination(models.Model):
    """A nomination whose personal data is gone, and the erasure that removed it: the
    retention task skips these, and pages can say why the text reads "[removed]"."""

    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="erasure", verbose_name=_("nomination")
    )
    record = models.ForeignKey(ErasureRecord, on_delete=models.PROTECT, related_name="nominations")
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)

    class Meta:
        verbose_name = _("erased nomination")
        verbose_name_plural = _("erased nominations")

    def __str__(self):
        return str(self.nomination_id)
