"""Admin views for screening: the action forms, the listing with its export, the inspect view."""

from datetime import datetime

from django_fsm_log.models import StateLog

from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import IndexView, InspectView

from core.permission import PredicateRequiredMixin
from nominations import consent, predicates, questions, services
from nominations.forms import STEPS
from nominations.models import Nomination, NominationFile, NominationState, WinnerStoryPage
from nominations.queries import files_visible_to
from nominations.questions_export import QuestionColumnsExportMixin
from nominations.screening import _reverse_or_none, admin_nominations, state_label
from nominations.screening.bulk import SCREENING_BULK_ACTIONS
from nominations.screening.duplicates import annotate as annotate_duplicates
from nominations.screening.duplicates import duplicates_of
from nominations.screening.forms import SCREENING_ACTIONS, NoteForm
from nominations.screening.services import REOPENABLE, notes_for, reopen_refusal
from nominations.screening.story import can_write_story
from nominations.winners import default_winners_index

S = NominationState


class ScreeningView(PredicateRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """GET shows the action's form with what it does and what cannot be undone; POST asks
    the action's service to act. The permission is checked here (the action's predicate:
    screeners, or administrators for reopening) and again by the transition."""

    action = None  # a ScreeningAction
    model = Nomination
    template_name = "nominations/admin/screening_form.html"
    index_url_name = None
    inspect_url_name = None

    denied = PermissionDenied  # Wagtail sends them back to its dashboard with a message

    def get_permission_object(self):
        # A nomination the admin does not show this user is not found; one it shows them
        # (a winner, to an editor) but they may not screen is refused.
        self.object = get_object_or_404(admin_nominations(self.request.user), pk=self.kwargs["pk"])
        return self.object

    def has_permission(self, obj):
        return self.action.permission(self.request.user)

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
            outcome = self.action.perform(nomination_id=self.object.pk, user=self.request.user, data=form.cleaned_data)
        except services.NominationError as error:
            form.add_error(None, str(error))
            # Show the nomination as it is now, not as it was when the page loaded.
            self.object = get_object_or_404(admin_nominations(self.request.user), pk=self.object.pk)
            return self.form_invalid(form)
        except Nomination.DoesNotExist as error:
            raise Http404 from error
        messages.success(self.request, self.action.success_message(outcome.nomination))
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unavailable_reason = self.action.unavailable_reason(self.object, self.request.user)
        context.update(
            nomination=self.object,
            action=self.action,
            available=unavailable_reason is None,
            unavailable_reason=unavailable_reason,
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
        if type(value) is str:  # most cells: no look-up of a preprocessing function
            if export_format == self.FORMAT_CSV and value.startswith(self.FORMULA_PREFIXES):
                return "'" + value
            return value
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
            if export_format == self.FORMAT_XLSX:
                return value.replace(tzinfo=None)
            return value.strftime("%Y-%m-%d %H:%M")
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str) and value.startswith(self.FORMULA_PREFIXES):
            return "'" + value
        return value


def duplicates_label(nomination):
    count = len(getattr(nomination, "possible_duplicates", ()))
    if not count:
        return ""
    return ngettext("Possible duplicate: %(count)d other", "Possible duplicate: %(count)d others", count) % {
        "count": count
    }


class NominationIndexView(QuestionColumnsExportMixin, CsvSafeExportMixin, IndexView):
    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the export: the listing's context (its table, the possible
            # duplicates of its rows, len() of the rows) would read every row into memory.
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            queryset = queryset.select_related("nominator")
        return queryset

    @cached_property
    def can_screen(self):
        return predicates.can_screen(self.request.user)

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.can_screen:
            # Only screeners can act on a selection.
            return [column for column in columns if not isinstance(column, BulkActionsCheckboxColumn)]
        return [*columns, Column("possible_duplicates", label=_("Possible duplicates"), accessor=duplicates_label)]

    def get_table(self, object_list):
        if self.can_screen:
            # One query for the whole page (nominations.screening.duplicates), not one a row.
            annotate_duplicates(object_list)
        return super().get_table(object_list)

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
            for action in SCREENING_BULK_ACTIONS
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["bulk_action_buttons"] = self.get_bulk_action_buttons()
        return context


# Inspect ----------------------------------------------------------------------------

# The nominator's form steps (without files, shown apart), framed by the record's own
# facts and the screening outcome.
RECORD_FIELDS = ("reference", "state", "category", "cycle", "nominator", "language", "submitted_at", "created_at")
SCREENING_FIELDS = ("screener_message", "amendment_deadline", "updated_at")
FIELD_GROUPS = (
    ("nomination", gettext_lazy("Nomination"), RECORD_FIELDS),
    *((slug, label, tuple(fields)) for slug, label, fields in STEPS if fields),
    ("screening", gettext_lazy("Screening"), SCREENING_FIELDS),
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
    note_url_name = None

    def get_object(self, queryset=None):
        queryset = admin_nominations(self.request.user).select_related("nominator")
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
        if name == "partner_regions":
            return nomination.get_partner_regions_display()
        field = Nomination._meta.get_field(name)
        value = getattr(nomination, name)
        if field.choices:
            return getattr(nomination, f"get_{name}_display")()
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime):
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
                "id": group_id,
                "heading": heading,
                "fields": [{"label": self._field_label(name), "value": self._field_value(name)} for name in names],
            }
            for group_id, heading, names in FIELD_GROUPS
        ]

    def get_files(self):
        # Only files this user may open (nominations.predicates.can_open_files): editors
        # reading a winner see none; its photographs are in the story's images.
        files = []
        # A file answering one of the call's questions is shown under its question.
        for record in files_visible_to(self.request.user).filter(nomination=self.object, question_id=""):
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
        if not self.screening_url_names:
            return []
        user = self.request.user
        return [
            {
                "label": action.label,
                "url": reverse(self.screening_url_names[action.name], args=[quote(self.object.pk)]),
                "classname": action.button_class,
            }
            for action in SCREENING_ACTIONS
            if action.permission(user) and action.is_available(self.object, user)
        ]

    def get_reopen_refusal(self):
        """Why an administrator cannot reopen this decision (judging started), to say so
        beside the buttons; None when there is nothing to explain."""
        user = self.request.user
        if not predicates.can_reopen_screening(user) or self.object.state not in REOPENABLE:
            return None
        return reopen_refusal(self.object, user)

    def get_office_context(self):
        # Internal notes and possible duplicates: the awards office's eyes only.
        if not predicates.can_keep_notes(self.request.user, self.object):
            return {"office": False}
        return {
            "office": True,
            "notes": notes_for(self.object),
            "note_form": NoteForm(),
            "note_url": reverse(self.note_url_name, args=[quote(self.object.pk)]) if self.note_url_name else None,
            "possible_duplicates": duplicates_of(self.object, admin_nominations(self.request.user)),
            "reopen_refusal": self.get_reopen_refusal(),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            nomination=self.object,
            field_groups=self.get_field_groups(),
            files=self.get_files(),
            can_open_files=predicates.can_open_files(self.request.user, self.object),
            history=self.get_history(),
            screening_buttons=self.get_screening_buttons(),
            **self.get_office_context(),
            story=self.get_story(),
            nominee_consent=self.get_nominee_consent(),
            answers=questions.office_answer_rows(self.object, self.request.user),
        )
        return context

    def get_nominee_consent(self):
        """The nominee's own answers: the flag, and every answer with its wording."""

        return {
            "label": consent.status_label(self.object),
            "pending": self.object.nominee_consent == "pending",
            "answers": list(self.object.nominee_consents.all()),
        }

    def get_story(self):
        """For a commended nomination: its story, or whether this user may create one."""

        if not self.object.is_commended:
            return None
        # The story in whichever language it was written first (its translations are reached
        # from it in the page editor); a new one is written in the default language.
        page = WinnerStoryPage.objects.filter(nomination=self.object).order_by("pk").first()
        index = default_winners_index()
        return {
            "page": page,
            "can_create": page is None and can_write_story(self.request.user, index),
            "create_url": reverse("wagtailsnippets_nominations_nomination:create_story", args=[self.object.pk]),
            "consented": self.object.nominee_publication_consent,
            # Why a story went offline: the nominee withdrew their consent (and when).
            "withdrawn": None if self.object.nominee_publication_consent else consent.latest_withdrawal(self.object),
        }
