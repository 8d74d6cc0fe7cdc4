"""Filters for the nominations listing in the Wagtail admin."""

import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

from nominations import predicates
from nominations.models import AwardCycle, Category, Nomination, NominationState, NomineeType, Region
from nominations.screening import duplicates

# Drafts never reach the admin listing, so they are not offered as a filter either.
SCREENED_STATES = [(value, label) for value, label in NominationState.choices if value != NominationState.DRAFT]


class NominationFilterSet(WagtailFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"), field_name="call__cycle", queryset=AwardCycle.objects.all(), empty_label=_("All")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), field_name="call__category", queryset=Category.objects.all(), empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=SCREENED_STATES, widget=forms.RadioSelect, empty_label=_("All")
    )
    nominee_type = django_filters.ChoiceFilter(
        label=_("Nominee type"), choices=NomineeType.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, widget=forms.RadioSelect, empty_label=_("All")
    )

    possible_duplicates = django_filters.ChoiceFilter(
        label=_("Possible duplicates"),
        choices=[("yes", _("Only possible duplicates"))],
        widget=forms.RadioSelect,
        empty_label=_("All"),
        method="filter_possible_duplicates",
    )

    class Meta:
        model = Nomination
        fields = ["cycle", "category", "state", "nominee_type", "region", "possible_duplicates"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not predicates.is_awards_office(request.user):
            # Editors read only winners; duplicates are a screening question.
            del self.filters["possible_duplicates"]

    def filter_possible_duplicates(self, queryset, name, value):
        # Same nominee and organisation in one cycle (nominations.screening.duplicates).
        if value != "yes":
            return queryset
        return queryset.filter(pk__in=duplicates.duplicate_ids())
