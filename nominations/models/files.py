import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.storage import private_storage


def _stored_name(instance, filename):
    # Random names: nothing of the uploader's file name reaches the disk or a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"nominations/{instance.nomination_id}/{uuid.uuid4().hex}.{extension}"


def _thumbnail_name(instance, filename):
    return f"nominations/{instance.nomination_id}/thumbs/{uuid.uuid4().hex}.jpg"


class NominationFile(models.Model):
    """Evidence uploaded with a nomination, kept in the private store and served only
    through nominations.views.files after a permission check."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("PDF document")

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="files", verbose_name=_("nomination")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_stored_name, max_length=200)
    thumbnail = models.FileField(
        _("thumbnail"), storage=private_storage, upload_to=_thumbnail_name, max_length=200, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Set when the file answers one of the call's extra questions (CallPage.questions).
    question_id = models.CharField(_("question"), max_length=64, blank=True, default="")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")

    def __str__(self):
        return self.original_name


class ReferenceSequence(models.Model):
    """The last reference number handed out per cycle and category. Incremented under a
    row lock, so concurrent submissions never share a number."""

    cycle = models.ForeignKey("nominations.AwardCycle", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("nominations.Category", on_delete=models.CASCADE, related_name="+")
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "category"], name="one_sequence_per_cycle_category")]

    def __str__(self):
        return f"{self.cycle_id}-{self.category_id}: {self.last_value}"
