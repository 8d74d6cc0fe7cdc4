import math

from allauth.decorators import rate_limit

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, UpdateView

from wagtail import views as wagtail_views
from wagtail.documents.views import serve as wagtail_document_views

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.ratelimits import refusal
from core.permission import PredicateRequiredMixin


class ProfileView(PredicateRequiredMixin, UpdateView):
    """My account: the person's own profile (name, organisation, phone, the language of
    their emails), with links to allauth's pages for the email address, password and two
    factors. Only ever the signed-in person's own account."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"

    def get_object(self, queryset=None):
        # A fresh copy: a refused form must not change the signed-in user of this request.
        return User.objects.get(pk=self.request.user.pk)

    def form_valid(self, form):
        messages.success(self.request, _("Your profile is saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("account_profile")


class AdminLoginRedirectView(RedirectView):
    """Sends Wagtail's login pages (/admin/login/, /_util/login/) to allauth's sign-in page,
    keeping where to go next: every sign-in goes through allauth's rate limits, email
    verification and second factor. A POST gets the same redirect, so a password posted
    there is never checked."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        url = reverse("account_login")
        next_url = self.request.GET.get("next")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def rate_limited(request):
    """allauth's answer to a spent rate limit (awards_site.urls.handler429): the site's page
    saying when to try again, and the same in a Retry-After header (seconds)."""
    refused = refusal(request)
    context = {
        # The account's own lock (failed logins per account), rather than the address's limits.
        "account_locked": refused.action == "login_failed" and refused.per == "key",
        "minutes": max(1, math.ceil(refused.seconds / 60)),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(refused.seconds)
    add_never_cache_headers(response)
    return response


# Wagtail's shared-password forms (a private page's, a private collection's documents') have
# no limit of their own: a password could be guessed at full speed. The same views, behind
# allauth's limit "page_password" (awards_site.urls routes to these first). They grant that
# page or collection to the session only, never sign anyone in (test_login_surfaces.py).
page_password = rate_limit(action="page_password")(wagtail_views.authenticate_with_password)
document_password = rate_limit(action="page_password")(wagtail_document_views.authenticate_with_password)
