"""The screening actions: accept, return for amendment, reject, reopen a decision, and
their forms; the form for an internal note."""

from dataclasses import dataclass
from datetime import timedelta

from django_fsm import has_transition_perm

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.widgets import AdminDateTimeInput

from nominations import predicates
from nominations.models import NominationState
from nominations.screening.services import reopen_refusal, reopen_screening
from nominations.services import screen

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


class ReopenForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Why the decision is reopened. Kept in the nomination's history for the office; "
            "it is not sent to the nominator."
        ),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Only the awards office reads notes: never the nominator, judges or editors. "
            "A note cannot be edited or deleted later; to correct one, add another."
        ),
    )


# What each decision does at once, what cannot be undone, and how to undo it: shown on
# the form page (and the bulk confirmation) before anyone clicks.
ACCEPT_CONSEQUENCE = gettext_lazy(
    "The nominator is emailed at once that the nomination goes forward to the judges. "
    "Only an awards administrator can reopen the decision, and only until judges are assigned to it."
)
RETURN_CONSEQUENCE = gettext_lazy(
    "The nominator is emailed your message at once and can edit and resubmit until the deadline. "
    "The email cannot be taken back; only an awards administrator can reopen the decision, "
    "which sends the nomination back to screening and tells the nominator."
)
REJECT_CONSEQUENCE = gettext_lazy(
    "The nominator is emailed the reason at once and the nomination leaves the awards. "
    "The email cannot be taken back; only an awards administrator can reopen the decision, "
    "which sends the nomination back to screening and tells the nominator."
)
REOPEN_CONSEQUENCE = gettext_lazy(
    "The nomination goes back to “Submitted” and waits for screening again; the earlier decision's "
    "message and amendment deadline no longer apply. The nominator is emailed at once that the decision "
    "is reopened (not your reason). To undo, screen it again."
)


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
    consequence: str = ""  # what happens at once, what cannot be undone, how to undo
    permission: object = predicates.can_screen  # who may open the form at all

    def is_available(self, nomination, user):
        return has_transition_perm(getattr(nomination, self.transition), user)

    def unavailable_reason(self, nomination, user):
        """Why this action cannot be taken now, in words, or None."""
        if self.name == "reopen":
            return reopen_refusal(nomination, user)
        if self.is_available(nomination, user):
            return None
        return _("This action is not available: the nomination is “%(state)s”.") % {
            "state": nomination.get_state_display()
        }

    def perform(self, *, nomination_id, user, data):
        if self.name == "reopen":
            return reopen_screening(nomination_id=nomination_id, user=user, reason=data.get("message", ""))
        return screen(
            nomination_id=nomination_id,
            user=user,
            action=self.name,
            message=data.get("message", ""),
            deadline=data.get("deadline"),
        )

    def success_message(self, nomination):
        if self.name == "reopen":
            return _(
                "The screening decision on %(ref)s is reopened: it is waiting for screening again. "
                "The nominator will be told by email."
            ) % {"ref": nomination.reference}
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
        consequence=ACCEPT_CONSEQUENCE,
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
        consequence=RETURN_CONSEQUENCE,
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
        consequence=REJECT_CONSEQUENCE,
    ),
    ScreeningAction(
        name="reopen",
        transition="reopen_screening",
        url_name="reopen_screening",
        path="reopen",
        label=gettext_lazy("Reopen the screening decision"),
        submit_label=gettext_lazy("Yes, reopen the decision"),
        form_class=ReopenForm,
        button_class="button button-secondary",
        consequence=REOPEN_CONSEQUENCE,
        permission=predicates.can_reopen_screening,
    ),
)
