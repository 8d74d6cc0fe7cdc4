"""The expert pool's own records: invitations to join it, and what each expert states once
a cycle (whether they are available, and the organisations they have standing interests
in, which automatic assignment treats as conflicts). The flows live in judging.experts."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Sent, waiting")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Withdrawn")


def token_digest(token):
    """Only a digest of an invitation's token is stored: the link in the email is the key."""
    return hashlib.sha256(token.encode()).hexdigest()


class ExpertInvitation(models.Model):
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = models.ManyToManyField(
        "nominations.Category", related_name="+", verbose_name=_("suggested categories"), blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # The account that took the invitation (new, or the expert's existing one).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_invitations",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")
        indexes = [models.Index(fields=["email"])]

    def __str__(self):
        return self.name or self.email

    def state_at(self, now=None):
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def state(self):
        return self.state_at()

    @property
    def is_pending(self):
        return self.state == InvitationState.PENDING


class CycleStatement(models.Model):
    """An expert's statement for one cycle: available or not, and their standing interests,
    confirmed before they score (judging.experts)."""

    judge = models.ForeignKey(
        "judging.JudgeProfile", on_delete=models.CASCADE, related_name="cycle_statements", verbose_name=_("judge")
    )
    cycle = models.ForeignKey(
        "nominations.AwardCycle", on_delete=models.CASCADE, related_name="expert_statements", verbose_name=_("cycle")
    )
    available = models.BooleanField(_("available to judge this cycle"), default=True)
    capacity = models.PositiveSmallIntegerField(
        _("most nominations I can take"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    confirmed_at = models.DateTimeField(_("interests confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "judge"]
        verbose_name = _("cycle statement")
        verbose_name_plural = _("cycle statements")
        constraints = [models.UniqueConstraint(fields=["judge", "cycle"], name="one_statement_per_judge_cycle")]

    def __str__(self):
        return f"{self.judge} · {self.cycle}"


class InterestRelation(models.TextChoices):
    WORKS_FOR = "works_for", _("I work for it")
    ADVISES = "advises", _("I advise it")
    SHAREHOLDER = "shareholder", _("I own a share of it")


class StandingInterest(models.Model):
    statement = models.ForeignKey(CycleStatement, on_delete=models.CASCADE, related_name="interests")
    organisation = models.CharField(_("organisation"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=InterestRelation.choices)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("standing interest")
        verbose_name_plural = _("standing interests")

    def __str__(self):
        return f"{self.organisation} ({self.get_relation_display()})"
