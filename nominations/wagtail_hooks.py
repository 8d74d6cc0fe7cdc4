from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.bilingual import TwoLanguageForm, language_row
from core.bilingual_admin import TranslatedTitleIndexView
from nominations import consent, predicates
from nominations.models import AwardCycle, Category, Nomination, NominationState, WinnerStoryPage
from nominations.screening import admin_nominations, read_only_nomination_policy
from nominations.screening.bulk import SCREENING_BULK_ACTIONS
from nominations.screening.filters import NominationFilterSet
from nominations.screening.forms import SCREENING_ACTIONS
from nominations.screening.notes import NoteView
from nominations.screening.story import CreateStoryView
from nominations.screening.views import NominationIndexView, NominationInspectView, ScreeningView


class NominationViewSet(SnippetViewSet):
    """Nominations for the awards office: a listing with filters, search and export, an
    inspect view with the screening actions, and bulk accept. Nothing else: no add,
    edit, copy or delete, for anyone (see read_only_nomination_policy)."""

    model = Nomination
    icon = "form"
    menu_label = _("Nominations")

    index_view_class = NominationIndexView
    inspect_view_class = NominationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Nominations link to nothing editable; skip the reference index work on every save.
    add_to_reference_index = False

    index_template_name = "nominations/admin/index.html"
    inspect_template_name = "nominations/admin/inspect.html"

    list_display = [
        "reference",
        Column("title", label=_("Title")),
        Column("nominee_name", label=_("Nominee")),
        Column("category", label=_("Category"), accessor="call.category.display_name"),
        Column("cycle", label=_("Cycle"), accessor="call.cycle.year"),
        StatusTagColumn(
            "state",
            label=_("State"),
            accessor="get_state_display",
            sort_key="state",
            primary=lambda nomination: nomination.state == NominationState.SUBMITTED,
        ),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
        # The nominee's own answer (nominations.consent), not the nominator's ticks.
        Column("nominee_consent", label=_("Nominee's consent"), accessor=consent.status_label),
    ]
    ordering = "-submitted_at"
    list_per_page = 50
    filterset_class = NominationFilterSet
    # Nomination is not in Wagtail's search index: a plain icontains over these fields.
    search_fields = ["reference", "title", "nominee_name", "nominee_organisation"]
    search_backend_name = None

    list_export = [
        "reference",
        "get_state_display",
        "call.category.code",
        "call.cycle.year",
        "get_nominee_type_display",
        "nominee_name",
        "nominee_organisation",
        "nominee_email",
        "nominee_phone",
        "get_region_display",
        "partner_organisations",
        "get_partner_regions_display",
        "team_members",
        "title",
        "summary",
        "description",
        "novelty",
        "results",
        "get_stage_display",
        "evidence",
        "get_relation_display",
        "declaration_true",
        "consent_processing",
        "consent_public_name",
        "get_nominee_consent_display",
        "nominee_publication_consent",
        "submitted_at",
        "nominator.email",
    ]
    export_headings = {
        "reference": _("Reference"),
        "get_state_display": _("State"),
        "call.category.code": _("Category"),
        "call.cycle.year": _("Cycle"),
        "get_nominee_type_display": _("Nominee type"),
        "nominee_name": _("Nominee's name"),
        "nominee_organisation": _("Organisation"),
        "nominee_email": _("Nominee's email"),
        "nominee_phone": _("Nominee's phone"),
        "get_region_display": _("Region"),
        "partner_organisations": _("Partner organisations"),
        "get_partner_regions_display": _("Regions of the partner organisations"),
        "team_members": _("Team members"),
        "title": _("Title of the innovation"),
        "summary": _("Short summary"),
        "description": _("Description"),
        "novelty": _("What is new"),
        "results": _("Measurable results and impact"),
        "get_stage_display": _("Stage"),
        "evidence": _("Evidence"),
        "get_relation_display": _("Nominator's relation to the nominee"),
        "declaration_true": _("Information declared true"),
        "consent_processing": _("Consent to processing"),
        "consent_public_name": _("Nominator says the nominee agrees to be named publicly"),
        "get_nominee_consent_display": _("Nominee's own confirmation"),
        "nominee_publication_consent": _("Nominee's own consent to publication"),
        "submitted_at": _("Submitted"),
        "nominator.email": _("Nominator's email"),
    }
    export_filename = "nominations"

    @cached_property
    def permission_policy(self):
        return read_only_nomination_policy(self.model)

    def get_queryset(self, request):
        return admin_nominations(request.user)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            screening_url_names={action.name: self.get_url_name(action.url_name) for action in SCREENING_ACTIONS},
            note_url_name=self.get_url_name("add_note"),
            **kwargs,
        )

    def screening_view(self, action):
        return self.construct_view(
            ScreeningView,
            action=action,
            index_url_name=self.get_url_name("list"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        # Only reading and screening: add, edit, copy, delete, history and usage are not routed.
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="list"),
            path("results/", self.index_results_view, name="list_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            *(
                path(f"{action.path}/<{conv}:pk>/", self.screening_view(action), name=action.url_name)
                for action in SCREENING_ACTIONS
            ),
            path(f"story/<{conv}:pk>/", CreateStoryView.as_view(), name="create_story"),
            path(
                f"notes/<{conv}:pk>/",
                self.construct_view(
                    NoteView, index_url_name=self.get_url_name("list"), inspect_url_name=self.get_url_name("inspect")
                ),
                name="add_note",
            ),
        ]

    @property
    def url_finder_class(self):
        # Wherever Wagtail links to "edit" a nomination, link to its inspect view instead.
        inspect_url_name = self.get_url_name("inspect")

        class NominationAdminURLFinder:
            def __init__(self, user=None):
                self.user = user

            def get_edit_url(self, instance):
                if instance.state == NominationState.DRAFT:
                    return None
                if self.user is not None and not predicates.can_read_in_admin(self.user, instance):
                    return None
                return reverse(inspect_url_name, args=[quote(instance.pk)])

        return NominationAdminURLFinder

    def register_chooser_viewset(self):
        # No chooser: Wagtail's chooser lists every instance (drafts too) to any admin user.
        pass

    def get_permissions_to_register(self):
        # Offered in the group editor: what can actually be granted here. Not
        # view_nominationfile: who opens files is a rule by role (predicates.can_open_files).
        return Permission.objects.filter(
            content_type__app_label="nominations", codename__in=["view_nomination", "screen_nomination"]
        )


