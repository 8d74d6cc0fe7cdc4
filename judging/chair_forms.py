"""The chair's and awards administrators' small POST forms on the judging pages: reopening
scores, signing off a ranking, deciding a ranked nomination and undoing a decision. They
only check what was posted (the field names are the templates'); judging.services and
judging.decisions decide whether it may be done, and say why not in their own words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from judging.models import AwardLevel

# As long as the pages' own inputs allow (maxlength in templates/judging/chair/).
REOPEN_REASON_MAX = 1000
NOTE_MAX = 2000


def first_error(form):
    """The form's first error, for the message shown after the redirect to the page."""
    for errors in form.errors.values():
        return errors[0]
    return ""


class ReopenForm(forms.Form):
    # Not required here: an empty reason gets the service's own words (reopen_assignment).
    reason = forms.CharField(required=False, max_length=REOPEN_REASON_MAX)


class SignOffForm(forms.Form):
    note = forms.CharField(required=False, max_length=NOTE_MAX)


class UndoDecisionForm(forms.Form):
    # Not required here: an empty reason gets judging.decisions.undo_decision's words.
    reason = forms.CharField(required=False, max_length=NOTE_MAX)


class DecisionForm(forms.Form):
    """A decision on a ranked nomination: the outcome (one of the round's), the award level
    for a commendation (one of the cycle's; judging.decisions.decide asks for it) and the
    reason for deciding with fewer scores than required."""

    outcome = forms.CharField(required=False)
    level = forms.CharField(required=False)
    override_reason = forms.CharField(required=False, max_length=NOTE_MAX)

    def __init__(self, *args, round_, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.outcomes = outcomes

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"]
        if outcome not in self.outcomes:
            raise forms.ValidationError(_("This decision does not belong to this round."), code="outcome")
        return outcome

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level") or ""
        cleaned["level"] = None
        # Looked up for a commendation only; a level that is not the cycle's (or not a
        # number) counts as none, and judging.decisions.decide then asks for one.
        if cleaned.get("outcome") == "commend" and level.isdigit() and len(level) < 19:
            cleaned["level"] = AwardLevel.objects.filter(cycle_id=self.round.cycle_id, pk=int(level)).first()
        return cleaned
