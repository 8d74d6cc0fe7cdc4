from allauth.account.forms import SignupForm as AllauthSignupForm

from accounts.honeypot import HoneypotFormMixin


class SignupForm(HoneypotFormMixin, AllauthSignupForm):
    """allauth's sign-up form with the honeypot (ACCOUNT_FORMS["signup"])."""
