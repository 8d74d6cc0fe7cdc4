import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Chinese, Japanese and Korean scripts (ideographs, kana, hangul): names written in them put
# the family name first, with no space between the parts (张伟).
CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)

# Loose on purpose: people write numbers in many ways (+86 10 1234-5678, (020) 7946 0000).
phone_validator = RegexValidator(
    r"^[0-9 +()\-]*[0-9][0-9 +()\-]*$",
    _("Enter a phone number using digits, spaces, +, - and parentheses only."),
)


def language_choices():
    return settings.LANGUAGES


def default_language():
    return settings.LANGUAGE_CODE


class EmailUserManager(UserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Anyone who signs up is a nominator; roles come from
    groups (see accounts.roles)."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language of the emails we send you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_active_judge(self):
        """Who is a judge, the one rule: a judge profile that is active (accounts.roles; the
        "Judges" group makes no one a judge). As a filter in queries it is
        JudgeProfile.judging_filter (judging.models.pool). The two-factor check
        (accounts.mfa.mfa_facts) reads it with its one query on every signed-in request and
        leaves it here, so the site's header asks no query of its own; else it is read from
        the profile."""
        known = self.__dict__.get("_active_judge")
        if known is not None:
            return known
        profile = getattr(self, "judge_profile", None)  # judging's, by its related name
        return profile is not None and profile.active

    @property
    def display_name(self):
        """The name as its owner writes it: 张伟 (family name first, no space) when either
        part is in a CJK script, otherwise "First Last"."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if CJK.search(first) or CJK.search(last):
            return f"{last}{first}"
        return " ".join(part for part in (first, last) if part)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        """How to address the person: the given name in the West ("Mei"); the whole name for
        a CJK name, since a given name alone (伟) is too familiar from an awards office."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if CJK.search(first) or CJK.search(last):
            return self.display_name
        return first or self.display_name
