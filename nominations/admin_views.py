"""The awards office's side of nominations in the Wagtail admin.

Read-only everywhere: nobody adds, edits or deletes a nomination here, and a nomination's
state changes only through nominations.services (screen / bulk_accept), which lock the
row, check the transition's permission and write the audit log. Drafts are the
nominator's private work and never appear in the admin."""

from dataclasses import dataclass
from datetime import timedelta

from django_fsm import has_transition_perm
from django_fsm_log.models import StateLog

from django import forms
from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_list_or_404, get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, InspectView

from nominations import predicates, services
from nominations.models import Nomination, NominationFile, NominationState

S = NominationState


def admin_nominations():
    """Every nomination the admin may show: all but drafts, with what the listing prints."""
    return Nomination.objects.exclude(state=S.DRAFT).select_related("call__category", "call__cycle")


def state_label(value):
    """A state value in words; unknown values (e.g. from an old log row) as they are."""
    try:
        return S(value).label
    except ValueError:
        return value or ""


def _reverse_or_none(name, *args):
    # The private file views belong to the nominator's side; if they are not routed
    # (yet), the inspect view still works and lists the files without links.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# Permissions ------------------------------------------------------------------------


class ReadOnlyNominationPolicy(ModelPermissionPolicy):
    """Only "view" can ever be granted, even to superusers: Wagtail then offers no add,
    edit, copy or delete anywhere (buttons, menus, bulk actions, URL finder)."""

    allowed_actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in self.allowed_actions]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


def can_screen(user):
    return predicates.can_screen(user)


# Screening actions ------------------------------------------------------------------


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Optional. Kept in the nomination's history; it is not sent to the nominator."),
    )


class RejectForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Which eligibility rule the nomination does not meet. The nominator reads this."),
    )


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the nominator"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What to change or add before resubmitting. The nominator reads this."),
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("Amendment deadline"),
        widget=AdminDateTimeInput,
        help_text=gettext_lazy("In the site's time zone. The nominator must resubmit before then."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        week_from_now = timezone.localtime() + timedelta(days=7)
        self.fields["deadline"].initial = week_from_now.replace(second=0, microsecond=0)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("Set an amendment deadline in the future."))
        return deadline


@dataclass(frozen=True)
class ScreeningAction:
    name: str  # the action for services.screen
    transition: str  # the Nomination transition it fires
    url_name: str  # the view's name in the viewset's URL namespace
    path: str
    label: str
    submit_label: str
    form_class: type
    button_class: str = "button"

    def is_available(self, nomination, user):
        return has_transition_perm(getattr(nomination, self.transition), user)

    def success_message(self, nomination):
        if self.name == "accept":
            return _("Nomination %(ref)s is accepted as eligible. The nominator is told by email.") % {
                "ref": nomination.reference
            }
        if self.name == "reject":
            return _("Nomination %(ref)s is rejected as ineligible. The nominator is told by email.") % {
                "ref": nomination.reference
            }
        return _("Nomination %(ref)s is returned for amendment until %(date)s. The nominator is told by email.") % {
            "ref": nomination.reference,
            "date": date_format(timezone.localtime(nomination.amendment_deadline), "DATETIME_FORMAT"),
        }


SCREENING_ACTIONS = (
    ScreeningAction(
        name="accept",
        transition="accept",
        url_name="accept",
        path="accept",
        label=gettext_lazy("Accept"),
        submit_label=gettext_lazy("Accept as eligible"),
        form_class=AcceptForm,
    ),
    ScreeningAction(
        name="return",
        transition="return_for_amendment",
        url_name="return_for_amendment",
        path="return",
        label=gettext_lazy("Return for amendment"),
        submit_label=gettext_lazy("Return for amendment"),
        form_class=ReturnForm,
        button_class="button button-secondary",
    ),
    ScreeningAction(
        name="reject",
        transition="reject",
        url_name="reject",
        path="reject",
        label=gettext_lazy("Reject as ineligible"),
        submit_label=gettext_lazy("Reject as ineligible"),
        form_class=RejectForm,
        button_class="button button-secondary serious",
    ),
)


