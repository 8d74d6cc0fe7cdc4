"""allauth, adapted: a login refused by the failed-attempts limit gets the rate-limit page
(a 429 that says when to try again), as every other limit does, instead of a form error;
that limit counts per account whatever Host header the guesses come with; and allauth's
emails (verification, password reset, notices) are written in the recipient's preferred
language, greet them by name and carry the product's name rather than the request's host."""

from contextlib import nullcontext
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.emails import greeting, in_language_of


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            # AccountMiddleware turns this into the response (awards_site.urls.handler429).
            raise ImmediateHttpResponse(respond_429(request)) from error

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth prefixes the login with the request's host (Host header, port and case as
        # sent), so "Host: site:8443" or "Host: SITE" would each get five fresh guesses at a
        # locked account. One site, one set of accounts: the login alone is the key.
        return credentials.get("email", credentials.get("username", "")).strip().lower()

    def login_attempts_key(self, request, login):
        """The key that the per-account failed-login limit counts under."""
        return self._get_login_attempts_cache_key(request, email=login)

    def send_mail(self, template_prefix, email, context):
        user = self._recipient(email, context)
        with in_language_of(user) if user else nullcontext():
            site = self._site_for_emails()
            extra = {"current_site": site, "site_name": site.name, "greeting": greeting(user) if user else ""}
            super().send_mail(template_prefix, email, {**context, **extra})

    @staticmethod
    def _recipient(email, context):
        """The account the email goes to, if there is one: the context's user (verification,
        password reset) or the owner of the address (notices, "account already exists")."""
        from allauth.account.models import EmailAddress

        from accounts.models import User

        user = context.get("user")
        if isinstance(user, User):
            return user
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        if address:
            return address.user
        return User.objects.filter(email__iexact=email).first()

    @staticmethod
    def _site_for_emails():
        """allauth's templates name {{ current_site.name }} and .domain: without
        django.contrib.sites those are the request's host (127.0.0.1). The product's name, in
        the active language, and the site's configured domain instead."""
        return SimpleNamespace(
            name=str(settings.WAGTAIL_SITE_NAME), domain=urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
        )
