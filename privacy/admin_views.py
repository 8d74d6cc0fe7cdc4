"""Erasure on request, from the Wagtail admin: an account, or one nominee's data."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.permission import PredicateRequiredMixin
from nominations.models import Nomination
from privacy.forms import ErasureForm
from privacy.models import ErasureRecord
from privacy.predicates import can_erase
from privacy.services import erase_nominee, erase_user, is_erased


class ErasureView(PredicateRequiredMixin, View):
    """Who may erase (privacy.predicates.can_erase); anyone else is sent back to the admin's
    dashboard with a message, as Wagtail answers a PermissionDenied."""

    predicate = can_erase
    denied = PermissionDenied

    def get(self, request, *args, **kwargs):
        return self.handle(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.handle(request, *args, **kwargs)


class EraseUserView(ErasureView):
    def handle(self, request, user_id):
        return erase_user_page(request, user_id)


class EraseNominationView(ErasureView):
    def handle(self, request, nomination_id):
        return erase_nomination_page(request, nomination_id)


def erase_user_page(request, user_id):
    person = get_object_or_404(get_user_model(), pk=user_id)
    if person.pk == request.user.pk:
        messages.error(request, _("Erase your own account from your account pages instead."))
        return redirect("wagtailusers_users:index")
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        erase_user(person, by=request.user, reason=reason, requested_by=ErasureRecord.Requester.ADMINISTRATOR)
        messages.success(request, _("The account's personal data is erased."))
        return redirect("wagtailusers_users:index")
    context = {
        "form": form,
        "person": person,
        "already_erased": is_erased(person),
        "nominations": Nomination.objects.filter(nominator=person).count(),
        "page_title": _("Erase an account"),
    }
    return TemplateResponse(request, "privacy/admin/erase_user.html", context)


def erase_nomination_page(request, nomination_id):
    nomination = get_object_or_404(Nomination, pk=nomination_id)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase_nominee(nomination, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("The nominee's personal data is erased from %(reference)s.")
            % {"reference": nomination.reference or nomination.pk},
        )
        return redirect(reverse("privacy_admin:erase_nomination", args=[nomination.pk]))
    context = {
        "form": form,
        "nomination": nomination,
        "already_erased": hasattr(nomination, "erasure"),
        "page_title": _("Erase a nominee's data"),
    }
    return TemplateResponse(request, "privacy/admin/erase_nomination.html", context)
