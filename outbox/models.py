"""Email on its way out. Every message the site sends becomes a row here (outbox.backends),
written in the sender's transaction, and a task delivers it. A delivered message's row is
deleted, so the table holds only mail still to send and mail that finally failed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # What administrators see: who it was for, what it was about, what went wrong. Never
    # the body, which may hold a sign-in or password-reset link.
    subject = models.CharField(_("subject"), max_length=255)
    recipients = models.TextField(_("recipients"))
    # The whole message (outbox.messages), kept only until delivered or discarded.
    message = models.JSONField(editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_idx")]
        permissions = [("retry_outgoingemail", _("Can retry failed outgoing email"))]

    def __str__(self):
        return self.subject
