from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryIcon(models.TextChoices):
    """Icons drawn by templates/components/icons/<value>.svg."""

    INFRASTRUCTURE = "infrastructure", _("Bridge (infrastructure)")
    TECHNOLOGY = "technology", _("Chip (technology)")
    MATERIALS = "materials", _("Lattice (materials)")
    EQUIPMENT = "equipment", _("Gear (equipment)")
    PRODUCTS = "products", _("Box (products)")
    INDUSTRIES = "industries", _("Factory (industries)")


class Category(models.Model):
    """One of the award's categories. The six are created by a data migration. Name and
    description have a column per language (nominations.translation); reading them gives
    the active language's text, or the other language's when it has none."""

    code = models.CharField(
        _("code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. TEC."))],
        help_text=_("Three capital letters used in nomination references, e.g. 2026-TEC-0042."),
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=600, blank=True)
    icon = models.CharField(_("icon"), max_length=20, choices=CategoryIcon.choices)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A hex colour such as #1d4ed8."))],
        help_text=_("Dark enough for white text on it (contrast 4.5:1 or more)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name

    @property
    def css_class(self):
        """The class that gives an element this category's colour (nominations.views.category_css)."""
        return f"category-{self.code.lower()}"

    @property
    def display_description(self):
        return self.description or ""
