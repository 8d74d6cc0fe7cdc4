"""Forms and filters for the expert pool in the Wagtail admin (judging.experts.admin_viewsets):
a profile's languages as checkboxes of the site's languages, and the filters of the pool's
and the cycle statements' listings."""

import django_filters

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from core.locales import in_site_order
from judging.models import CycleStatement, ExpertiseKeyword, JudgeProfile
from judging.models.pool import AffiliationKind
from nominations.models import AwardCycle, Category
from nominations.models.choices import Region


def language_choices():
    return list(settings.LANGUAGES)


class JudgeProfileAdminForm(WagtailAdminModelForm):
    """The languages an expert judges in: only the site's languages, kept in their order."""

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the expert can read nominations and write comments in."),
    )

    def clean_languages(self):
        return in_site_order(self.cleaned_data.get("languages"))


class JudgeProfileFilterSet(WagtailFilterSet):
    affiliation_kind = django_filters.ChoiceFilter(
        label=_("kind of body"), choices=AffiliationKind.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    region = django_filters.ChoiceFilter(
        label=_("region"), choices=Region.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    expertise = django_filters.ModelMultipleChoiceFilter(
        label=_("expertise"), queryset=Category.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    keywords = django_filters.ModelMultipleChoiceFilter(
        label=_("fields of expertise"), queryset=ExpertiseKeyword.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    listed_publicly = django_filters.BooleanFilter(label=_("listed on the public site"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = JudgeProfile
        fields = ["affiliation_kind", "region", "expertise", "keywords", "listed_publicly", "active"]


class CycleStatementFilterSet(WagtailFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("cycle"), queryset=AwardCycle.objects.order_by("-year"), empty_label=_("All")
    )
    # exclude=True: "yes" leaves out the statements without a confirmation, "no" keeps only them.
    confirmed = django_filters.BooleanFilter(
        label=_("interests confirmed"), field_name="confirmed_at", lookup_expr="isnull", exclude=True
    )
    available = django_filters.BooleanFilter(label=_("available to judge this cycle"))

    class Meta:
        model = CycleStatement
        fields = ["cycle", "confirmed", "available"]
