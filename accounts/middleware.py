from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.mfa import has_mfa, needs_mfa


class RequireMFAMiddleware:
    """Sends staff, judges and chairs without an authenticator to set one up before they
    reach the paths in MFA_REQUIRED_PATHS (the admin and the judging pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        paths = getattr(settings, "MFA_REQUIRED_PATHS", ())
        if paths and request.path.startswith(tuple(paths)) and needs_mfa(request.user) and not has_mfa(request.user):
            messages.warning(
                request,
                _("Set up two-factor authentication first: staff and judges need it to reach this page."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
