"""A judge's declarations on an assignment: no conflict of interest (then the nomination
opens), or a conflict, which recuses them from the nomination in every round."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from judging import services
from judging.forms import ConflictForm
from judging.views import confirm
from judging.views.judge import OwnAssignmentMixin, assignment_label
from judging.views.statement_gate import StatementGateMixin
from nominations.views.mixins import take_kept_post


class DeclareNoConflictView(OwnAssignmentMixin, StatementGateMixin, View):
    """POST: the judge confirms they have no conflict of interest, then sees the nomination
    (after their statement for the cycle, judging.views.statement_gate)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = self.get_assignment()
        try:
            services.declare_no_conflict(assignment_id=assignment.pk, user=request.user)
        except services.JudgingError as error:
            messages.error(request, str(error))
        return redirect("judging:assignment", pk=assignment.pk)


class ConflictView(OwnAssignmentMixin, View):
    """Declaring a conflict of interest recuses the judge from the nomination, in every round."""

    template_name = "judging/judge/conflict.html"

    def render_page(self, request, assignment, form, status=200):
        context = {
            "assignment": assignment,
            "label": assignment_label(assignment),
            "conflict_form": form,
            "conflict_confirmation": confirm.DECLARE_CONFLICT,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        assignment = self.get_assignment()
        return self.render_page(request, assignment, ConflictForm(data=take_kept_post(request)))

    def post(self, request, pk):
        assignment = self.get_assignment()
        form = ConflictForm(data=request.POST)
        if form.is_valid() and not confirm.is_confirmed(request):
            return confirm.confirmation_page(
                request,
                confirm.DECLARE_CONFLICT,
                action=request.path,
                cancel_url=reverse("judging:assignment", args=[assignment.pk]),
                subject=assignment_label(assignment),
                details=[(_("Your reason"), form.cleaned_data["reason"])],
            )
        if form.is_valid():
            try:
                services.declare_conflict(
                    assignment_id=assignment.pk, user=request.user, reason=form.cleaned_data["reason"]
                )
            except services.JudgingError as error:
                form.add_error("reason", str(error))
            else:
                messages.success(
                    request,
                    _("Conflict of interest declared: you will not judge %(label)s. Thank you for saying so.")
                    % {"label": assignment_label(assignment)},
                )
                return redirect("judging:dashboard")
        return self.render_page(request, assignment, form)


urlpatterns = [
    path("assignments/<int:pk>/declare/", DeclareNoConflictView.as_view(), name="declare_no_conflict"),
    path("assignments/<int:pk>/conflict/", ConflictView.as_view(), name="conflict"),
]
