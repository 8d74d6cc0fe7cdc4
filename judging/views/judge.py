"""The judge's pages under /judging/: the dashboard, an assignment with the nomination and
the scoring form, declaring a conflict of interest, and the nomination's files.

Before a judge sees a nomination's details they confirm they have no conflict of
interest with it (or declare one): until then its page shows only the declaration, and
its files are a 404.

Only an active member of the expert pool gets in, and only to their own assignments that
are not recused: anything else is a 404 (whether it exists is nobody else's business).
In a blind round nothing that identifies the nominee or the nominator reaches the page."""

import os
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.files import send_file
from judging import services
from judging.experts.statements import confirmed
from judging.forms import ConflictForm, ScoringForm
from judging.models import AssignmentState, Round, RoundStatus
from judging.predicates import is_judge, sees_panels
from judging.queries import judge_assignment_rows, judge_assignments
from judging.views import confirm
from judging.views.statement_gate import StatementGateMixin, cycle_statements
from nominations.models import Category, NominationFile
from nominations.questions import answer_rows, call_questions
from nominations.views.mixins import NominatorRequiredMixin, keep_post, take_kept_post

A = AssignmentState

STATE_WORDS = {
    A.ASSIGNED: gettext_lazy("Not started"),
    A.IN_PROGRESS: gettext_lazy("In progress"),
    A.SUBMITTED: gettext_lazy("Submitted"),
}
CONFIRM_WORDS = gettext_lazy("Confirm no conflict")
ACTION_WORDS = {
    A.ASSIGNED: gettext_lazy("Start scoring"),
    A.IN_PROGRESS: gettext_lazy("Continue"),
    A.SUBMITTED: gettext_lazy("View"),
}
CONTENT_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def _is_autosave(request):
    return request.headers.get("X-Autosave") == "1"


def round_status(round_, now=None):
    """(RoundStatus, words) for a round's badge: upcoming, open or closed (Round.status)."""
    status = round_.status(now)
    return status, status.label


def refusal(round_):
    """Why nothing can be saved in this round now, in the services' own words; "" if open."""
    try:
        services.require_open(round_)
    except services.JudgingError as error:
        return str(error)
    return ""


def assignment_label(assignment):
    """How an assignment is named on the judge's pages: never by the nominee."""
    nomination = assignment.nomination
    return nomination.reference or _("Nomination %(number)s") % {"number": assignment.pk}


@dataclass(frozen=True)
class JudgeFile:
    record: NominationFile
    number: int
    blind: bool

    @property
    def is_image(self):
        return self.record.kind == NominationFile.Kind.IMAGE

    @property
    def label(self):
        if not self.blind:
            return self.record.original_name
        if self.is_image:
            return _("Image %(number)s") % {"number": self.number}
        return _("Document %(number)s") % {"number": self.number}

    @property
    def download_name(self):
        if not self.blind:
            return self.record.original_name
        extension = CONTENT_EXTENSIONS.get(self.record.content_type)
        if extension is None:
            extension = os.path.splitext(self.record.file.name)[1].lstrip(".").lower() or "bin"
        stem = "image" if self.is_image else "document"
        return f"{stem}-{self.number}.{extension}"


def judge_files(assignment):
    """The nomination's files, numbered in upload order (one query)."""
    blind = assignment.round.blind
    records = NominationFile.objects.filter(nomination_id=assignment.nomination_id).order_by("uploaded_at", "pk")
    return [JudgeFile(record=r, number=n, blind=blind) for n, r in enumerate(records, start=1)]


def judge_answers(assignment, files):
    """The nomination's answers to its call's questions (the nominator's text, shown in a
    blind round too, as the description is); a file answer under the judge's own file URL
    and, in a blind round, its neutral name."""
    entries = {f.record.pk: f for f in files}
    answered = {f.record.question_id: f.record for f in files if f.record.question_id}

    def link(record):
        return reverse("judging:file", args=[assignment.pk, record.pk]), entries[record.pk].label

    nomination = assignment.nomination
    asked = call_questions(nomination.call)
    return answer_rows(nomination, asked, files=answered, file_link=link) if asked else []


class JudgeRequiredMixin(NominatorRequiredMixin):
    """Signed in (a POST after the session expired is kept), with an active judge profile
    (judging.predicates.is_judge); anyone else gets a 404."""

    predicate = is_judge

    def handle_signed_out(self, request):
        if request.method == "POST" and _is_autosave(request):
            keep_post(request)
            message = _("Not saved: you have been signed out. Reload the page to sign in again.")
            return JsonResponse({"saved": False, "message": message}, status=401)
        return super().handle_signed_out(request)


