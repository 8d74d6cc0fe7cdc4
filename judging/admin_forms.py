"""Forms and filters for judging in the Wagtail admin (see judging.wagtail_hooks)."""

import django_filters

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from core.bilingual import column, languages, two_language_form
from judging import services
from judging.conflicts import detect
from judging.experts.statements import attach_interests
from judging.models import Assignment, AssignmentState, Conflict, JudgeProfile, Round, Score
from judging.rubrics import copy_sources, rubric_frozen
from nominations.models import Category, Nomination, NominationState


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


# A criterion's name in either language is part of the rubric a judge reads.
RUBRIC_FIELDS = (*(column("name", lang) for lang in languages()), "weight", "scale_min", "scale_max")


class RoundAdminForm(WagtailAdminModelForm):
    """A round with its criteria inline. A criterion that judges have scored can never be
    removed or have its scale changed (its stored scores would change meaning). Once a
    score is submitted in the round the rubric is frozen: any change to the criteria
    (name, weight, scale, adding, removing) needs a written reason, and is then recorded
    as a new rubric version; a criterion added reopens the submitted assignments."""

    rubric_change_reason = forms.CharField(
        label=gettext_lazy("Reason for a new rubric version"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Needed only to change the criteria after scores were submitted: the change is kept "
            "as a new rubric version with this reason. Adding a criterion reopens every submitted "
            "assignment so its judge scores it."
        ),
    )

    rubric_change = None  # set by is_valid: (reason, criteria added) for save

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "criteria" in self.formsets:
            # Each criterion in both languages, its name needed in the default one.
            self.formsets["criteria"].form = two_language_form(self.formsets["criteria"].form)
        if not self.instance.pk:
            del self.fields["rubric_change_reason"]  # a new round has no rubric to version

    def clean(self):
        cleaned_data = super().clean()
        # Its assignments were made for the nominations its stage judges.
        if (
            self.instance.pk
            and "stage" in self.changed_data
            and Assignment.objects.filter(round=self.instance).exists()
        ):
            self.add_error("stage", _("Judges are assigned in this round: its stage can no longer change."))
        return cleaned_data

    def is_valid(self):
        valid = super().is_valid()
        if not self.instance.pk or "criteria" not in self.formsets:
            return valid
        formset = self.formsets["criteria"]
        if not all(hasattr(form, "cleaned_data") for form in formset.forms):
            return valid
        scored = set(Score.objects.filter(criterion__round=self.instance).values_list("criterion_id", flat=True))
        changed, added = False, False
        for form in formset.initial_forms:
            deleted = formset.can_delete and formset._should_delete_form(form)
            if form.instance.pk in scored:
                if deleted:
                    self.add_error(
                        None,
                        _("“%(name)s” has scores: it cannot be removed, even with a reason.")
                        % {"name": form.instance.name},
                    )
                    valid = False
                elif {"scale_min", "scale_max"} & set(form.changed_data):
                    self.add_error(
                        None,
                        _(
                            "“%(name)s” has scores: its scale cannot change, even with a reason "
                            "(the scores given would change meaning)."
                        )
                        % {"name": form.instance.name},
                    )
                    valid = False
            changed = changed or deleted or bool(set(RUBRIC_FIELDS) & set(form.changed_data))
        for form in formset.extra_forms:
            if form.has_changed() and not (formset.can_delete and formset._should_delete_form(form)):
                changed = added = True
        if not changed or not self._rubric_frozen():
            return valid
        reason = (getattr(self, "cleaned_data", {}).get("rubric_change_reason") or "").strip()
        if not reason:
            self.add_error(
                "rubric_change_reason",
                _(
                    "Scores have been submitted in this round, so its rubric is frozen. To change the "
                    "criteria, give the reason for a new rubric version; otherwise leave them as they were."
                ),
            )
            valid = False
        if valid and added and not self.instance.is_open():
            self.add_error(
                None,
                _("A criterion can be added only while the round is open, so that the judges can score it."),
            )
            valid = False
        if valid:
            self.rubric_change = (reason, added)
        return valid

    def _rubric_frozen(self):
        return rubric_frozen(self.instance)

    def save(self, commit=True):
        if self.instance.pk:
            # The admin saves in a transaction: lock the round against a first submission.
            Round.objects.select_for_update().filter(pk=self.instance.pk).first()
        instance = super().save(commit=commit)
        if commit and self.rubric_change:
            reason, added = self.rubric_change
            services.change_rubric(round_id=instance.pk, user=self.for_user, reason=reason, criteria_added=added)
        return instance


class AssignmentAdminForm(WagtailAdminModelForm):
    """Assigns one judge to one nomination by hand: never a conflicted pair."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.select_related("cycle").filter(closed_at__isnull=True)
        self.fields["judge"].queryset = judges().filter(JudgeProfile.judging_filter())
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
        if conflict is None:
            attach_interests([judge], round_.cycle_id)  # the standing interests count too
        reasons = [conflict.reason] if conflict else detect(judge, nomination)
        if reasons:
            self.add_error(
                "judge",
                _("%(judge)s has a conflict of interest with %(nomination)s and cannot judge it: %(reasons)s")
                % {"judge": judge, "nomination": nomination.reference, "reasons": " ".join(reasons)},
            )
        return cleaned_data


class SourceRoundField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ngettext("%(round)s (%(count)d criterion)", "%(round)s (%(count)d criteria)", obj.criterion_count) % {
            "round": obj,
            "count": obj.criterion_count,
        }


class CopyRubricForm(forms.Form):
    """The round to copy a rubric from (judging.rubrics.copy_sources); `confirmed` is set
    by the confirmation step, which says the round's criteria are replaced."""

    source = SourceRoundField(
        label=gettext_lazy("Copy the criteria of"),
        queryset=Round.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("Any other round of this cycle or of an earlier one, with its number of criteria."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = copy_sources(round_).annotate(criterion_count=Count("criteria"))


class AssignCategoryForm(forms.Form):
    """The category a round's automatic assignment runs in (the round page's hidden field,
    by the category's code)."""

    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        to_field_name="code",
        error_messages={
            "required": gettext_lazy("Choose a category to assign."),
            "invalid_choice": gettext_lazy("Choose a category to assign."),
        },
    )


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
