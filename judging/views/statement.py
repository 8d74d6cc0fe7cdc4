"""The judge's statement for a cycle: "My statement for <cycle>" (judging:expert_statement),
and its short link for the current cycle (judging:expert_statement_current).

Whether they are available, how many nominations they can take, and their standing
interests (organisations they work for, advise or own a share of), which they confirm
before they score in the cycle (judging.views.statement_gate). Only the judge's own
statement: the URL names a cycle, never a statement, so no one else's can be reached.
Once the cycle's results are announced the statement is read only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from judging.experts.statement_forms import NO, YES, StatementForm, interest_formset
from judging.experts.statements import StatementError, save_statement
from judging.models import CycleStatement, JudgeProfile
from judging.views.judge import JudgeRequiredMixin
from judging.views.statement_gate import NEXT_FIELD, statement_url
from nominations.models import AwardCycle
from nominations.queries import current_cycle


def safe_next(request):
    """Where to go once the statement is confirmed: a page of this site, or None."""
    target = request.GET.get(NEXT_FIELD, "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return target if target and allowed else None


class StatementView(JudgeRequiredMixin, View):
    template_name = "judging/experts/statement.html"

    def setup_statement(self):
        self.cycle = get_object_or_404(AwardCycle, pk=self.kwargs["cycle_id"])
        self.judge = JudgeProfile.objects.get(user=self.request.user)
        self.statement = (
            CycleStatement.objects.filter(judge=self.judge, cycle=self.cycle).prefetch_related("interests").first()
        )
        self.closed = self.cycle.is_announced(timezone.now())

    def initial(self):
        statement = self.statement
        if statement is None:
            return {"available": YES}
        return {"available": YES if statement.available else NO, "capacity": statement.capacity}

    def render_page(self, request, form, formset, status=200):
        statement = self.statement
        context = {
            "cycle": self.cycle,
            "statement": statement,
            "confirmed": statement is not None and statement.confirmed_at is not None,
            "closed": self.closed,
            "form": form,
            "formset": formset,
            "interests": list(statement.interests.all()) if statement is not None else [],
            "next": safe_next(request),
            "action": statement_url(self.cycle.pk, next_url=safe_next(request)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, cycle_id):
        self.setup_statement()
        return self.render_page(request, StatementForm(initial=self.initial()), interest_formset(self.statement))

    def post(self, request, cycle_id):
        self.setup_statement()
        if self.closed:
            messages.error(
                request,
                _("The results of %(cycle)s are announced: its statement can no longer change.")
                % {"cycle": self.cycle},
            )
            return redirect(statement_url(self.cycle.pk))
        form = StatementForm(data=request.POST)
        formset = interest_formset(self.statement, data=request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                saved = save_statement(
                    judge=self.judge,
                    cycle=self.cycle,
                    available=data["available"],
                    capacity=data["capacity"],
                    interests=formset.pairs(),
                    confirm=data["confirm"],
                    user=request.user,
                )
            except StatementError as error:
                form.add_error(None, str(error))
            else:
                was_confirmed = self.statement is not None and self.statement.confirmed_at is not None
                self.tell(request, saved, was_confirmed)
                target = safe_next(request)
                if saved.statement.confirmed_at is not None and target:
                    return redirect(target)
                return redirect(statement_url(self.cycle.pk, next_url=target))
        messages.error(request, _("Not saved: correct what is marked below."))
        return self.render_page(request, form, formset)

    def tell(self, request, saved, was_confirmed):
        cycle = self.cycle
        if saved.statement.confirmed_at is not None:
            messages.success(request, _("Your statement for %(cycle)s is saved and confirmed.") % {"cycle": cycle})
        elif was_confirmed:
            messages.warning(
                request,
                _("Your interests changed: confirm them again before you score in %(cycle)s.") % {"cycle": cycle},
            )
        else:
            messages.warning(
                request,
                _("Saved, not confirmed yet: tick the confirmation to score in %(cycle)s.") % {"cycle": cycle},
            )
        if saved.conflicts:
            count = len(saved.conflicts)
            messages.info(
                request,
                ngettext(
                    "One of your nominations is run by or with an organisation you named: it is recorded as a "
                    "conflict of interest and leaves your list.",
                    "%(count)s of your nominations are run by or with organisations you named: they are recorded "
                    "as conflicts of interest and leave your list.",
                    count,
                )
                % {"count": count},
            )


class CurrentStatementView(JudgeRequiredMixin, View):
    """The short link: the statement for the current cycle (nominations.queries.current_cycle)."""

    def get(self, request):
        cycle = current_cycle()
        if cycle is None:
            raise Http404
        return redirect(statement_url(cycle.pk))


urlpatterns = [
    path("experts/statement/", CurrentStatementView.as_view(), name="expert_statement_current"),
    path("experts/statement/<int:cycle_id>/", StatementView.as_view(), name="expert_statement"),
]
