from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nominations.models.choices import Region

# Addresses at these domains say nothing about where someone works: never a conflict.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "126.com",
        "139.com",
        "163.com",
        "aliyun.com",
        "foxmail.com",
        "gmail.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "outlook.com",
        "qq.com",
        "sina.com",
        "sohu.com",
        "yahoo.com",
        "yeah.net",
        # Reserved for documentation and examples (RFC 2606): shared by everyone who uses them.
        "example.com",
        "example.net",
        "example.org",
    }
)


def email_domain(address):
    return address.rsplit("@", 1)[-1].strip().lower() if address and "@" in address else ""


class AffiliationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    THINK_TANK = "think_tank", _("Think tank")
    GOVERNMENT = "government", _("Government body")
    INDEPENDENT = "independent", _("Independent")


class ExpertiseKeyword(models.Model):
    """A field of expertise beyond the six categories (e.g. hydrogen, rail signalling),
    curated by the administrators; experts pick theirs from the list."""

    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")

    def __str__(self):
        return self.name


class JudgeProfile(models.Model):
    """A member of the expert pool (judging.experts: invited, accepted, profiled)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_profile", verbose_name=_("user")
    )
    expertise = models.ManyToManyField(
        "nominations.Category", related_name="experts", verbose_name=_("expertise"), blank=True
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    affiliation_kind = models.CharField(_("kind of body"), max_length=20, choices=AffiliationKind.choices, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    keywords = models.ManyToManyField(
        ExpertiseKeyword, related_name="experts", verbose_name=_("fields of expertise"), blank=True
    )
    # Language codes from settings.LANGUAGES the expert can judge in.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    listed_publicly = models.BooleanField(
        _("listed on the public site"),
        default=False,
        help_text=_("Only with the expert's own agreement: name, title, organisation and short bio."),
    )
    # When the expert finished the invitation's steps (account, two factors, profile).
    joined_at = models.DateTimeField(_("joined the pool"), null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__email"]
        verbose_name = _("judge")
        verbose_name_plural = _("expert pool")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def judging_filter(path=""):
        """Who is a judge, the one rule as a filter: a judge profile that is active (`path`
        leads from the queried model to the profile, e.g. "judge__"). User.is_active_judge is
        the same rule in Python; the "Judges" group makes no one a judge (accounts.roles)."""
        return Q(**{f"{path}active": True})

    @property
    def email_domain(self):
        return email_domain(self.user.email)


class Panel(models.Model):
    """The judges of one category in one cycle, with a chair."""

    cycle = models.ForeignKey("nominations.AwardCycle", on_delete=models.CASCADE, related_name="judging_panels")
    category = models.ForeignKey("nominations.Category", on_delete=models.PROTECT, related_name="judging_panels")
    members = models.ManyToManyField(JudgeProfile, related_name="panel_memberships", verbose_name=_("members"))
    chair = models.ForeignKey(
        JudgeProfile,
        on_delete=models.PROTECT,
        related_name="chaired_panels",
        verbose_name=_("chair"),
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["cycle", "category__sort_order"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["cycle", "category"], name="one_panel_per_cycle_category")]

    def __str__(self):
        return f"{self.cycle} · {self.category}"