class CategoryViewSet(SnippetViewSet):
    """Categories, written in both languages side by side (core.bilingual): the name is
    needed in the site's default language; the listing flags a missing translation."""

    model = Category
    icon = "tag"
    menu_label = _("Categories")
    index_view_class = TranslatedTitleIndexView
    list_display = ["name", "code", "colour", "sort_order"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    search_backend_name = None
    ordering = ["sort_order"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("slug")]),
            language_row("name", _("Name")),
            language_row("description", _("Description")),
            FieldRowPanel([FieldPanel("icon"), FieldPanel("colour"), FieldPanel("sort_order")]),
        ],
        base_form_class=TwoLanguageForm,
    )


class AwardCycleViewSet(SnippetViewSet):
    model = AwardCycle
    icon = "date"
    menu_label = _("Award cycles")
    index_view_class = TranslatedTitleIndexView
    list_display = ["name", "year", "nominations_open", "nominations_close", "announcement_at"]
    search_fields = ["name_zh_hans", "name_en"]
    search_backend_name = None
    ordering = ["-year"]
    edit_handler = ObjectList(
        [
            language_row("name", _("Name")),
            FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]),
            FieldRowPanel([FieldPanel("nominations_open"), FieldPanel("nominations_close")]),
            FieldRowPanel([FieldPanel("judging_open"), FieldPanel("judging_close")]),
            FieldPanel("announcement_at"),
        ],
        base_form_class=TwoLanguageForm,
    )


class AwardsGroup(SnippetViewSetGroup):
    menu_label = _("Awards")
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (NominationViewSet, AwardCycleViewSet, CategoryViewSet)


register_snippet(AwardsGroup)

for bulk_action in SCREENING_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("before_delete_snippet")
def keep_nominations(request, instances):
    # Wagtail's bulk delete is offered for every snippet model; nominations are never
    # deleted in the admin, not even by a superuser.
    if any(isinstance(instance, Nomination) for instance in instances):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def only_screening_bulk_actions(request, action_type, objects, action):
    if getattr(action, "model", None) is Nomination and action_type not in {
        bulk_action.action_type for bulk_action in SCREENING_BULK_ACTIONS
    }:
        raise PermissionDenied


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(
        consent.CONSENT_WITHDRAWN_ACTION,
        _("Nominee withdrew consent to publication"),
        _("The nominee withdrew their consent to publication: the story was unpublished and cannot be published"),
    )


def _story_without_consent(page):

    specific = getattr(page, "specific", None)
    return specific if isinstance(specific, WinnerStoryPage) and not specific.nominee_consented else None


@hooks.register("before_edit_page")
def story_without_consent(request, page):
    """A story whose nominee has not agreed to publication (or withdrew it, perhaps while the
    story awaited approval): whoever opens it reads why it cannot be published, and an
    approval posted anyway gets that message instead of a refusal; a moderator can still
    request changes (reject) or cancel the workflow."""

    story = _story_without_consent(page)
    if story is None:
        return None
    reason = consent.story_block_reason(story.nomination)
    if request.method == "POST" and request.POST.get("workflow-action-name") == "approve":
        admin_messages.error(request, reason)
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET":
        admin_messages.warning(request, reason)
    return None


@hooks.register("construct_page_action_menu")
def no_approval_without_consent(menu_items, request, context):
    # Approving would publish, which the story's permissions refuse: offer only the other actions.
    if context.get("view") == "edit" and _story_without_consent(context.get("page")):
        menu_items[:] = [item for item in menu_items if getattr(item, "name", "") != "approve"]
