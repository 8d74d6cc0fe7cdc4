"""The expert pool in the Wagtail admin (items of the Judging menu group, registered by
judging.wagtail_hooks): the experts' profiles, the curated fields of expertise (in both
languages, with how many experts name each), and each cycle's statements by the experts,
read only, so that the office sees who has not confirmed their interests yet."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from core.admin_permissions import LimitedPermissionPolicy
from core.bilingual import TwoLanguageForm, language_row
from core.bilingual_admin import TranslatedTitleIndexView
from core.permission import PredicateRequiredMixin
from judging.admin_views import SiteDateColumn
from judging.experts.admin_forms import CycleStatementFilterSet, JudgeProfileAdminForm, JudgeProfileFilterSet
from judging.models import CycleStatement, ExpertiseKeyword, JudgeProfile
from judging.predicates import manages_judging


class PoolSnippetViewSet(SnippetViewSet):
    """As judging.wagtail_hooks.JudgingViewSet: no copy view, plain selects, no choosers."""

    copy_view_enabled = False

    def register_chooser_viewset(self):
        pass


def _names(objects):
    return ", ".join(str(obj) for obj in objects)


class JudgeProfileViewSet(PoolSnippetViewSet):
    model = JudgeProfile
    icon = "user"
    menu_label = gettext_lazy("Expert pool")
    list_display = [
        "user",
        Column("email", label=gettext_lazy("Email"), accessor="user.email"),
        "title",
        "organisation",
        Column(
            "affiliation_kind",
            label=gettext_lazy("Kind of body"),
            accessor="get_affiliation_kind_display",
            sort_key="affiliation_kind",
        ),
        Column("region", label=gettext_lazy("Region"), accessor="get_region_display", sort_key="region"),
        Column(
            "expertise",
            label=gettext_lazy("Expertise"),
            accessor=lambda judge: ", ".join(category.display_name for category in judge.expertise.all()),
        ),
        Column(
            "keywords", label=gettext_lazy("Fields of expertise"), accessor=lambda judge: _names(judge.keywords.all())
        ),
        SiteDateColumn("joined_at", label=gettext_lazy("Joined"), sort_key="joined_at"),
        BooleanColumn("active", label=gettext_lazy("Active"), sort_key="active"),
    ]
    filterset_class = JudgeProfileFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation", "title", "bio"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("title"), FieldPanel("organisation")]),
            FieldRowPanel([FieldPanel("affiliation_kind"), FieldPanel("region")]),
            FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
            FieldPanel("keywords", widget=forms.CheckboxSelectMultiple),
            FieldPanel("languages"),
            FieldPanel("bio"),
            FieldRowPanel([FieldPanel("listed_publicly"), FieldPanel("active")]),
            FieldPanel("joined_at", read_only=True),
        ],
        base_form_class=JudgeProfileAdminForm,
    )

    def get_queryset(self, request):
        return JudgeProfile.objects.select_related("user").prefetch_related("expertise", "keywords")


class KeywordDeleteView(PredicateRequiredMixin, DeleteView):
    """Deleting a field of expertise takes it off every expert who named it: the page says
    how many before the administrator confirms."""

    predicate = manages_judging
    denied = PermissionDenied

    @property
    def confirmation_message(self):
        count = self.object.experts.count()
        if not count:
            return super().confirmation_message
        return ngettext(
            "%(count)d expert names this field of expertise; deleting it takes it off their profile. Delete it?",
            "%(count)d experts name this field of expertise; deleting it takes it off their profiles. Delete it?",
            count,
        ) % {"count": count}


class ExpertiseKeywordViewSet(PoolSnippetViewSet):
    model = ExpertiseKeyword
    icon = "tag"
    menu_label = gettext_lazy("Fields of expertise")
    index_view_class = TranslatedTitleIndexView
    delete_view_class = KeywordDeleteView
    list_display = [
        "name",
        Column("expert_count", label=gettext_lazy("Experts"), accessor="expert_count", sort_key="expert_count"),
    ]
    edit_handler = ObjectList(
        [
            language_row(
                "name",
                gettext_lazy("Name"),
                help_text=gettext_lazy("A field of expertise beyond the six categories, e.g. hydrogen energy."),
            )
        ],
        base_form_class=TwoLanguageForm,
    )

    def get_queryset(self, request):
        return ExpertiseKeyword.objects.annotate(expert_count=Count("experts"))


def interests_text(statement):
    return "; ".join(str(interest) for interest in statement.interests.all()) or "—"


def capacity_text(statement):
    return _("No limit") if statement.capacity is None else statement.capacity


class CycleStatementViewSet(PoolSnippetViewSet):
    """Read only: the experts write their statements (judging.experts.statements)."""

    model = CycleStatement
    icon = "clipboard-list"
    menu_label = gettext_lazy("Cycle statements")
    inspect_view_enabled = True
    add_to_reference_index = False
    list_display = [
        Column("judge", label=gettext_lazy("Expert"), accessor="judge", sort_key="judge__user__last_name"),
        Column("cycle", label=gettext_lazy("Cycle"), accessor="cycle", sort_key="cycle__year"),
        BooleanColumn("available", label=gettext_lazy("Available"), sort_key="available"),
        Column("capacity", label=gettext_lazy("Most nominations"), accessor=capacity_text),
        SiteDateColumn("confirmed_at", label=gettext_lazy("Interests confirmed"), sort_key="confirmed_at"),
        Column("interests", label=gettext_lazy("Standing interests"), accessor=interests_text),
    ]
    filterset_class = CycleStatementFilterSet
    search_fields = ["judge__user__email", "judge__user__first_name", "judge__user__last_name", "judge__organisation"]
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def permission_policy(self):
        return LimitedPermissionPolicy(self.model, {"view"})

    def get_queryset(self, request):
        return CycleStatement.objects.select_related("judge__user", "cycle").prefetch_related("interests")
