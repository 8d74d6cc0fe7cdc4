"""allauth, adapted: a login refused by the failed-attempts limit gets the rate-limit page
(a 429 that says when to try again), as every other limit does, instead of a form error;
that limit counts per account whatever Host header the guesses come with; and allauth's
emails (verification, password reset, notices) are written in the recipient's preferred
language, greet them by name and carry the product's name rather than the request's host."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.emails import build_message, greeting, language_of, site_identity, subject_line, supported
from accounts.models import User

# The link an allauth email is about, shown as the HTML part's button (its label).
EMAIL_ACTIONS = (
    ("activate_url", _("Confirm the address")),
    ("password_reset_url", _("Choose a new password")),
    ("signup_url", _("Sign up")),
)


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
        # In the recipient's preferred language when the address is an account's, else in the
        # request's (someone signing up, or asking about an address we do not know).
        user = self._recipient(email, context)
        language = language_of(user) if user else supported(translation.get_language())
        with translation.override(language):
            identity = site_identity()
            extra = {
                **identity,
                "current_site": SimpleNamespace(name=identity["site_name"], domain=identity["site_domain"]),
                "greeting": greeting(user) if user else "",
            }
            ctx = {"request": allauth_context.request, "email": email, **context, **extra}
            ctx.update(self._action(ctx))
            message = self.render_mail(template_prefix, email, ctx)
        message.send()

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's `<prefix>_subject.txt` and `<prefix>_message.txt` (ours in
        templates/account/email/ where we reword them; every one under our base_message.txt),
        sent as text with the HTML alternative in the site's look (accounts.emails)."""
        if "site_name" not in context:  # called other than through send_mail
            context = {**site_identity(), **context}
        to = [email] if isinstance(email, str) else email
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}_message.txt", context).strip() + "\n"
        return build_message(subject=subject, text=text, to=to, context=context, headers=headers)

    def format_email_subject(self, subject):
        return subject_line(subject, site_identity())

    @staticmethod
    def _action(context):
        for key, label in EMAIL_ACTIONS:
            if context.get(key):
                return {"action_url": context[key], "action_label": label}
        return {}

    @staticmethod
    def _recipient(email, context):
        """The account the email goes to, if there is one: the context's user (verification,
        password reset) or the owner of the address (notices, "account already exists")."""

        user = context.get("user")
        if isinstance(user, User):
            return user
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        if address:
            return address.user
        return User.objects.filter(email__iexact=email).first()
