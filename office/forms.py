"""The form an awards administrator writes a message to nominators with: who (filters) and
what (subject and body in Chinese and English; each person reads their own language's, or
the other one's where a part was left empty)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from nominations.models import AwardCycle, Category, NominationState
from nominations.models.choices import RESULT_STATES

MAX_DAYS = 366


class MessageForm(forms.Form):
    cycle = forms.ModelChoiceField(
        label=_("Cycle"), queryset=AwardCycle.objects.all(), required=False, empty_label=_("Any cycle")
    )
    category = forms.ModelChoiceField(
        label=_("Call (category)"), queryset=Category.objects.all(), required=False, empty_label=_("Any category")
    )
    states = forms.MultipleChoiceField(
        label=_("Nomination state"),
        choices=NominationState.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every state."),
    )
    closes_within_days = forms.IntegerField(
        label=_("The call closes within (days)"),
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        help_text=_("Only nominations in calls still open that close within this many days. Empty: any call."),
    )
    subject_zh_hans = forms.CharField(label=_("Subject (Chinese)"), max_length=200, required=False)
    body_zh_hans = forms.CharField(
        label=_("Message (Chinese)"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Message (English)"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    greet = forms.BooleanField(
        label=_("Begin with the greeting by name"),
        required=False,
        initial=True,
        help_text=_('"Dear <name>," in the person\'s language, before the message.'),
    )
    # One key per message being written: a second "Send" with the same key sends nothing more.
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    text_fields = ("subject_zh_hans", "body_zh_hans", "subject_en", "body_en")

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        if not (data.get("subject_zh_hans") or data.get("subject_en")):
            self.add_error("subject_zh_hans", _("Write the subject in at least one language."))
        if not (data.get("body_zh_hans") or data.get("body_en")):
            self.add_error("body_zh_hans", _("Write the message in at least one language."))
        states = set(data.get("states") or ())
        if states & RESULT_STATES:
            cycle = data.get("cycle")
            if cycle is None or not cycle.is_announced():
                # Choosing people by a result they have not been told would tell them.
                self.add_error(
                    "states",
                    _(
                        "Shortlisted, commended and the other results stay secret until the cycle's "
                        "announcement: choose a cycle whose results are announced to write by result."
                    ),
                )
        return data

    def texts(self):
        return {name: self.cleaned_data[name] for name in self.text_fields}


class ConfirmForm(MessageForm):
    """The same fields, sent again from the preview, with the number of people the
    administrator was shown: if it changed meanwhile, the preview is shown again."""

    people = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
