from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.mfa import SERVED_AS_PUBLIC_URL_NAMES, lacks_required_mfa, reachable_without_mfa


def redirect_to_mfa_setup(request):
    messages.warning(
        request,
        _("Set up two-factor authentication first: staff and judges need it to reach this page."),
    )
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


class RequireMFAMiddleware:
    """Staff, judges and chairs without an authenticator (accounts.mfa.lacks_required_mfa)
    reach only the public site, allauth's pages (signing in and out, their account, setting
    up two factors) and nothing else: every other view, the admin, judging, nomination files,
    exports and any view added later, sends them to set up an authenticator first.

    Decided in process_view, after URL resolution, from the view's URL name and package
    (accounts.mfa.reachable_without_mfa): an allowlist, not a list of protected paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        # Asked on every signed-in request, public pages included: its one query also tells
        # the site's header and the admin's user bar what they show (accounts.mfa.mfa_facts),
        # which would otherwise cost them three.
        lacks = lacks_required_mfa(request.user)
        match = request.resolver_match
        if not reachable_without_mfa(match):
            return redirect_to_mfa_setup(request) if lacks else None
        if match.url_name in SERVED_AS_PUBLIC_URL_NAMES and lacks:
            request.user = AnonymousUser()
        return None
