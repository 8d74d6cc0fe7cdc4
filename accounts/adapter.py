"""allauth, adapted: a login refused by the failed-attempts limit gets the rate-limit page
(a 429 that says when to try again), as every other limit does, instead of a form error."""

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

    def login_attempts_key(self, request, login):
        """The key that allauth's per-account failed-login limit counts under."""
        return self._get_login_attempts_cache_key(request, email=login)
