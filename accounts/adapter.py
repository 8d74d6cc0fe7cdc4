"""allauth, adapted: a login refused by the failed-attempts limit gets the rate-limit page
(a 429 that says when to try again), as every other limit does, instead of a form error;
and that limit counts per account whatever Host header the guesses come with."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429

from django.core.exceptions import ValidationError


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
