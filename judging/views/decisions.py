"""Decisions on a round's results (judging.views.results shows them): shortlisting and
commending, by awards administrators, through judging.services.decide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from judging import services
from judging.models import AwardLevel, RoundKind
from judging.views.access import FollowPanelMixin
from nominations.models import Nomination

OUTCOMES = {
    RoundKind.SHORTLISTING: ("shortlist", "not_shortlist"),
    RoundKind.FINAL: ("commend", "not_commend"),
}


def success_message(outcome, nomination, level=None):
    reference = nomination.reference
    if outcome == "shortlist":
        return _("%(ref)s is shortlisted.") % {"ref": reference}
    if outcome == "not_shortlist":
        return _("%(ref)s is not shortlisted.") % {"ref": reference}
    if outcome == "commend":
        return _("%(ref)s is commended: %(level)s.") % {"ref": reference, "level": level}
    return _("%(ref)s is not commended.") % {"ref": reference}


def context(view, lines):
    """What the results page needs for its decision column (view: the ResultsView)."""
    can_decide = view.manages and any(line.decidable for line in lines)
    levels = (
        list(AwardLevel.objects.filter(cycle_id=view.round.cycle_id))
        if can_decide and view.round.number == RoundKind.FINAL
        else []
    )
    return {"can_decide": can_decide, "is_final": view.round.number == RoundKind.FINAL, "levels": levels}


class DecideView(FollowPanelMixin, View):
    """POST: an awards administrator decides a ranked nomination (services.decide)."""

    http_method_names = ["post"]

    def post(self, request, round_pk, category_code, nomination_pk):
        if not self.manages:
            raise PermissionDenied
        nomination = get_object_or_404(
            Nomination.objects.select_related("call"),
            pk=nomination_pk,
            call__cycle_id=self.round.cycle_id,
            call__category=self.category,
        )
        if nomination.pk in self.hidden:
            raise Http404
        outcome = request.POST.get("outcome", "")
        level = None
        if outcome not in OUTCOMES[self.round.number]:
            messages.error(request, _("This decision does not belong to this round."))
            return redirect("judging:results", round_pk=self.round.pk, category_code=self.category.code)
        if outcome == "commend":
            level_pk = request.POST.get("level", "")
            level = (
                AwardLevel.objects.filter(cycle_id=self.round.cycle_id, pk=int(level_pk)).first()
                if level_pk.isdigit()
                else None
            )
        try:
            services.decide(nomination=nomination, user=request.user, outcome=outcome, level=level)
        except services.JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success_message(outcome, nomination, level))
        return redirect("judging:results", round_pk=self.round.pk, category_code=self.category.code)


urlpatterns = [
    path(
        "rounds/<int:round_pk>/results/<str:category_code>/decide/<int:nomination_pk>/",
        DecideView.as_view(),
        name="decide",
    ),
]
