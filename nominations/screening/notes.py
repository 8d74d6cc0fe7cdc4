"""Internal notes on a nomination, written on its inspect view by the awards office.

Only screeners and awards administrators read or write them (predicates.can_keep_notes);
the nominator's pages, the judges' pages, editors and exports never show them. A note is a
record: there is no view to edit or delete one."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.permission import PredicateRequiredMixin
from nominations import predicates
from nominations.models import Nomination
from nominations.screening import admin_nominations
from nominations.screening.forms import NoteForm
from nominations.screening.services import add_note, notes_for
from nominations.services import NominationError


class NoteView(PredicateRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """GET: the note form with the notes so far (the inspect view has the same form);
    POST: adds the note and returns to the nomination's notes."""

    form_class = NoteForm
    template_name = "nominations/admin/note_form.html"
    page_title = gettext_lazy("Add an internal note")
    index_url_name = None
    inspect_url_name = None

    predicate = predicates.can_keep_notes
    denied = PermissionDenied  # Wagtail sends them back to its dashboard with a message

    def get_permission_object(self):
        # A nomination the admin does not show this user is not found.
        self.object = get_object_or_404(admin_nominations(self.request.user), pk=self.kwargs["pk"])
        return self.object

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
            add_note(nomination=self.object, user=self.request.user, text=form.cleaned_data["text"])
        except NominationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Note added to %(ref)s.") % {"ref": self.object.reference})
        return redirect(self.inspect_url + "#notes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nomination=self.object,
            notes=notes_for(self.object),
            action_url=self.request.path,
            cancel_url=self.inspect_url,
            **kwargs,
        )
