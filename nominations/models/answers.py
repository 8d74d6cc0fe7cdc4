from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationAnswer(models.Model):
    """A nomination's answer to one of its call's extra questions (CallPage.questions),
    keyed by the question block's id. A file question's answer is a NominationFile with
    the same question_id instead."""

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="answers", verbose_name=_("nomination")
    )
    question_id = models.CharField(_("question"), max_length=64)
    # The question as the nominator read it when answering, kept for the record.
    question_label = models.CharField(_("question asked"), max_length=200, blank=True)
    value = models.TextField(_("answer"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["nomination", "pk"]
        verbose_name = _("answer to a call's question")
        verbose_name_plural = _("answers to a call's questions")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "question_id"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question_label or self.question_id}: {self.value[:40]}"


class ScreeningNote(models.Model):
    """An internal note on a nomination, written and read by the awards office only."""

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="notes", verbose_name=_("nomination")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["nomination", "created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:60]
