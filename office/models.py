"""The office's records: the messages an awards administrator sent to nominators, who
received each one (office.messaging, office.services), and the automatic reminders to owners
of unsubmitted drafts (scheduling.reminders), kept so that nobody is emailed twice."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NominatorMessage(models.Model):
    """An email an awards administrator wrote to the nominators a set of filters matched.
    Written in both languages; each person receives their own language's version."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Sending")
        SENT = "sent", _("Sent")

    # The compose form's one-time key: a second click on "Send" finds this row and sends nothing.
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    subject_zh_hans = models.CharField(_("subject (Chinese)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_zh_hans = models.TextField(_("message (Chinese)"), max_length=5000, blank=True)
    body_en = models.TextField(_("message (English)"), max_length=5000, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    filters_text = models.TextField(_("who"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipient_count = models.PositiveIntegerField(_("people"), default=0)
    nomination_count = models.PositiveIntegerField(_("nominations"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to nominators")
        verbose_name_plural = _("messages to nominators")

    def __str__(self):
        return self.subject_en or self.subject_zh_hans

    def version(self, language):
        """(subject, body) in `language`; a part left empty there comes from the other language."""
        if language == "en":
            return self.subject_en or self.subject_zh_hans, self.body_en or self.body_zh_hans
        return self.subject_zh_hans or self.subject_en, self.body_zh_hans or self.body_en


class MessageRecipient(models.Model):
    """One person a message went to (once, however many of their nominations matched)."""

    message = models.ForeignKey(
        NominatorMessage, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("message")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nominator"),
    )
    nominations = models.ManyToManyField("nominations.Nomination", related_name="+", verbose_name=_("nominations"))
    language = models.CharField(_("language"), max_length=10)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    # Set when the email is handed to the outbox, in the same transaction: a retried task
    # never sends it again.
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Not sent: the account was closed or lost its email address after the message was written.
    skipped = models.BooleanField(_("skipped"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="office_one_email_per_person")]

    def __str__(self):
        return str(self.user or "-")


class DraftReminder(models.Model):
    """The automatic reminder of an unsubmitted draft before its call closes: one per draft
    and call, held by the database (a flushed cache cannot send a second one)."""

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="+", verbose_name=_("nomination")
    )
    call = models.ForeignKey("nominations.CallPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("call"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nominator"),
    )
    language = models.CharField(_("language"), max_length=10)
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("draft reminder")
        verbose_name_plural = _("draft reminders")
        constraints = [models.UniqueConstraint(fields=["nomination", "call"], name="office_one_reminder_per_draft")]

    def __str__(self):
        return f"{self.nomination_id} · {self.sent_at:%Y-%m-%d}"