class OwnAssignmentMixin(JudgeRequiredMixin):
    """The assignment in the URL, if it is the judge's own and not recused; 404 otherwise.
    It carries `statement_confirmed`, in the same query (judging.views.statement_gate)."""

    def get_assignment(self):
        if not hasattr(self, "_assignment"):
            statement = confirmed(cycle=OuterRef("round__cycle_id"), judge=OuterRef("judge_id"))
            assignments = judge_assignments(self.request.user).annotate(statement_confirmed=statement)
            self._assignment = get_object_or_404(assignments, pk=self.kwargs["pk"])
        return self._assignment


@dataclass
class RoundEntry:
    round: object
    status: RoundStatus
    status_label: str
    total: int = 0
    submitted: int = 0
    assignments: list = field(default_factory=list)


def pk_url(name):
    """A URL that differs only by one pk, reversed once: returns pk -> URL (a page that
    links every row does not pay for reverse() per row)."""
    marker = "2147483647"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


class DashboardView(JudgeRequiredMixin, View):
    """The judge's rounds with their progress and assignments: four queries, whatever the
    number of assignments (the judge profile, the assignments as plain rows, their rounds
    with cycles and whether the judge's statement for each cycle is confirmed, their
    categories)."""

    denied_template = "judging/judge/not_a_judge.html"

    def get(self, request):
        now = timezone.now()
        rows = list(judge_assignment_rows(request.user))
        statement = confirmed(cycle=OuterRef("cycle_id"), user=request.user)
        rounds = Round.objects.select_related("cycle").annotate(statement_confirmed=statement)
        rounds = rounds.in_bulk({row[1] for row in rows}) if rows else {}
        categories = Category.objects.in_bulk({row[6] for row in rows}) if rows else {}
        url_of = pk_url("judging:assignment")
        states = {value: str(words) for value, words in STATE_WORDS.items()}
        actions = {value: str(words) for value, words in ACTION_WORDS.items()}
        confirm_words = str(CONFIRM_WORDS)
        entries = {}
        for pk, round_id, state, declared_at, reference, title, category_id in rows:
            entry = entries.get(round_id)
            if entry is None:
                round_ = rounds[round_id]
                status, label = round_status(round_, now)
                entry = entries[round_id] = RoundEntry(round=round_, status=status, status_label=label)
            entry.total += 1
            entry.submitted += state == A.SUBMITTED
            label = reference or _("Nomination %(number)s") % {"number": pk}
            entry.assignments.append(
                {
                    "pk": pk,
                    "url": url_of(pk),
                    "label": label,
                    "title": title or label,
                    "category": categories[category_id].display_name,
                    "state_value": state,
                    "submitted": state == A.SUBMITTED,
                    "state": states.get(state) or A(state).label,
                    "declared": declared_at is not None,
                    "action": actions.get(state, _("View")) if declared_at else confirm_words,
                }
            )
        context = {"rounds": list(entries.values()), "now": now, "sees_panels": sees_panels(request.user)}
        context["statements"] = cycle_statements(entry.round for entry in context["rounds"])
        return render(request, "judging/judge/dashboard.html", context)


