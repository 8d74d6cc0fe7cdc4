"""The nominator's pages: start, the form's steps, review, submit, my nominations,
a nomination's page, withdraw."""

import uuid

from django_fsm import can_proceed

from django import forms
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.network import request_arrival
from core.locales import canonical_page
from nominations import autosave, questions, services
from nominations.forms import (
    STEP_SLUGS,
    STEPS,
    StartForm,
    StepForm,
    UploadForm,
    WithdrawForm,
    step_form_class,
)
from nominations.models import CallPage, Nomination, NominationState
from nominations.presentation import describe, field_text, visible_history
from nominations.queries import nominations_of
from nominations.views.mixins import NominatorRequiredMixin, OwnNominationMixin, take_kept_post

START_TOKENS = "nomination-start-tokens"


def _is_autosave(request):
    return request.headers.get("X-Autosave") == "1"


def _step_context(nomination, slug, call):
    steps = questions.steps_for(call)  # the questions step only for a call that asks any
    slugs = [s for s, _label, _fields in steps]
    index = slugs.index(slug) if slug in slugs else STEP_SLUGS.index(slug)
    return {
        "steps": steps,
        "step": slug,
        "step_label": STEPS[STEP_SLUGS.index(slug)][1],
        "step_number": index + 1,
        "step_count": len(steps),
        "previous_step": slugs[index - 1] if index else None,
        "next_step": slugs[index + 1] if index + 1 < len(slugs) else None,
        "nomination": nomination,
        "call": call,
        "call_status": call.status(),
    }


def _after_save(request, nomination, slug):
    messages.success(request, _("Saved."))
    if "continue" in request.POST:
        slugs = [s for s, _label, _fields in questions.steps_for(nomination.call)]
        index = slugs.index(slug) if slug in slugs else STEP_SLUGS.index(slug)
        if index + 1 < len(slugs):
            return redirect("nominations:step", pk=nomination.pk, step=slugs[index + 1])
        return redirect("nominations:review", pk=nomination.pk)
    return redirect("nominations:step", pk=nomination.pk, step=slug)


class StartView(NominatorRequiredMixin, View):
    """The first step for a new nomination; the draft is created when it is first saved."""

    template_name = "nominations/step.html"

    def get_call(self):
        """The call a nomination is made to, whichever language's page it was started from.

        A call exists once per language (its translations share a translation key), but a
        nomination belongs to the call, not to a language: it always stores the call's
        first-made page (the original the other language was translated from, the lowest
        id; core.locales.canonical_page). So counts, references and listings by call never
        see one call twice, the nominator's language is kept in Nomination.language, and
        the start page behaves the same from either language (the original's dates decide
        whether it accepts nominations). Titles are shown in the reader's language
        (the `in_language` template filter)."""
        visited = get_object_or_404(CallPage.objects.live().only("pk", "translation_key"), pk=self.kwargs["call_id"])
        return get_object_or_404(CallPage.objects.select_related("cycle", "category"), pk=canonical_page(visited).pk)

    def render_form(self, request, call, form, token):
        context = _step_context(None, "nominee", call) | {"form": form, "form_token": token, "starting": True}
        return render(request, self.template_name, context)

    def get(self, request, call_id):
        call = self.get_call()
        if not call.is_accepting():
            messages.error(request, _("This call is not open for nominations."))
            return redirect(call.localized.url)
        kept = take_kept_post(request)
        form = StartForm(data=kept)
        token = (kept or {}).get("form_token") or uuid.uuid4().hex
        return self.render_form(request, call, form, token)

    def post(self, request, call_id):
        call = self.get_call()
        token = request.POST.get("form_token", "")[:64]
        seen = request.session.get(START_TOKENS, {})
        if token and token in seen:  # a double click: the first click already made the draft
            return redirect("nominations:step", pk=seen[token], step="nominee")
        form = StartForm(data=request.POST)
        if not form.is_valid():
            return self.render_form(request, call, form, token or uuid.uuid4().hex)
        try:
            nomination = services.start_nomination(
                call=call,
                nominator=request.user,
                language=get_language(),
                answers=form.cleaned_data,
                at=request_arrival(request),
            )
        except services.AccountLimitReached as error:
            # Shown on the form, which keeps what was typed.
            form.add_error(None, str(error))
            return self.render_form(request, call, form, token or uuid.uuid4().hex)
        except services.NominationError as error:
            messages.error(request, str(error))
            return redirect(call.localized.url)
        if token:
            request.session[START_TOKENS] = {**seen, token: nomination.pk}
        return _after_save(request, nomination, "nominee")