class ScreeningView(WagtailAdminTemplateMixin, FormView):
    """GET shows the action's form; POST asks services.screen to act. The permission is
    checked here (screeners only) and again by the transition inside the service."""

    action = None  # a ScreeningAction
    model = Nomination
    template_name = "nominations/admin/screening_form.html"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_screen(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(admin_nominations(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.action.form_class

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(Nomination._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def form_valid(self, form):
        try:
            outcome = services.screen(
                nomination_id=self.object.pk,
                user=self.request.user,
                action=self.action.name,
                message=form.cleaned_data.get("message", ""),
                deadline=form.cleaned_data.get("deadline"),
            )
        except services.NominationError as error:
            form.add_error(None, str(error))
            messages.error(self.request, str(error))
            # Show the nomination as it is now, not as it was when the page loaded.
            self.object = get_object_or_404(admin_nominations(), pk=self.object.pk)
            return self.form_invalid(form)
        except Nomination.DoesNotExist as error:
            raise Http404 from error
        messages.success(self.request, self.action.success_message(outcome.nomination))
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            nomination=self.object,
            action=self.action,
            available=self.action.is_available(self.object, self.request.user),
            state_label=self.object.get_state_display(),
            action_url=self.request.path,
            cancel_url=self.inspect_url,
            submit_button_label=self.action.submit_label,
            media=context["form"].media,
        )
        return context


# Listing ----------------------------------------------------------------------------


class CsvSafeExportMixin:
    """Spreadsheet exports of what the public typed: a CSV cell starting with = + - @
    would run as a formula in a spreadsheet program, so it is quoted. Times are shown in
    the site's time zone."""

    FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

    def preprocess_field_value(self, field, value, export_format):
        if hasattr(value, "tzinfo") and value is not None and timezone.is_aware(value):
            value = timezone.localtime(value)
            if export_format == self.FORMAT_XLSX:
                return value.replace(tzinfo=None)
            return value.strftime("%Y-%m-%d %H:%M")
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(self.FORMULA_PREFIXES):
            return "'" + value
        return value


class NominationIndexView(CsvSafeExportMixin, IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            queryset = queryset.select_related("nominator")
        return queryset

    @cached_property
    def can_screen(self):
        return can_screen(self.request.user)

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.can_screen:
            # Only screeners can act on a selection.
            columns = [column for column in columns if not isinstance(column, BulkActionsCheckboxColumn)]
        return columns

    def get_bulk_action_buttons(self):
        if not self.can_screen:
            return []
        opts = Nomination._meta
        return [
            ListingButton(
                action.display_name,
                reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, action.action_type]),
                attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                priority=action.action_priority,
                classname=" ".join(action.classes | {"bulk-action-btn"}),
            )
            for action in (BulkAcceptAction,)
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["bulk_action_buttons"] = self.get_bulk_action_buttons()
        return context


# Inspect ----------------------------------------------------------------------------

FIELD_GROUPS = (
    (
        gettext_lazy("Nomination"),
        ("reference", "state", "category", "cycle", "nominator", "language", "submitted_at", "created_at"),
    ),
    (
        gettext_lazy("Nominee"),
        (
            "nominee_type",
            "nominee_name",
            "nominee_organisation",
            "nominee_email",
            "nominee_phone",
            "region",
            "partner_organisations",
            "team_members",
        ),
    ),
    (gettext_lazy("Innovation"), ("title", "summary", "description", "novelty")),
    (gettext_lazy("Impact"), ("results", "stage", "evidence")),
    (
        gettext_lazy("Declarations"),
        ("relation", "declaration_true", "consent_processing", "consent_public_name"),
    ),
    (gettext_lazy("Screening"), ("screener_message", "amendment_deadline", "updated_at")),
)


def _format_datetime(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _user_display(user):
    if user is None:
        return _("System")
    name = user.get_full_name().strip()
    return f"{name} <{user.email}>" if name else user.email


class NominationInspectView(InspectView):
    screening_url_names = None  # {action name: URL name}, set by the viewset

    def get_object(self, queryset=None):
        queryset = admin_nominations().select_related("nominator")
        return get_object_or_404(queryset, pk=unquote(str(self.pk)))

    def get_fields(self):
        # The template shows the fields in groups (get_field_groups), not as one list.
        return []

    def _field_value(self, name):
        nomination = self.object
        if name == "category":
            return nomination.call.category.display_name
        if name == "cycle":
            return nomination.call.cycle.name
        if name == "nominator":
            return _user_display(nomination.nominator)
        if name == "language":
            return dict(settings.LANGUAGES).get(nomination.language, nomination.language)
        field = Nomination._meta.get_field(name)
        value = getattr(nomination, name)
        if field.choices:
            return getattr(nomination, f"get_{name}_display")()
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is not None and hasattr(value, "tzinfo"):
            return _format_datetime(value)
        return value

    def _field_label(self, name):
        if name == "category":
            return _("Category")
        if name == "cycle":
            return _("Cycle")
        return capfirst(Nomination._meta.get_field(name).verbose_name)

    def get_field_groups(self):
        return [
            {
                "heading": heading,
                "fields": [{"label": self._field_label(name), "value": self._field_value(name)} for name in names],
            }
            for heading, names in FIELD_GROUPS
        ]

    def get_files(self):
        files = []
        for record in NominationFile.objects.filter(nomination=self.object):
            is_image = record.kind == NominationFile.Kind.IMAGE
            files.append(
                {
                    "name": record.original_name,
                    "kind": record.get_kind_display(),
                    "size": filesizeformat(record.size),
                    "is_image": is_image,
                    "url": _reverse_or_none("nominations:file", record.pk),
                    "thumbnail_url": (
                        _reverse_or_none("nominations:file_thumbnail", record.pk)
                        if is_image and record.thumbnail
                        else None
                    ),
                }
            )
        return files

    def get_history(self):
        logs = (
            StateLog.objects.filter(
                content_type=ContentType.objects.get_for_model(Nomination), object_id=self.object.pk
            )
            .select_related("by")
            .order_by("timestamp", "pk")
        )
        return [
            {
                "timestamp": log.timestamp,
                "by": _user_display(log.by),
                "source": state_label(log.source_state),
                "target": state_label(log.state),
                "message": log.description or "",
            }
            for log in logs
        ]

    def get_screening_buttons(self):
        if not self.screening_url_names or not can_screen(self.request.user):
            return []
        return [
            {
                "label": action.label,
                "url": reverse(self.screening_url_names[action.name], args=[quote(self.object.pk)]),
                "classname": action.button_class,
            }
            for action in SCREENING_ACTIONS
            if action.is_available(self.object, self.request.user)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            nomination=self.object,
            field_groups=self.get_field_groups(),
            files=self.get_files(),
            history=self.get_history(),
            screening_buttons=self.get_screening_buttons(),
        )
        return context


# Bulk accept ------------------------------------------------------------------------


class BulkAcceptAction(SnippetBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected nominations as eligible")
    template_name = "nominations/admin/confirm_bulk_accept.html"
    action_priority = 10
    models = [Nomination]

    accepted = ()
    skipped = ()

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return get_list_or_404(admin_nominations().order_by("reference"), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" acts on what is waiting for screening, nothing else.
        return admin_nominations().filter(state=S.SUBMITTED).values_list("pk", flat=True)

    def check_perm(self, obj):
        return predicates.can_screen(self.request.user, obj)

    def object_context(self, obj):
        inspect_url_name = obj.snippet_viewset.get_url_name("inspect")
        return {
            "item": obj,
            "edit_url": reverse(inspect_url_name, args=[quote(obj.pk)]),
            "state_label": obj.get_state_display(),
            "will_skip": obj.state != S.SUBMITTED,
        }

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        by_pk = {obj.pk: obj for obj in objects}
        accepted, skipped = services.bulk_accept(nomination_ids=list(by_pk), user=user)
        action.accepted = accepted
        action.skipped = [by_pk[pk] for pk in skipped if pk in by_pk]
        return len(accepted), len(skipped)

    def get_success_message(self, num_parent_objects, num_child_objects):
        if self.skipped:
            references = ", ".join(str(obj.reference) for obj in self.skipped)
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d nomination was skipped because it is not waiting for screening: %(references)s.",
                    "%(count)d nominations were skipped because they are not waiting for screening: %(references)s.",
                    len(self.skipped),
                )
                % {"count": len(self.skipped), "references": references},
            )
        if not num_parent_objects:
            return None
        return ngettext(
            "%(count)d nomination accepted as eligible. The nominator is told by email.",
            "%(count)d nominations accepted as eligible. Their nominators are told by email.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
