"""The gate before scoring: a judge confirms their statement for a cycle (the organisations
they work for, advise or own a share of, judging.experts.statements) before they open any
of their assignments in it.

The gate stands before the no-conflict declaration: the statement is about the judge, once
a cycle; the declaration is about one nomination, and comes after. Until the statement is
confirmed, the assignment's page (the declaration and the scoring form), saving and
submitting scores, declaring no conflict and the nomination's files send the judge to the
statement page with a message (an autosave gets the message as JSON). Declaring a conflict
stays open: stepping back from a nomination needs no statement."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

NEXT_FIELD = "next"


def statement_url(cycle_id, next_url=None):
    """The judge's statement page for a cycle; back to `next_url` once confirmed."""
    url = reverse("judging:expert_statement", args=[cycle_id])
    return f"{url}?{urlencode({NEXT_FIELD: next_url})}" if next_url else url


def statement_first_message(cycle):
    return _(
        "Before you score in %(cycle)s, confirm your statement for it: the organisations you work for, "
        "advise or own a share of."
    ) % {"cycle": cycle}


class StatementGateMixin:
    """Listed after OwnAssignmentMixin in a view's bases, so that it runs once the permission
    check passed. The assignment carries `statement_confirmed` (OwnAssignmentMixin's query,
    judging.experts.statements.confirmed): no query of its own."""

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if request.user.is_authenticated and method in self.http_method_names and hasattr(self, method):
            assignment = self.get_assignment()
            if not assignment.statement_confirmed:
                return self.statement_first(request, assignment)
        return super().dispatch(request, *args, **kwargs)

    def statement_first(self, request, assignment):
        cycle = assignment.round.cycle
        message = statement_first_message(cycle)
        if request.method == "POST" and request.headers.get("X-Autosave") == "1":
            return JsonResponse({"saved": False, "message": message}, status=409)
        messages.warning(request, message)
        back = reverse("judging:assignment", args=[assignment.pk])
        return redirect(statement_url(cycle.pk, next_url=back))


@dataclass(frozen=True)
class StatementEntry:
    """One cycle of the judge's dashboard: whether their statement is confirmed."""

    cycle: object
    confirmed: bool

    @property
    def url(self):
        return statement_url(self.cycle.pk)


def cycle_statements(rounds):
    """The cycles of the judge's rounds (annotated with `statement_confirmed`), once each,
    in the rounds' order."""
    entries = {}
    for round_ in rounds:
        entries.setdefault(round_.cycle_id, StatementEntry(cycle=round_.cycle, confirmed=round_.statement_confirmed))
    return list(entries.values())
