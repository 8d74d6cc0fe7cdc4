"""Judging in the Wagtail admin: a "Judging" menu with the rounds (criteria inline, and
the round's page with "Assign automatically", "Close round" and "Copy a rubric from an
earlier round"), panels, the expert
pool, assignments (listing, manual add and remove), conflicts (read only) and award
levels. Views and forms live in judging.admin_views and judging.admin_forms; the expert
pool's (its profiles, "Pool at a glance", fields of expertise, cycle statements) in
judging.experts.admin_pool and judging.experts.admin_viewsets."""

from django import forms
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_permissions import LimitedPermissionPolicy
from core.bilingual import TwoLanguageForm, language_row
from core.bilingual_admin import TranslatedTitleIndexView
from judging import certificate_admin  # noqa: F401 - the certificates' admin page and its hooks
from judging.admin_forms import (
    AssignmentAdminForm,
    AssignmentFilterSet,
    ConflictFilterSet,
    PanelAdminForm,
    RoundAdminForm,
)
from judging.admin_views import (
    AssignRoundView,
    CloseRoundView,
    CopyRubricView,
    RoundEditView,
    RoundIndexView,
    RoundInspectView,
    SiteDateColumn,
)
from judging.experts.admin_invitations import InvitationViewSet
from judging.experts.admin_pool import PoolViewSet
from judging.experts.admin_viewsets import CycleStatementViewSet, ExpertiseKeywordViewSet, JudgeProfileViewSet
from judging.models import Assignment, AssignmentState, AwardLevel, Conflict, Panel, Round
from judging.rubrics import COPY_ACTION


class JudgingViewSet(SnippetViewSet):
    copy_view_enabled = False

    def register_chooser_viewset(self):
        # Plain selects with lean querysets (see judging.admin_forms) instead of choosers.
        pass


class PanelViewSet(JudgingViewSet):
    model = Panel
    icon = "group"
    menu_label = _("Panels")
    list_display = [
        "__str__",
        Column("chair", label=_("Chair"), accessor="chair", sort_key="chair__user__last_name"),
        Column("member_count", label=_("Members"), accessor="member_count"),
    ]
    list_filter = ["cycle", "category"]
    edit_handler = ObjectList(
        [
            FieldPanel("cycle"),
            FieldPanel("category"),
            FieldPanel("members", widget=forms.CheckboxSelectMultiple),
            FieldPanel(
                "chair", help_text=_("One of the members. Chairs follow the panel's work and can reopen scores.")
            ),
        ],
        base_form_class=PanelAdminForm,
    )

    def get_queryset(self, request):
        return (
            Panel.objects.select_related("cycle", "category", "chair__user")
            .annotate(member_count=Count("members"))
            .order_by("cycle", "category__sort_order")
        )


CRITERION_PANELS = [
    language_row("name", _("Name")),
    language_row("guidance", _("Guidance for judges")),
    FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_min"), FieldPanel("scale_max"), FieldPanel("sort_order")]),
]


class RoundViewSet(JudgingViewSet):
    model = Round
    icon = "date"
    menu_label = _("Rounds")
    index_view_class = RoundIndexView
    edit_view_class = RoundEditView
    inspect_view_class = RoundInspectView
    inspect_view_enabled = True
    inspect_template_name = "judging/admin/round_inspect.html"
    # Dates as written: a closing date ahead must not read "Just now" (SiteDateColumn).
    list_display = [
        "__str__",
        SiteDateColumn("opens_at", label=_("Opens"), sort_key="opens_at"),
        SiteDateColumn("closes_at", label=_("Closes"), sort_key="closes_at"),
        Column("judges_per_nomination", label=_("Judges per nomination")),
        SiteDateColumn("closed_at", label=_("Closed"), sort_key="closed_at"),
    ]
    list_filter = ["cycle", "stage"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("cycle"), FieldPanel("number"), FieldPanel("stage")]),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldRowPanel([FieldPanel("judges_per_nomination"), FieldPanel("blind"), FieldPanel("prefer_mix")]),
            InlinePanel("criteria", panels=CRITERION_PANELS, heading=_("Criteria (the rubric)"), label=_("Criterion")),
            FieldPanel("rubric_change_reason"),
        ],
        base_form_class=RoundAdminForm,
    )

    def get_queryset(self, request):
        return Round.objects.select_related("cycle")

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            assign_url_name=self.get_url_name("assign"),
            close_url_name=self.get_url_name("close"),
            copy_rubric_url_name=self.get_url_name("copy_rubric"),
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(copy_rubric_url_name=self.get_url_name("copy_rubric"), **kwargs)

    @property
    def assign_view(self):
        return self.construct_view(AssignRoundView, inspect_url_name=self.get_url_name("inspect"))

    @property
    def close_view(self):
        return self.construct_view(
            CloseRoundView,
            inspect_url_name=self.get_url_name("inspect"),
            index_url_name=self.get_url_name("list"),
            header_icon="lock",
        )

    @property
    def copy_rubric_view(self):
        return self.construct_view(
            CopyRubricView,
            inspect_url_name=self.get_url_name("inspect"),
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
            header_icon="copy",
        )

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            path(f"assign/<{conv}:pk>/", self.assign_view, name="assign"),
            path(f"close/<{conv}:pk>/", self.close_view, name="close"),
            path(f"copy-rubric/<{conv}:pk>/", self.copy_rubric_view, name="copy_rubric"),
        ]


