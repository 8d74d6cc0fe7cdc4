"""The account holder's own pages: what we keep, download it, delete the account."""

from allauth.core import ratelimit

from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.permission import PredicateRequiredMixin
from privacy.export import build_archive
from privacy.forms import DeleteAccountForm
from privacy.services import erase_user


class MyDataView(PredicateRequiredMixin, TemplateView):
    template_name = "privacy/my_data.html"


class ExportView(PredicateRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        if response := ratelimit.consume_or_429(request, action="privacy_export", user=request.user):
            return response
        archive = build_archive(request.user)
        filename = f"my-data-{timezone.now():%Y%m%d}.zip"
        return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")


class DeleteAccountView(PredicateRequiredMixin, View):
    def render_page(self, request, form):
        return render(request, "privacy/delete_account.html", {"form": form})

    def get(self, request):
        return self.render_page(request, DeleteAccountForm(user=request.user))

    def post(self, request):
        form = DeleteAccountForm(request.POST, user=request.user)
        if response := ratelimit.consume_or_429(request, action="privacy_delete", user=request.user):
            return response
        if form.is_valid():
            user = request.user
            erase_user(user, by=user, reason="Deleted by the account holder")
            logout(request)
            messages.success(request, _("Your account is deleted and your personal data erased."))
            return redirect("/")
        return self.render_page(request, form)


my_data = MyDataView.as_view()
export = ExportView.as_view()
delete_account = DeleteAccountView.as_view()
