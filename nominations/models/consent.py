"""The nominee's own answers (China's Personal Information Protection Law): whether they
agree to be nominated, and, separately and optionally, whether their name, photographs
and story may be published. Every answer is a row, withdrawals too, with the wording they
were shown; the nomination carries the current answers (nominee_consent,
nominee_publication_consent) for the listings and the winners' embargo."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NomineeAnswer(models.TextChoices):
    PENDING = "pending", _("Nominee has not confirmed")
    AGREED = "agreed", _("Nominee agreed to be nominated")
    DECLINED = "declined", _("Nominee declined to be nominated")


class NomineeConsent(models.Model):
    """One answer the nominee gave (append-only: a changed mind is a new row)."""

    class Question(models.TextChoices):
        NOMINATION = "nomination", _("Agrees to be nominated")
        PUBLICATION = "publication", _("Agrees to publication of name, photographs and story")

    class Source(models.TextChoices):
        LINK = "link", _("The nominee, through the link sent to them")
        SELF_NOMINATION = "self", _("The nominee, as the nominator of a self-nomination")
        DEMO = "demo", _("Demo data")

    nomination = models.ForeignKey(
        "nominations.Nomination",
        on_delete=models.CASCADE,
        related_name="nominee_consents",
        verbose_name=_("nomination"),
    )
    question = models.CharField(_("question"), max_length=20, choices=Question.choices)
    answer = models.BooleanField(_("answer"))
    answered_at = models.DateTimeField(_("answered"))
    wording = models.TextField(_("wording shown"))
    wording_version = models.CharField(_("wording version"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("given"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("nominee's consent")
        verbose_name_plural = _("nominee's consents")
        indexes = [models.Index(fields=["nomination", "question", "answered_at"])]

    def __str__(self):
        return f"{self.get_question_display()}: {self.answer}"
