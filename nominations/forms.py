from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.honeypot import HoneypotFormMixin
from nominations.limits import upload_refusal
from nominations.models import Nomination
from nominations.models.choices import Region
from nominations.models.nomination import ordered_regions, required_fields
from nominations.uploads import validate_upload

# The form's steps in order: (slug, label, fields). Every field may stay blank in a draft;
# what a submission needs is checked on the review page (Nomination.missing).
STEPS = [
    (
        "nominee",
        _("Nominee"),
        [
            "nominee_type",
            "nominee_name",
            "nominee_organisation",
            "nominee_email",
            "nominee_phone",
            "region",
            "partner_organisations",
            "partner_regions",
            "team_members",
        ],
    ),
    ("innovation", _("Innovation"), ["title", "summary", "description", "novelty"]),
    ("impact", _("Impact"), ["results", "stage", "evidence"]),
    ("files", _("Files"), []),
    # Only for a call that asks questions of its own (nominations.questions.steps_for).
    ("questions", _("Questions for this call"), []),
    ("declarations", _("Declarations"), ["relation", "declaration_true", "consent_processing", "consent_public_name"]),
]
STEP_SLUGS = [slug for slug, _label, _fields in STEPS]
STEP_OF_FIELD = {field: slug for slug, _label, fields in STEPS for field in fields}

RADIO_FIELDS = {"nominee_type", "stage", "relation"}
LONG_TEXT_ROWS = {"summary": 3, "partner_organisations": 3, "team_members": 4}


class RegionsField(forms.MultipleChoiceField):
    """Regions ticked as boxes, kept in the Region order, once each (an unknown code is an error)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=Region.choices, required=False, **kwargs)

    def clean(self, value):
        return ordered_regions(super().clean(value))


class StepForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "partner_regions" in self.fields:
            self.fields["partner_regions"] = RegionsField(
                label=_("Regions of the partner organisations"),
                help_text=_("Tick every region your partner organisations are in."),
            )
        for name, field in self.fields.items():
            if name in RADIO_FIELDS:
                field.widget = forms.RadioSelect(choices=[c for c in field.choices if c[0]])
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = LONG_TEXT_ROWS.get(name, 8)
            if getattr(field, "max_length", None):
                # Let the browser count too; the server checks regardless.
                field.widget.attrs["maxlength"] = field.max_length
        # The asterisks: what every nomination must answer (Nomination.missing asks the same rule).
        needed = {name for _step, name in required_fields()}
        for name, field in self.fields.items():
            field.needed = name in needed
        if "consent_processing" in self.fields:
            self.fields["consent_processing"].help_text = _(
                "You declare that you told the nominee about this nomination. They will also be "
                "asked themselves, by email, whether they agree to be nominated."
            )
        if "consent_public_name" in self.fields:
            self.fields["consent_public_name"].help_text = _(
                "As far as you know. Only the nominee's own answer, asked by email, allows publishing "
                "their name, photographs and story."
            )


def step_form_class(slug):
    fields = {s: f for s, _label, f in STEPS}[slug]
    return forms.modelform_factory(Nomination, form=StepForm, fields=fields)


class StartForm(HoneypotFormMixin, step_form_class("nominee")):
    """The first step of a new nomination, the one anyone signed in can post to make a
    draft: with the honeypot field against bots."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Add files"),
        required=False,
        help_text=_("Photographs (JPEG, PNG, WebP) or PDF documents, up to %(mb)s MB each.")
        % {"mb": settings.NOMINATION_MAX_FILE_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, nomination, **kwargs):
        self.nomination = nomination
        super().__init__(*args, **kwargs)

    def clean_files(self):

        uploads = self.cleaned_data["files"]
        existing = self.nomination.files.count()
        if existing + len(uploads) > settings.NOMINATION_MAX_FILES:
            raise ValidationError(
                _("A nomination can have at most %(max)s files; it has %(count)s already."),
                params={"max": settings.NOMINATION_MAX_FILES, "count": existing},
            )
        # The account's hourly count, before any file is decoded (services.add_files checks
        # every account limit again, with the account locked, before storing).
        if uploads and (refusal := upload_refusal(nominator=self.nomination.nominator, files=len(uploads), size=0)):
            raise ValidationError(refusal)
        validated, errors = [], []
        for upload in uploads:
            try:
                validated.append(validate_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        total = sum(f.size for f in self.nomination.files.all()) + sum(len(v.content) for v in validated)
        if total > settings.NOMINATION_MAX_TOTAL_BYTES:
            raise ValidationError(
                _("All files together may take at most %(mb)s MB."),
                params={"mb": settings.NOMINATION_MAX_TOTAL_BYTES // (1024 * 1024)},
            )
        return validated


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"), required=False, max_length=500, widget=forms.Textarea
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class NomineeConsentForm(forms.Form):
    """The nominee's two questions; their labels are the wording recorded with the answers
    (nominations.consent.wording)."""

    nomination = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    publication = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Optional. Without your agreement nothing about you is published."),
    )

    def __init__(self, *args, nomination_wording, publication_wording, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].label = nomination_wording
        self.fields["publication"].label = publication_wording

    def answers(self):
        agrees = self.cleaned_data["nomination"] == "yes"
        return agrees, agrees and self.cleaned_data.get("publication") == "yes"