class AssignmentView(OwnAssignmentMixin, StatementGateMixin, View):
    """The nomination as the judge sees it, and the scoring form. Saving and submitting go
    through judging.services, which refuse outside the round's dates or once submitted."""

    template_name = "judging/judge/assignment.html"

    def get_form(self, assignment, data=None):
        self.criteria = list(assignment.round.criteria.all())
        self.scores = {s.criterion_id: s for s in assignment.scores.all()}
        return ScoringForm(
            data=data, criteria=self.criteria, scores=self.scores, overall_comment=assignment.overall_comment
        )

    def render_page(self, request, assignment, form, conflict_form=None, status=200):
        round_ = assignment.round
        files = judge_files(assignment)
        nomination = assignment.nomination
        locked = assignment.state == A.SUBMITTED
        closed_reason = "" if locked else refusal(round_)
        round_state, round_state_label = round_status(round_)
        context = {
            "assignment": assignment,
            "nomination": nomination,
            "round": round_,
            "blind": round_.blind,
            "label": assignment_label(assignment),
            "state_label": STATE_WORDS.get(assignment.state, assignment.get_state_display()),
            "round_state": round_state,
            "round_state_label": round_state_label,
            # A file answering one of the call's questions is shown under its question.
            "files": [f for f in files if not f.record.question_id],
            "answers": judge_answers(assignment, files),
            "form": form,
            "rows": form.rows(),
            "scored": [(c, self.scores.get(c.pk)) for c in self.criteria],
            "locked": locked,
            "closed_reason": closed_reason,
            "editable": not locked and not closed_reason,
            "conflict_form": conflict_form or ConflictForm(),
            "submit_confirmation": confirm.SUBMIT_SCORES,
            "conflict_confirmation": confirm.DECLARE_CONFLICT,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        assignment = self.get_assignment()
        if assignment.declared_no_conflict_at is None:
            return render_declaration(request, assignment)
        kept = take_kept_post(request) if assignment.state != A.SUBMITTED else None
        return self.render_page(request, assignment, self.get_form(assignment, data=kept))

    def post(self, request, pk):
        assignment = self.get_assignment()
        autosave = _is_autosave(request)
        if assignment.declared_no_conflict_at is None:
            message = str(services.NOT_DECLARED)
            if autosave:
                return JsonResponse({"saved": False, "message": message}, status=409)
            messages.error(request, message)
            return redirect("judging:assignment", pk=assignment.pk)
        form = self.get_form(assignment, data=request.POST)
        if not form.is_valid():
            if autosave:
                message = _("Not saved: check the scores marked on the page, then save.")
                return JsonResponse(
                    {"saved": False, "message": message, "errors": form.errors.get_json_data()}, status=400
                )
            messages.error(request, _("Not saved: correct the answers marked below."))
            return self.render_page(request, assignment, form)
        try:
            services.save_scores(
                assignment_id=assignment.pk,
                user=request.user,
                scores=form.score_data(),
                overall_comment=form.cleaned_data["overall_comment"],
            )
        except services.JudgingError as error:
            if autosave:
                return JsonResponse({"saved": False, "message": str(error)}, status=409)
            messages.error(request, str(error))
            return self.render_page(request, assignment, form)
        if autosave:
            now = timezone.localtime()
            return JsonResponse({"saved": True, "message": _("Saved at %(time)s") % {"time": time_format(now)}})
        if "submit_scores" in request.POST:
            complete = all(value is not None for value, _comment in form.score_data().values())
            if complete and not confirm.is_confirmed(request):
                # Saved as a draft; submitting waits for the judge's confirmation.
                return confirm.confirmation_page(
                    request,
                    confirm.SUBMIT_SCORES,
                    action=request.path,
                    cancel_url=request.path,
                    subject=assignment_label(assignment),
                )
            try:
                services.submit_assignment(assignment_id=assignment.pk, user=request.user)
            except services.JudgingError as error:
                messages.error(request, str(error))
                messages.info(request, _("Your scores so far are saved."))
            else:
                messages.success(request, _("Your scores are submitted. Thank you."))
        else:
            messages.success(request, _("Saved. You can change the scores until you submit them."))
        return redirect("judging:assignment", pk=assignment.pk)


def render_declaration(request, assignment):
    """Only what a judge needs to know whether they have a conflict: the reference,
    category and round, and in a round that is not blind the nominee's name and
    organisation."""
    round_ = assignment.round
    context = {
        "assignment": assignment,
        "nomination": assignment.nomination,
        "round": round_,
        "blind": round_.blind,
        "label": assignment_label(assignment),
        "wording": services.NO_CONFLICT_WORDING,
    }
    return render(request, "judging/judge/declare.html", context)


class FileView(OwnAssignmentMixin, StatementGateMixin, View):
    """A file of the assignment's nomination; in a blind round under a neutral name."""

    thumbnail = False

    def get(self, request, pk, file_pk):
        assignment = self.get_assignment()
        if assignment.declared_no_conflict_at is None:
            raise Http404
        entry = next((f for f in judge_files(assignment) if f.record.pk == file_pk), None)
        if entry is None:
            raise Http404
        record = entry.record
        if self.thumbnail:
            if not record.thumbnail:
                raise Http404
            return send_file(record.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
        return send_file(record.file, content_type=record.content_type, filename=entry.download_name, inline=True)


urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("assignments/<int:pk>/", AssignmentView.as_view(), name="assignment"),
    path("assignments/<int:pk>/files/<int:file_pk>/", FileView.as_view(), name="file"),
    path(
        "assignments/<int:pk>/files/<int:file_pk>/thumbnail/", FileView.as_view(thumbnail=True), name="file_thumbnail"
    ),
]
