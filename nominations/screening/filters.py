"""Filters for the nominations listing in the Wagtail admin."""

import django_filters

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

from nominations.models import AwardCycle, Category, Nomination, NominationState, NomineeType, Region

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

    class Meta:
        model = Nomination
        fields = ["cycle", "category", "state", "nominee_type", "region"]
