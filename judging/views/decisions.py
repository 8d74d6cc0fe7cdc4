"""The results page's record of decisions (judging.views.results shows them): the chair's
sign-off of the ranking, shortlisting and commending by awards administrators once it is
signed off, and undoing a decision before the announcement. The writes are in
judging.decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from judging import decisions
from judging.chair_forms import DecisionForm, SignOffForm, UndoDecisionForm, first_error
from judging.models import AwardLevel, Decision, RankingSignOff, RoundKind
from judging.predicates import manages_judging
from judging.services import JudgingError
from judging.views import confirm
from judging.views.access import FollowPanelMixin
from nominations.models import Nomination

OUTCOMES = decisions.OUTCOMES_OF  # by the round's stage


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
    """What the results page needs for its sign-off section and its decision column
    (view: the ResultsView; lines: a callable giving its lines, called only for a viewer
    who decides). Decisions show only once the ranking is signed off."""
    round_, category = view.round, view.category
    signed = RankingSignOff.objects.select_related("signed_by").filter(round=round_, category=category).first()
    refusal = (
        "" if signed else decisions.sign_off_refusal(round_, category, view.request.user, view.panel, signed=False)
    )
    required = round_.judges_per_nomination
    can_decide = signed is not None and view.manages  # (the permissions are read only then)
    lines = lines() if can_decide else []
    standing = {}
    if can_decide and not round_.cycle.is_announced():
        standing = {
            d.nomination_id: d
            for d in Decision.objects.filter(
                round=round_, nomination_id__in=[line.nomination.pk for line in lines], undone_at=None
            )
        }
    for line in lines:
        line.short = line.row.judges < required
        line.decision = standing.get(line.nomination.pk)
    levels = (
        list(AwardLevel.objects.filter(cycle_id=round_.cycle_id))
        if can_decide and round_.stage == RoundKind.FINAL
        else []
    )
    return {
        "can_decide": can_decide,
        "is_final": round_.stage == RoundKind.FINAL,
        "levels": levels,
        "sign_off": signed,
        "can_sign_off": signed is None and not refusal,
        "sign_off_refusal": refusal,
        "round_closed": decisions.round_closed(round_),
        "chairless": view.panel is None or view.panel.chair_id is None,
        "scores_required": required,
        "decision_confirmations": confirm.DECISIONS if can_decide else {},
    }


def back(view):
    return redirect("judging:results", round_pk=view.round.pk, category_code=view.category.code)


def subject(nomination):
    return f"{nomination.reference} · {nomination.title}" if nomination.title else nomination.reference


def ask(view, request, nomination, form):
    """Without JavaScript's dialog: the page that asks before deciding (judging.views.confirm)."""
    outcome, level = form.cleaned_data["outcome"], form.cleaned_data["level"]
    details = []
    if level is not None:
        details.append((_("Award level"), str(level)))
    reason = form.cleaned_data["override_reason"]
    if reason:
        details.append((_("Reason for deciding with fewer scores"), reason))
    return confirm.confirmation_page(
        request,
        confirm.DECISIONS[outcome],
        action=request.path,
        cancel_url=reverse("judging:results", args=[view.round.pk, view.category.code]),
        subject=subject(nomination),
        details=details,
    )


class DecideView(FollowPanelMixin, View):
    """POST: an awards administrator decides a ranked nomination (judging.decisions.decide);
    a chair who may follow the panel gets a 403, anyone else a 404."""

    http_method_names = ["post"]
    also_requires = ((manages_judging, PermissionDenied),)

    def post(self, request, round_pk, category_code, nomination_pk):
        nomination = get_object_or_404(
            Nomination.objects.select_related("call"),
            pk=nomination_pk,
            call__cycle_id=self.round.cycle_id,
            call__category=self.category,
        )
        if nomination.pk in self.hidden:
            raise Http404
        form = DecisionForm(request.POST, round_=self.round, outcomes=OUTCOMES[self.round.stage])
        if not form.is_valid():
            messages.error(request, first_error(form))
            return back(self)
        if not confirm.is_confirmed(request):
            return ask(self, request, nomination, form)
        outcome, level = form.cleaned_data["outcome"], form.cleaned_data["level"]
        try:
            decisions.decide(
                nomination=nomination,
                user=request.user,
                outcome=outcome,
                level=level,
                override_reason=form.cleaned_data["override_reason"],
                round_=self.round,
            )
        except JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success_message(outcome, nomination, level))
        return back(self)


class SignOffView(FollowPanelMixin, View):
    """POST: the panel's chair (or, without a chair, an awards administrator) signs off
    the round's ranking in the category (judging.decisions.sign_off)."""

    http_method_names = ["post"]

    def post(self, request, round_pk, category_code):
        form = SignOffForm(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return back(self)
        try:
            decisions.sign_off(
                round_=self.round, category=self.category, user=request.user, note=form.cleaned_data["note"]
            )
        except JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The ranking is signed off: decisions can be taken."))
        return back(self)


class UndoDecisionView(FollowPanelMixin, View):
    """POST: an awards administrator undoes a decision, with a reason
    (judging.decisions.undo_decision); a chair gets a 403, anyone else a 404."""

    http_method_names = ["post"]
    also_requires = ((manages_judging, PermissionDenied),)

    def post(self, request, round_pk, category_code, decision_pk):
        decision = get_object_or_404(
            Decision.objects.select_related("nomination"),
            pk=decision_pk,
            round=self.round,
            nomination__call__category=self.category,
        )
        form = UndoDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return back(self)
        try:
            decisions.undo_decision(decision=decision, user=request.user, reason=form.cleaned_data["reason"])
        except JudgingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The decision on %(ref)s is undone.") % {"ref": decision.nomination.reference})
        return back(self)


urlpatterns = [
    path(
        "rounds/<int:round_pk>/results/<str:category_code>/decide/<int:nomination_pk>/",
        DecideView.as_view(),
        name="decide",
    ),
    path("rounds/<int:round_pk>/results/<str:category_code>/sign-off/", SignOffView.as_view(), name="sign_off"),
    path(
        "rounds/<int:round_pk>/results/<str:category_code>/decisions/<int:decision_pk>/undo/",
        UndoDecisionView.as_view(),
        name="undo_decision",
    ),
]
