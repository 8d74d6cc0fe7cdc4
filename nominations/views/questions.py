"""The nomination form's step for the call's own questions (nominations.questions)."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views import View

from nominations import questions, services
from nominations.models import NominationAnswer
from nominations.presentation import describe
from nominations.views.mixins import OwnNominationMixin, take_kept_post
from nominations.views.nominator import _after_save, _is_autosave, _step_context


def _as_text(value):
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


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

    def render_form(self, request, nomination, asked, form, status=200):
        files = questions.stored_files(nomination)
        fields = []
        for bound in form:
            question = bound.field.question
            record = files.get(question.id)
            fields.append(
                {
                    "field": bound,
                    "question": question,
                    "file": record,
                    "file_url": questions.owner_file_link(record)[0] if record else "",
                    "base": "" if question.is_file else _as_text(form.initial.get(bound.name)),
                }
            )
        context = _step_context(nomination, "questions", nomination.call) | {
            "form": form,
            "question_fields": fields,
            "asks_questions": bool(asked),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        nomination, asked = self.load()
        if not nomination.can_edit():
            return self.locked_response(request, nomination)
        form = questions.QuestionsForm(data=take_kept_post(request), questions=asked, nomination=nomination)
        return self.render_form(request, nomination, asked, form)

    def post(self, request, pk):
        nomination, asked = self.load()
        if not nomination.can_edit():
            return self.locked_response(request, nomination)
        if "remove_file" in request.POST:
            return self.remove_file(request, nomination, asked)
        autosave = _is_autosave(request)
        only = None
        if autosave and "changed" in request.POST:
            known = {q.field_name: q.id for q in asked if not q.is_file}
            only = {known[name] for name in request.POST.getlist("changed") if name in known}
            asked_now = [q for q in asked if q.id in only]
        else:
            asked_now = asked
        files = None if autosave else request.FILES
        form = questions.QuestionsForm(data=request.POST, files=files, questions=asked_now, nomination=nomination)
        if not form.is_valid():
            if autosave:
                return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
            messages.error(request, _("Not saved: correct the answers marked below."))
            return self.render_form(request, nomination, asked, form)
        try:
            questions.save_answers(
                nomination=nomination, questions=asked_now, values=form.values(), uploads=form.uploads
            )
        except services.AccountLimitReached as error:
            form.add_error(None, str(error))
            return self.render_form(request, nomination, asked, form)
        if autosave:
            stored = dict(NominationAnswer.objects.filter(nomination=nomination).values_list("question_id", "value"))
            bases = {q.field_name: stored.get(q.id, "") for q in asked_now if not q.is_file}
            message = _("Saved at %(time)s") % {"time": time_format(timezone.localtime())}
            return JsonResponse({"saved": True, "message": message, "bases": bases, "conflicts": []})
        return _after_save(request, nomination, "questions")

    def remove_file(self, request, nomination, asked):
        # Only a file question's own file; anything else posted is a no-op.
        question_id = request.POST["remove_file"]
        if any(q.is_file and q.id == question_id for q in asked):
            questions.save_answers(nomination=nomination, questions=[], values={}, remove_files={question_id})
            messages.success(request, _("The file was removed."))
        return redirect("nominations:questions", pk=nomination.pk)
