"""The account holder's own pages: what we keep, download it, delete the account."""

from allauth.core import ratelimit

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacy.export import build_archive
from privacy.forms import DeleteAccountForm
from privacy.services import erase_user


@login_required
def my_data(request):
    return render(request, "privacy/my_data.html")


@login_required
@require_POST
def export(request):
    if response := ratelimit.consume_or_429(request, action="privacy_export", user=request.user):
        return response
    archive = build_archive(request.user)
    filename = f"my-data-{timezone.now():%Y%m%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if response := ratelimit.consume_or_429(request, action="privacy_delete", user=request.user):
            return response
        if form.is_valid():
            user = request.user
            erase_user(user, by=user, reason="Deleted by the account holder")
            logout(request)
            messages.success(request, _("Your account is deleted and your personal data erased."))
            return redirect("/")
    return render(request, "privacy/delete_account.html", {"form": form})
