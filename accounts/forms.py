from allauth.account.forms import SignupForm as AllauthSignupForm

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.honeypot import HoneypotFormMixin
from accounts.models import User, phone_validator

PROFILE_FIELDS = ["first_name", "last_name", "organisation", "phone", "preferred_language"]


def _profile_fields():
    """The profile's form fields, from the model (its validators, lengths and choices);
    the name is needed, in two parts that read naturally for Chinese names too."""
    fields = {name: User._meta.get_field(name).formfield() for name in PROFILE_FIELDS}
    fields["first_name"].required = fields["last_name"].required = True
    fields["first_name"].label = _("Given name")
    fields["last_name"].label = _("Family name")
    fields["first_name"].widget.attrs["autocomplete"] = "given-name"
    fields["last_name"].widget.attrs["autocomplete"] = "family-name"
    fields["organisation"].widget.attrs["autocomplete"] = "organization"
    fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
    # A model's validators run only in model forms; the sign-up form is not one.
    fields["phone"].validators.append(phone_validator)
    return fields


def browsing_language():
    """The language the visitor is reading the site in, if the site offers it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SignupForm(HoneypotFormMixin, AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS["signup"]) with the profile and the honeypot.
    allauth's adapter stores the name; signup() the rest of the profile."""

    field_order = ["email", *PROFILE_FIELDS, "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_profile_fields())
        self.fields["preferred_language"].initial = browsing_language()
        # Missing from the POST (an older form, a script): the language of the request.
        self.fields["preferred_language"].required = False
        self.order_fields(self.field_order)

    def signup(self, request, user):
        data = self.cleaned_data
        user.organisation = data.get("organisation", "")
        user.phone = data.get("phone", "")
        user.preferred_language = data.get("preferred_language") or browsing_language()
        user.save(update_fields=["organisation", "phone", "preferred_language"])


class ProfileForm(forms.ModelForm):
    """The person's own profile on "My account" (accounts.views.ProfileView)."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = _profile_fields()
        for name in PROFILE_FIELDS:
            self.fields[name] = fields[name]
