"""The judge's statement for a cycle (judging.views.statement): available or not, how many
nominations they can take, their standing interests as rows (a blank row is left out, a
row can be removed), and the confirmation that these are all of them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from judging.experts.statements import MAX_INTERESTS
from judging.models import InterestRelation

YES, NO = "yes", "no"
# Rows shown empty under the judge's interests (a script adds more; saving gives more too).
EMPTY_ROWS = 3
CONFIRM_WORDS = _("These are all the organisations I work for, advise or own a share of")


class StatementForm(forms.Form):
    available = forms.TypedChoiceField(
        label=_("Are you available to judge in this cycle?"),
        choices=[(YES, _("Yes")), (NO, _("No, not in this cycle"))],
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you are available in this cycle.")},
    )
    capacity = forms.IntegerField(
        label=_("Most nominations I can take"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Leave empty for no limit."),
    )
    confirm = forms.BooleanField(
        label=CONFIRM_WORDS,
        required=False,
        help_text=_("Needed before you score: tick it once the list below is complete, even if it is empty."),
    )


class InterestForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    relation = forms.ChoiceField(
        label=_("How you are linked to it"),
        choices=[("", "—"), *InterestRelation.choices],
        required=False,
    )

    def clean(self):
        cleaned_data = super().clean()
        if (cleaned_data.get("organisation") or "").strip() and not cleaned_data.get("relation"):
            self.add_error("relation", _("Say how you are linked to this organisation."))
        return cleaned_data

    @property
    def pair(self):
        """(organisation, relation), or None for a blank or removed row."""
        data = getattr(self, "cleaned_data", {})
        organisation = (data.get("organisation") or "").strip()
        if not organisation or data.get("DELETE"):
            return None
        return organisation, data.get("relation")


class BaseInterestFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def clean(self):
        if len(self.pairs()) > MAX_INTERESTS:
            raise forms.ValidationError(
                _("Name at most %(count)s organisations.") % {"count": MAX_INTERESTS}, code="too_many"
            )

    def pairs(self):
        return [form.pair for form in self.forms if form.pair is not None]


InterestFormSet = forms.formset_factory(
    InterestForm,
    formset=BaseInterestFormSet,
    extra=EMPTY_ROWS,
    can_delete=True,
    # Rows the page may carry: the limit plus empty ones (more is a form error, not a 500).
    max_num=MAX_INTERESTS + 20,
    absolute_max=MAX_INTERESTS + 20,
)


def interest_formset(statement=None, data=None):
    """The rows: the statement's interests (none without one), then empty rows. A POST's
    rows are what it carries, compared with nothing (a second click, sent from the page
    as it was before the first, means the same rows), and a blank row is valid."""
    if data is not None:
        return InterestFormSet(data=data, prefix="interests", form_kwargs={"empty_permitted": False})
    interests = statement.interests.all() if statement is not None else []
    initial = [{"organisation": i.organisation, "relation": i.relation} for i in interests]
    return InterestFormSet(initial=initial, prefix="interests")
