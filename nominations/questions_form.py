"""The questions step's form (nominations.questions): a field per question, named by
Question.field_name and checked by its kind; file answers checked as the files step checks
every file."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nominations.limits import upload_refusal
from nominations.questions import CHOICE, DATE, FILE, LONG_TEXT, LONG_TEXT_MAX, NUMBER, SHORT_TEXT_MAX, stored_answers
from nominations.uploads import validate_upload


def _field(question):
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    if question.kind == LONG_TEXT:
        field = forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}), **common)
    elif question.kind == CHOICE:
        field = forms.ChoiceField(
            choices=[(c.value, c.label) for c in question.choices], widget=forms.RadioSelect, **common
        )
    elif question.kind == NUMBER:
        field = forms.DecimalField(max_digits=20, decimal_places=6, **common)
        field.widget.attrs.update(step="any", inputmode="decimal")
    elif question.kind == DATE:
        field = forms.DateField(
            input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    elif question.kind == FILE:
        field = forms.FileField(
            widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}), **common
        )
    else:
        field = forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    if getattr(field, "max_length", None):
        field.widget.attrs["maxlength"] = field.max_length
    # Every answer may stay blank in a draft; the asterisk marks what submitting needs.
    field.needed = question.required
    field.question = question
    return field


class QuestionsForm(forms.Form):
    """The questions step's form, its fields named by Question.field_name. Files are
    checked as the files step checks them: each through nominations.uploads, then the
    nomination's count and size limits (counting the file an upload replaces as gone) and
    the account's hourly count; services.add_files checks the account's limits again."""

    def __init__(self, *args, questions, nomination, **kwargs):
        answers = stored_answers(nomination)
        kwargs["initial"] = {q.field_name: answers[q.id].value for q in questions if q.id in answers and not q.is_file}
        super().__init__(*args, **kwargs)
        self.questions, self.nomination, self.uploads = questions, nomination, {}
        for question in questions:
            self.fields[question.field_name] = _field(question)

    def clean(self):
        cleaned = super().clean()
        self.uploads = self._validate_uploads(cleaned)
        return cleaned

    def values(self):
        return {q.id: self.cleaned_data.get(q.field_name) for q in self.questions if not q.is_file}

    def _validate_uploads(self, cleaned):
        uploads = {}
        for question in self.questions:
            if question.is_file and cleaned.get(question.field_name):
                try:
                    uploads[question.id] = validate_upload(cleaned[question.field_name])
                except ValidationError as error:
                    self.add_error(question.field_name, error)
        if not uploads:
            return {}
        kept = [f for f in self.nomination.files.all() if f.question_id not in uploads]
        refusal = None
        if len(kept) + len(uploads) > settings.NOMINATION_MAX_FILES:
            refusal = _("A nomination can have at most %(max)s files; it has %(count)s already.") % {
                "max": settings.NOMINATION_MAX_FILES,
                "count": len(kept),
            }
        elif (
            sum(f.size for f in kept) + sum(len(u.content) for u in uploads.values())
            > settings.NOMINATION_MAX_TOTAL_BYTES
        ):
            refusal = _("All files together may take at most %(mb)s MB.") % {
                "mb": settings.NOMINATION_MAX_TOTAL_BYTES // (1024 * 1024)
            }
        else:
            refusal = upload_refusal(nominator=self.nomination.nominator, files=len(uploads), size=0)
        if refusal:
            self.add_error(None, refusal)
            return {}
        return uploads


class RemoveFileForm(forms.Form):
    """Which file question's file to remove: only one of the call's own file questions."""

    remove_file = forms.ChoiceField()

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_file"].choices = [(question.id, question.id) for question in questions if question.is_file]
