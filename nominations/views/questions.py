"""The nomination form's step for the call's own questions (nominations.questions)."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from accounts.network import request_arrival
from nominations import autosave, questions, services
from nominations.presentation import describe
from nominations.questions_form import QuestionsForm, RemoveFileForm
from nominations.views.mixins import OwnNominationMixin, take_kept_post
from nominations.views.nominator import _after_save, _is_autosave, _step_context


class QuestionsStepView(OwnNominationMixin, View):
    """GET shows the questions in the reader's language; POST saves the answers. A save
    by the page's script (X-Autosave) carries only the answers changed since the page was
    shown, each with the text it started from (base-<field>): it stores those, never the
    files (they are stored when the person saves the step). A value posted for a question
    the call does not ask is ignored."""

    template_name = "nominations/step.html"

    def load(self):
        nomination = self.get_nomination()
        prefetch_related_objects([nomination], "answers", "files")
        return nomination, questions.call_questions(nomination.call)

    def locked_response(self, request, nomination):
        message = _("This nomination is “%(state)s” and can no longer be edited.") % {
            "state": describe(nomination).label
        }
        if _is_autosave(request):
            return JsonResponse({"saved": False, "error": message}, status=409)
        messages.error(request, message)
        return redirect("nominations:detail", pk=nomination.pk)

    def render_form(self, request, nomination, asked, form, bases=None, status=200):
        files = questions.stored_files(nomination)
        bases = bases or {}
        fields = []
        for bound in form:
            question = bound.field.question
            record = files.get(question.id)
            base = bases.get(bound.name, form.initial.get(bound.name))
            fields.append(
                {
                    "field": bound,
                    "question": question,
                    "file": record,
                    "file_url": questions.owner_file_link(record)[0] if record else "",
                    "base": "" if question.is_file else autosave.as_text(base),
                }
            )
        context = _step_context(nomination, "questions", nomination.call) | {
            "form": form,
            "question_fields": fields,
            "asks_questions": bool(asked),
            "conflict_count": sum(1 for f in form.fields.values() if getattr(f, "conflict", None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        nomination, asked = self.load()
        if not nomination.can_edit():
            return self.locked_response(request, nomination)
        form = QuestionsForm(data=take_kept_post(request), questions=asked, nomination=nomination)
        return self.render_form(request, nomination, asked, form)

    def post(self, request, pk):
        nomination, asked = self.load()
        if not nomination.can_edit(at=request_arrival(request)):
            return self.locked_response(request, nomination)
        if "remove_file" in request.POST:
            return self.remove_file(request, nomination, asked)
        is_autosave = _is_autosave(request)
        if is_autosave and "changed" in request.POST:
            # The script sends only the answers changed since the page was shown or saved.
            changed = set(request.POST.getlist("changed"))
            asked_now = [q for q in asked if not q.is_file and q.field_name in changed]
        else:
            asked_now = asked
        files = None if is_autosave else request.FILES  # files are stored by saving the step
        form = QuestionsForm(data=request.POST, files=files, questions=asked_now, nomination=nomination)
        if not form.is_valid():
            if is_autosave:
                return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
            return self.render_form(request, nomination, asked, form, bases=self.posted_bases(request, form))
        try:
            outcome = questions.save_answers(
                nomination=nomination,
                questions=asked_now,
                values=form.values(),
                bases=self.posted_bases(request, form),
                uploads=form.uploads,
            )
        except services.AccountLimitReached as error:
            form.add_error(None, str(error))
            return self.render_form(request, nomination, asked, form, bases=self.posted_bases(request, form))
        conflicts = [autosave.conflict_payload(form, c) for c in outcome.conflicts]
        if is_autosave:
            return self.autosave_response(outcome.saved, conflicts)
        if conflicts:
            return self.render_conflicts(request, nomination, asked, conflicts)
        return _after_save(request, nomination, "questions")

    @staticmethod
    def posted_bases(request, form):
        return autosave.bases_from(request.POST, [name for name, f in form.fields.items() if not f.question.is_file])

    def autosave_response(self, saved, conflicts):
        if conflicts:
            message = ngettext(
                "Not saved: an answer was changed in another tab or window. Choose which version to keep.",
                "Not saved: %(count)s answers were changed in another tab or window. Choose which versions to keep.",
                len(conflicts),
            ) % {"count": len(conflicts)}
            return JsonResponse(
                {"saved": False, "message": message, "bases": saved, "conflicts": conflicts}, status=409
            )
        message = _("Saved at %(time)s") % {"time": time_format(timezone.localtime())}
        return JsonResponse({"saved": True, "message": message, "bases": saved, "conflicts": []})

    def render_conflicts(self, request, nomination, asked, conflicts):
        """The step again from what is stored now, except the answers changed elsewhere,
        which keep the person's text beside the saved one; saving again keeps theirs."""
        nomination = type(nomination).objects.select_related("call__category", "call__cycle").get(pk=nomination.pk)
        prefetch_related_objects([nomination], "answers", "files")
        form = QuestionsForm(questions=asked, nomination=nomination)
        bases = {}
        for conflict in conflicts:
            name = conflict["field"]
            form.initial[name] = conflict["yours"]
            form.fields[name].conflict = conflict
            bases[name] = conflict["stored"]
        return self.render_form(request, nomination, asked, form, bases=bases, status=409)

    def remove_file(self, request, nomination, asked):
        # Only a file question's own file; anything else posted is a no-op.
        form = RemoveFileForm(request.POST, questions=asked)
        if form.is_valid():
            question_id = form.cleaned_data["remove_file"]
            questions.save_answers(nomination=nomination, questions=[], values={}, remove_files={question_id})
            messages.success(request, _("The file was removed."))
        return redirect("nominations:questions", pk=nomination.pk)