class StepView(OwnNominationMixin, View):
    """A step of the form. Saves write only the answers the person changed, and report
    an answer changed elsewhere meanwhile instead of overwriting it (nominations.autosave)."""

    template_name = "nominations/step.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["step"] not in STEP_SLUGS or kwargs["step"] == "files":
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def locked_response(self, request, nomination):
        message = _("This nomination is “%(state)s” and can no longer be edited.") % {
            "state": describe(nomination).label
        }
        if _is_autosave(request):
            return JsonResponse({"saved": False, "error": message}, status=409)
        messages.error(request, message)
        return redirect("nominations:detail", pk=nomination.pk)

    def render_form(self, request, nomination, form, bases, status=200):
        context = _step_context(nomination, self.kwargs["step"], nomination.call) | {
            "form": form,
            "base_values": [(name, bases.get(name, "")) for name in form.fields],
            "conflict_count": sum(1 for f in form.fields.values() if getattr(f, "conflict", None)),
        }
        return render(request, self.template_name, context, status=status)

    def stored_bases(self, nomination, names):
        return {name: autosave.as_text(getattr(nomination, name)) for name in names}

    def get(self, request, pk, step):
        nomination = self.get_nomination()
        if not nomination.can_edit():
            return self.locked_response(request, nomination)
        kept = take_kept_post(request)
        form = step_form_class(step)(data=kept, instance=nomination)
        bases = self.stored_bases(nomination, form.fields) | autosave.bases_from(kept or {}, form.fields)
        return self.render_form(request, nomination, form, bases)

    def post(self, request, pk, step):
        nomination = self.get_nomination()
        if not nomination.can_edit(at=request_arrival(request)):
            return self.locked_response(request, nomination)
        form_class = step_form_class(step)
        if _is_autosave(request) and "changed" in request.POST:
            # The script sends only the answers changed since the page was shown or saved.
            known = form_class.base_fields
            names = [name for name in dict.fromkeys(request.POST.getlist("changed")) if name in known]
            form_class = forms.modelform_factory(Nomination, form=StepForm, fields=names)
        form = form_class(data=request.POST, instance=nomination)
        posted_bases = autosave.bases_from(request.POST, form.fields)
        shown_from = self.stored_bases(nomination, form.fields) | posted_bases  # before validation fills the instance
        if not form.is_valid():
            if _is_autosave(request):
                return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
            return self.render_form(request, nomination, form, shown_from)
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            outcome = autosave.save_step(
                nomination_id=nomination.pk,
                user=request.user,
                values=values,
                bases=posted_bases,
                at=request_arrival(request),
            )
        except services.NominationError:
            return self.locked_response(request, nomination)
        if _is_autosave(request):
            return self.autosave_response(form, outcome)
        if outcome.merge.conflicts:
            return self.render_conflicts(request, outcome)
        return _after_save(request, outcome.nomination, step)

    def autosave_response(self, form, outcome):
        # The saved answers' new bases, so the page's next save starts from them.
        bases = {name: autosave.as_text(getattr(outcome.nomination, name)) for name in outcome.saved}
        conflicts = [autosave.conflict_payload(form, c) for c in outcome.merge.conflicts]
        if conflicts:
            message = ngettext(
                "Not saved: an answer was changed in another tab or window. Choose which version to keep.",
                "Not saved: %(count)s answers were changed in another tab or window. Choose which versions to keep.",
                len(conflicts),
            ) % {"count": len(conflicts)}
            return JsonResponse(
                {"saved": False, "message": message, "bases": bases, "conflicts": conflicts}, status=409
            )
        message = _("Saved at %(time)s") % {"time": time_format(timezone.localtime())}
        return JsonResponse({"saved": True, "message": message, "bases": bases, "conflicts": []})

    def render_conflicts(self, request, outcome):
        """The step again, from what is stored now, except the conflicting answers, which
        keep the person's text beside the version saved elsewhere. Saving again keeps
        theirs (their base is now the stored value)."""
        nomination = outcome.nomination
        conflicts = {c.name: c for c in outcome.merge.conflicts}
        form = step_form_class(self.kwargs["step"])(
            instance=nomination, initial={name: c.yours for name, c in conflicts.items()}
        )
        for name, conflict in conflicts.items():
            form.fields[name].conflict = autosave.conflict_payload(form, conflict)
        bases = self.stored_bases(nomination, form.fields)
        return self.render_form(request, nomination, form, bases, status=409)


