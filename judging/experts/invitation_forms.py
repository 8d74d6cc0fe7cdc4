"""The admin's forms for invitations to the expert pool: "Invite experts" (a pasted list or
a spreadsheet, read by judging.experts.invitation_rows), the listing's filter by state,
and the confirmation of "Resend" and "Withdraw"."""

import django_filters

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet

from judging.experts.invitation_queries import state_filter
from judging.experts.invitation_rows import MAX_ROWS, FileRefused, parse_file, parse_text
from judging.models import ExpertInvitation, InvitationState
from nominations.models import Category


class InviteExpertsForm(forms.Form):
    experts = forms.CharField(
        label=gettext_lazy("Experts, one a line"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "An email address; or Name <email>; or email, name, organisation, language (zh-hans or en). "
            "At most 500 a time."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Or a spreadsheet"),
        required=False,
        help_text=gettext_lazy(
            ".csv or .xlsx, at most 1 MB, with a first row naming the columns: email, name, organisation, "
            "language, categories (or 邮箱, 姓名, 单位, 语言, 类别)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the emails"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("For the experts whose line names no language."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Suggested categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Named in the email, for the experts whose row names none. On accepting, an expert joins "
            "the panels of these categories (in cycles not yet announced) that they name as their expertise."
        ),
    )
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("For the experts whose line names none (e.g. all from one university)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = settings.LANGUAGE_CODE

    def clean(self):
        cleaned_data = super().clean()
        text, upload = cleaned_data.get("experts", ""), cleaned_data.get("file")
        if self.errors:
            return cleaned_data
        if text.strip() and upload:
            raise forms.ValidationError(_("Paste a list or upload a file, not both."))
        if upload:
            try:
                rows, errors = parse_file(upload)
            except FileRefused as refused:
                self.add_error("file", str(refused))
                return cleaned_data
            field = "file"
        elif text.strip():
            rows, errors = parse_text(text)
            field = "experts"
        else:
            raise forms.ValidationError(
                _("Paste the experts' addresses or upload a spreadsheet (at most %(max)d).") % {"max": MAX_ROWS}
            )
        if errors:
            self.add_error(field, errors)
        cleaned_data["rows"] = rows
        return cleaned_data


STATE_CHOICES = [(state.value, state.label) for state in InvitationState]


class InvitationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=STATE_CHOICES,
        method="filter_state",
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("All"),
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES, empty_label=gettext_lazy("All")
    )

    class Meta:
        model = ExpertInvitation
        fields = ["state", "language"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_filter(InvitationState(value))) if value else queryset


class ConfirmForm(forms.Form):
    """Resend or withdraw: a POST with its CSRF token, nothing more to say."""
