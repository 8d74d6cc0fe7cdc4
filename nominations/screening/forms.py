"""The screening actions: accept, return for amendment, reject, and their forms."""

from dataclasses import dataclass
from datetime import timedelta

from django_fsm import has_transition_perm

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.widgets import AdminDateTimeInput

from nominations.models import NominationState

S = NominationState


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional. Kept in the nomination's history; it is not sent to the nominator."),
    )


class RejectForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Which eligibility rule the nomination does not meet. The nominator reads this."),
    )


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the nominator"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What to change or add before resubmitting. The nominator reads this."),
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("Amendment deadline"),
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("The nominator must resubmit before this date and time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        week_from_now = timezone.localtime() + timedelta(days=7)
        self.fields["deadline"].initial = week_from_now.replace(second=0, microsecond=0)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("Set an amendment deadline in the future."))
        return deadline


@dataclass(frozen=True)
class ScreeningAction:
    name: str  # the action for services.screen
    transition: str  # the Nomination transition it fires
    url_name: str  # the view's name in the viewset's URL namespace
    path: str
    label: str
    submit_label: str
    form_class: type
    button_class: str = "button"  # the link on the inspect view
    submit_class: str = "button"  # the form's submit button

    def is_available(self, nomination, user):
        return has_transition_perm(getattr(nomination, self.transition), user)

    def success_message(self, nomination):
        if self.name == "accept":
            return _("Nomination %(ref)s is accepted as eligible. The nominator will be told by email.") % {
                "ref": nomination.reference
            }
        if self.name == "reject":
            return _("Nomination %(ref)s is rejected as ineligible. The nominator will be told by email.") % {
                "ref": nomination.reference
            }
        return _(
            "Nomination %(ref)s is returned for amendment until %(date)s. The nominator will be told by email."
        ) % {
            "ref": nomination.reference,
            "date": date_format(timezone.localtime(nomination.amendment_deadline), "DATETIME_FORMAT"),
        }


SCREENING_ACTIONS = (
    ScreeningAction(
        name="accept",
        transition="accept",
        url_name="accept",
        path="accept",
        label=gettext_lazy("Accept"),
        submit_label=gettext_lazy("Accept as eligible"),
        form_class=AcceptForm,
    ),
    ScreeningAction(
        name="return",
        transition="return_for_amendment",
        url_name="return_for_amendment",
        path="return",
        label=gettext_lazy("Return for amendment"),
        submit_label=gettext_lazy("Return for amendment"),
        form_class=ReturnForm,
        button_class="button button-secondary",
    ),
    ScreeningAction(
        name="reject",
        transition="reject",
        url_name="reject",
        path="reject",
        label=gettext_lazy("Reject as ineligible"),
        submit_label=gettext_lazy("Reject as ineligible"),
        form_class=RejectForm,
        button_class="button button-secondary serious",
        submit_class="button serious",
    ),
)