class FilesStepView(OwnNominationMixin, View):
    template_name = "nominations/step.html"

    def render_form(self, request, nomination, form):
        context = _step_context(nomination, "files", nomination.call) | {
            "upload_form": form,
            "files": questions.general_files(nomination),  # a question's file shows under it
        }
        return render(request, self.template_name, context)

    def get(self, request, pk):
        nomination = self.get_nomination()
        if not nomination.can_edit():
            return redirect("nominations:detail", pk=nomination.pk)
        return self.render_form(request, nomination, UploadForm(nomination=nomination))

    def post(self, request, pk):
        nomination = self.get_nomination()
        if not nomination.can_edit(at=request_arrival(request)):
            messages.error(request, _("This nomination can no longer be edited."))
            return redirect("nominations:detail", pk=nomination.pk)
        form = UploadForm(data=request.POST, files=request.FILES, nomination=nomination)
        if not form.is_valid():
            return self.render_form(request, nomination, form)
        try:
            services.add_files(nomination=nomination, uploads=form.cleaned_data["files"], at=request_arrival(request))
        except services.NominationError as error:
            form.add_error(None, str(error))
            return self.render_form(request, nomination, form)
        return _after_save(request, nomination, "files")


class ReviewView(OwnNominationMixin, View):
    def get(self, request, pk):
        nomination = self.get_nomination()
        prefetch_related_objects([nomination], "answers", "files")  # read by missing() and below
        missing = nomination.missing()
        fields = {f.name: f for f in nomination._meta.fields}
        asked = questions.call_questions(nomination.call)
        labels = {f.name: f.verbose_name for f in fields.values()} | {q.field_name: q.label for q in asked}
        answers = questions.answer_rows(nomination, asked, file_link=questions.owner_file_link)
        sections = []
        for slug, label, names in questions.steps_for(nomination.call):
            rows = [(fields[n].verbose_name, field_text(nomination, n)) for n in names]
            sections.append({"slug": slug, "label": label, "rows": rows, "answers": answers})
        context = {
            "nomination": nomination,
            "sections": sections,
            "files": questions.general_files(nomination),
            "missing": [(step, labels.get(n, n)) for step, n in missing],
            "can_submit": not missing and nomination.can_edit() and _can_send(nomination),
            "call_status": nomination.call.status(),
            "state": describe(nomination),
        }
        return render(request, "nominations/review.html", context)


def _can_send(nomination):
    method = nomination.submit if nomination.state == NominationState.DRAFT else nomination.resubmit
    return can_proceed(method)


