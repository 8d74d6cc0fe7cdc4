"""Forms and filters for judging in the Wagtail admin (see judging.wagtail_hooks)."""

import django_filters

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from judging.conflicts import detect
from judging.models import Assignment, AssignmentState, Conflict, JudgeProfile, Round, Score
from nominations.models import Nomination, NominationState


def judges():
    return JudgeProfile.objects.select_related("user")


class PanelAdminForm(WagtailAdminModelForm):
    """A panel's chair must be one of its members."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "chair"):
            if name in self.fields:
                self.fields[name].queryset = judges()

    def clean(self):
        cleaned_data = super().clean()
        chair, members = cleaned_data.get("chair"), cleaned_data.get("members")
        if chair is not None and members is not None and chair not in members:
            self.add_error("chair", _("The chair must be one of the panel's members: tick them as a member too."))
        return cleaned_data


class RoundAdminForm(WagtailAdminModelForm):
    """A round with its criteria inline. A criterion that judges have scored cannot be
    removed or have its scale changed: their scores would be lost or out of range."""

    def is_valid(self):
        valid = super().is_valid()
        if not self.instance.pk or "criteria" not in self.formsets:
            return valid
        scored = set(Score.objects.filter(criterion__round=self.instance).values_list("criterion_id", flat=True))
        formset = self.formsets["criteria"]
        for form in formset.initial_forms:
            if form.instance.pk not in scored:
                continue
            if formset.can_delete and formset._should_delete_form(form):
                self.add_error(
                    None,
                    _("“%(name)s” has scores: it cannot be removed.") % {"name": form.instance.name},
                )
                valid = False
            elif {"scale_min", "scale_max"} & set(form.changed_data):
                self.add_error(
                    None,
                    _("“%(name)s” has scores: its scale cannot change.") % {"name": form.instance.name},
                )
                valid = False
        return valid


class AssignmentAdminForm(WagtailAdminModelForm):
    """Assigns one judge to one nomination by hand: never a conflicted pair."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.select_related("cycle").filter(closed_at__isnull=True)
        self.fields["judge"].queryset = judges().filter(active=True)
        self.fields["nomination"].queryset = (
            Nomination.objects.filter(state__in=[NominationState.ELIGIBLE, NominationState.SHORTLISTED])
            .select_related("nominator", "call")
            .order_by("reference")
        )

    def clean(self):
        cleaned_data = super().clean()
        round_, nomination, judge = (cleaned_data.get(name) for name in ("round", "nomination", "judge"))
        if round_ is None or nomination is None or judge is None:
            return cleaned_data
        if nomination.call.cycle_id != round_.cycle_id:
            self.add_error("nomination", _("This nomination belongs to another cycle than the round."))
        elif nomination.state != round_.nomination_state:
            self.add_error(
                "nomination",
                _("%(round)s judges %(state)s nominations; this one is “%(current)s”.")
                % {
                    "round": round_.get_number_display(),
                    "state": NominationState(round_.nomination_state).label.lower(),
                    "current": nomination.get_state_display(),
                },
            )
        conflict = Conflict.objects.filter(judge=judge, nomination=nomination).first()
        reasons = [conflict.reason] if conflict else detect(judge, nomination)
        if reasons:
            self.add_error(
                "judge",
                _("%(judge)s has a conflict of interest with %(nomination)s and cannot judge it: %(reasons)s")
                % {"judge": judge, "nomination": nomination.reference, "reasons": " ".join(reasons)},
            )
        return cleaned_data


class CloseRoundForm(forms.Form):
    override_reason = forms.CharField(
        label=gettext_lazy("Reason for closing with unscored work"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Needed only if some assignments are not submitted: it is kept with the round. "
            "Scores that are not submitted do not count."
        ),
    )


class AssignmentFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Round"), queryset=Round.objects.select_related("cycle"), empty_label=gettext_lazy("All")
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=AssignmentState.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("All"),
    )
    judge = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Judge"), queryset=judges(), empty_label=gettext_lazy("All")
    )

    class Meta:
        model = Assignment
        fields = ["round", "state", "judge"]


class ConflictFilterSet(WagtailFilterSet):
    source = django_filters.ChoiceFilter(
        label=gettext_lazy("Source"),
        choices=Conflict.Source.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("All"),
    )
    judge = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Judge"), queryset=judges(), empty_label=gettext_lazy("All")
    )

    class Meta:
        model = Conflict
        fields = ["source", "judge"]
