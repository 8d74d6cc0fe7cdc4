"""The forms of joining the expert pool: the new account (judging.experts.onboarding) and
the expert's profile, the same on the last step of joining and on "My expert profile"."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import CJK, User
from core.locales import in_site_order
from judging.models import AffiliationKind, ExpertiseKeyword, JudgeProfile
from nominations.models import Category, Region


def split_name(name):
    """(given name, family name) guessed from the invitation's name: a name in a CJK script
    puts the family name first, with no space (张伟 → 伟, 张; accounts.models.User's
    display_name joins them back); "Mei Lin" → Mei, Lin. Only the form's first guess: the
    expert corrects it."""
    name = " ".join((name or "").split())
    if not name:
        return "", ""
    if CJK.search(name):
        if " " in name:
            family, given = name.split(" ", 1)
            return given, family
        # Most Chinese family names are one character; the expert corrects the rare others.
        return name[1:], name[:1]
    if " " not in name:
        return name, ""
    given, family = name.rsplit(" ", 1)
    return given, family


class AccountForm(forms.Form):
    """A new account for the invitation's address (shown, not editable: the invitation was
    sent there, which is what verifies it)."""

    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the emails we send you."),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        # Django's validators' rules, as one plain paragraph.
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        data = super().clean()
        password, again = data.get("password1"), data.get("password2")
        if password and again and password != again:
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            # Django's validators (AUTH_PASSWORD_VALIDATORS), with the account to be as the
            # user, so that a password too like the name or the address is refused.
            future = User(email=self.email, first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(password, future)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    """The expert's profile: who they are, where from, what they can judge, in which
    languages, and whether the public site may list them."""

    expertise = forms.ModelMultipleChoiceField(
        label=_("Categories of expertise"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The award categories whose nominations you can judge: at least one."),
        error_messages={"required": _("Choose at least one category.")},
    )
    keywords = forms.ModelMultipleChoiceField(
        label=_("Fields of expertise"),
        queryset=ExpertiseKeyword.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Your fields within the categories, from the awards office's list."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can judge in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )

    class Meta:
        model = JudgeProfile
        fields = [
            "title",
            "organisation",
            "affiliation_kind",
            "region",
            "expertise",
            "keywords",
            "languages",
            "bio",
            "listed_publicly",
        ]
        labels = {
            "organisation": _("Organisation"),
            "affiliation_kind": _("Kind of body"),
            "region": _("Region"),
            "title": _("Title"),
            "bio": _("Short bio"),
            "listed_publicly": _("List me on the public site"),
        }
        help_texts = {
            "title": _("Your position, as it should appear to the awards office (e.g. Professor, Chief engineer)."),
            "organisation": _("The enterprise, university, institute or body you work for."),
            "region": _("Where your organisation is based."),
            "bio": _("A few sentences on your work and experience."),
            "listed_publicly": _(
                "Only if you tick this, the public list of the expert pool on this site shows your name, title, "
                "organisation, kind of body, region, categories and fields of expertise, and your short bio. Never "
                "your email address, nor anything about the nominations you judge. You can change your mind at any "
                "time on your expert profile."
            ),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
            "affiliation_kind": forms.Select,
            "region": forms.Select,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisation too, unless they are independent (clean).
        for name in ("affiliation_kind", "region"):
            self.fields[name].required = True
        # The choices without Django's blank "---------" label, under a plain prompt.
        self.fields["affiliation_kind"].choices = [("", _("Choose…")), *AffiliationKind.choices]
        self.fields["region"].choices = [("", _("Choose…")), *Region.choices]
        self.fields["bio"].max_length = 1000
        if not ExpertiseKeyword.objects.exists():
            del self.fields["keywords"]  # none curated yet: no empty list of boxes
        self.fields["title"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean_languages(self):
        return in_site_order(self.cleaned_data["languages"])

    def clean(self):
        data = super().clean()
        independent = data.get("affiliation_kind") == AffiliationKind.INDEPENDENT
        if not independent and not (data.get("organisation") or "").strip() and "organisation" not in self.errors:
            self.add_error("organisation", _("Name your organisation, or choose “Independent” as the kind of body."))
        return data