class AwardLevelViewSet(JudgingViewSet):
    model = AwardLevel
    icon = "pick"
    menu_label = _("Award levels")
    index_view_class = TranslatedTitleIndexView
    list_display = ["name", "cycle", "rank"]
    list_filter = ["cycle"]
    edit_handler = ObjectList(
        [FieldPanel("cycle"), language_row("name", _("Name")), FieldPanel("rank")], base_form_class=TwoLanguageForm
    )

    def get_queryset(self, request):
        return AwardLevel.objects.select_related("cycle")


class AssignmentViewSet(JudgingViewSet):
    """Listing, inspect, add by hand (never a conflicted pair) and remove (only if not
    scored). Never edited here: its state changes only through judging.services."""

    model = Assignment
    icon = "tasks"
    menu_label = _("Assignments")
    inspect_view_enabled = True
    add_to_reference_index = False
    list_display = [
        "__str__",
        Column("round", label=_("Round"), accessor="round"),
        StatusTagColumn(
            "state",
            label=_("State"),
            accessor="get_state_display",
            sort_key="state",
            primary=lambda assignment: assignment.state == AssignmentState.SUBMITTED,
        ),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]
    filterset_class = AssignmentFilterSet
    search_fields = ["nomination__reference", "nomination__title", "judge__user__email", "judge__user__last_name"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [FieldPanel("round"), FieldPanel("nomination"), FieldPanel("judge")], base_form_class=AssignmentAdminForm
    )

    @cached_property
    def permission_policy(self):
        return LimitedPermissionPolicy(self.model, {"view", "add", "delete"})

    def get_queryset(self, request):
        return Assignment.objects.select_related("round__cycle", "judge__user", "nomination")


class ConflictViewSet(JudgingViewSet):
    model = Conflict
    icon = "warning"
    menu_label = _("Conflicts of interest")
    inspect_view_enabled = True
    add_to_reference_index = False
    list_display = [
        "__str__",
        StatusTagColumn("source", label=_("Source"), accessor="get_source_display", sort_key="source"),
        Column("reason", label=_("Reason")),
        DateColumn("created_at", label=_("Recorded"), sort_key="created_at"),
    ]
    filterset_class = ConflictFilterSet
    search_fields = ["nomination__reference", "judge__user__email", "judge__user__last_name", "reason"]
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def permission_policy(self):
        return LimitedPermissionPolicy(self.model, {"view"})

    def get_queryset(self, request):
        return Conflict.objects.select_related("judge__user", "nomination")


class JudgingGroup(SnippetViewSetGroup):
    menu_label = _("Judging")
    menu_icon = "group"
    menu_order = 210
    items = (
        RoundViewSet,
        PanelViewSet,
        PoolViewSet,
        JudgeProfileViewSet,
        ExpertiseKeywordViewSet,
        CycleStatementViewSet,
        InvitationViewSet,
        AssignmentViewSet,
        ConflictViewSet,
        AwardLevelViewSet,
    )


register_snippet(JudgingGroup)


@hooks.register("before_delete_snippet")
def keep_scored_assignments(request, instances):
    """A judge's scores are never deleted with their assignment (single or bulk delete)."""
    ids = [instance.pk for instance in instances if isinstance(instance, Assignment)]
    if not ids:
        return None
    scored = list(Assignment.objects.filter(pk__in=ids, scores__isnull=False).distinct().select_related("nomination"))
    if not scored:
        return None
    messages.error(
        request,
        ngettext(
            "%(count)d assignment has scores and cannot be removed: %(which)s. Its scores stay in the record.",
            "%(count)d assignments have scores and cannot be removed: %(which)s. Their scores stay in the record.",
            len(scored),
        )
        % {"count": len(scored), "which": ", ".join(str(a.nomination.reference) for a in scored)},
    )
    return redirect(reverse(Assignment.snippet_viewset.get_url_name("list")))


@hooks.register("register_log_actions")
def register_rubric_copy(actions):
    @actions.register_action(COPY_ACTION)
    class RubricCopied(LogFormatter):
        label = _("Copy a rubric")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Criteria copied from %(source)s (%(copied)s), replacing the %(replaced)s it had") % {
                "source": data.get("source_name", "?"),
                "copied": data.get("copied", 0),
                "replaced": data.get("replaced", 0),
            }