class SubmitView(OwnNominationMixin, View):
    def post(self, request, pk):
        nomination = self.get_nomination()
        try:
            outcome = services.submit(nomination_id=nomination.pk, user=request.user, at=request_arrival(request))
        except services.NominationError as error:
            messages.error(request, str(error))
            return redirect("nominations:review", pk=nomination.pk)
        # Committed: from here on nothing may turn into an error page. The message is made
        # from what services.submit returned, without a query, and the receipt was queued in
        # the submission's transaction (nominations.services._notify).
        if outcome.changed:
            messages.success(
                request,
                _("Submitted. Your reference is %(ref)s; we will email you a receipt.")
                % {"ref": outcome.nomination.reference},
            )
        else:
            messages.info(request, _("This nomination was already submitted."))
        return redirect("nominations:detail", pk=nomination.pk)


# What the listing never shows: the nominations' long answers and the calls' page content.
LISTING_DEFERS = (
    *("partner_organisations", "team_members", "summary", "description", "novelty", "results", "evidence"),
    *(f"call__{name}" for name in ("search_description", "intro", "eligibility", "criteria", "faq", "questions")),
)


def pk_url(name):
    """A URL that differs only by one pk, reversed once: returns pk -> URL."""
    marker = "2147483647"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


class MyNominationsView(NominatorRequiredMixin, ListView):
    """The nominator's nominations, 25 a page, in a fixed number of queries. Each row's
    links and its category's icon are made once here, not per row in the template."""

    template_name = "nominations/mine.html"
    context_object_name = "nominations"
    paginate_by = 25

    def get_queryset(self):
        return nominations_of(self.request.user).defer(*LISTING_DEFERS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        urls = {name: pk_url(name) for name in ("nominations:detail", "nominations:review", "nominations:pdf")}
        certificate_url = pk_url("judging:certificate")
        icons = {}
        rows = []
        for nomination in context["nominations"]:
            category = nomination.call.category
            if category.pk not in icons:
                icons[category.pk] = render_to_string("components/category_icon.html", {"category": category})
            state = describe(nomination, now)
            rows.append(
                {
                    "nomination": nomination,
                    "state": state,
                    "icon": icons[category.pk],
                    "can_edit": nomination.can_edit(now),
                    "detail_url": urls["nominations:detail"](nomination.pk),
                    "review_url": urls["nominations:review"](nomination.pk),
                    "pdf_url": urls["nominations:pdf"](nomination.pk),
                    "certificate_url": certificate_url(nomination.pk),
                }
            )
        context["rows"] = rows
        return context


class DetailView(OwnNominationMixin, View):
    def get(self, request, pk):
        nomination = self.get_nomination()
        now = timezone.now()
        state = describe(nomination, now)
        prefetch_related_objects([nomination], "answers", "files")
        context = {
            "nomination": nomination,
            "state": state,
            "deadline_passed": bool(state.deadline and state.deadline <= now),
            "files": questions.general_files(nomination),
            "answers": questions.answer_rows(
                nomination, questions.call_questions(nomination.call), file_link=questions.owner_file_link
            ),
            "history": visible_history(nomination, now),
            # The same for every state that reads "in judging" (choices.WITHDRAWABLE_STATES).
            "can_withdraw": can_proceed(nomination.withdraw),
        }
        return render(request, "nominations/detail.html", context)


class WithdrawView(OwnNominationMixin, View):
    def get(self, request, pk):
        nomination = self.get_nomination()
        if not can_proceed(nomination.withdraw):
            messages.error(request, _("This nomination can no longer be withdrawn."))
            return redirect("nominations:detail", pk=pk)
        return render(request, "nominations/withdraw.html", {"nomination": nomination, "form": WithdrawForm()})

    def post(self, request, pk):
        nomination = self.get_nomination()
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return render(request, "nominations/withdraw.html", {"nomination": nomination, "form": form})
        try:
            services.withdraw(nomination_id=nomination.pk, user=request.user, reason=form.cleaned_data["reason"])
        except services.NominationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The nomination has been withdrawn."))
        return redirect(reverse("nominations:detail", args=[pk]))
