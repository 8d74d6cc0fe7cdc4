from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.bilingual import SiteSettingsForm, language_row
from core.page_context import listing_context
from core.segment import page_search_text
from home.blocks import BodyBlock


class HomePage(Page):
    """The site's front page: the current cycle's timeline and the six categories."""

    hero_heading = models.CharField(_("heading"), max_length=120)
    hero_text = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("more content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["nominations.CallIndexPage", "nominations.WinnersIndexPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def search_text(self):
        return page_search_text(self, "hero_heading", "hero_text", "body")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["now"] = timezone.now()
        # Lazy (home.listings): the template keeps its body as a fragment, and a kept one
        # needs none of its queries.
        context.update(listing_context(self, request))
        return context


class StandardPage(Page):
    """About, privacy, FAQ and the like."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def search_text(self):
        return page_search_text(self, "intro", "body")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The city's name for the awards, its tagline and how to reach the office, in both
    languages (home.translation): the header, the footer and every email read them."""

    # Empty until an editor writes it: the header, titles and emails then show the product's
    # name from the interface catalogue, in the reader's language.
    site_name = models.CharField(_("name of the awards"), max_length=120, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    organiser = models.CharField(_("organised by"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    # The winners' certificates (nominations.certificates): the city's emblem at the top and
    # up to two signatories at the foot. A signatory without a name is left out; one without
    # a signature image gets a blank line to sign by hand.
    certificate_emblem = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("emblem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The city's emblem, printed at the top of every certificate. A square PNG works best."),
    )
    signatory_1_name = models.CharField(_("first signatory's name"), max_length=80, blank=True)
    signatory_1_title = models.CharField(_("first signatory's title"), max_length=120, blank=True)
    signatory_1_signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("first signatory's signature"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a scan of the signature, on a white or transparent background."),
    )
    signatory_2_name = models.CharField(_("second signatory's name"), max_length=80, blank=True)
    signatory_2_title = models.CharField(_("second signatory's title"), max_length=120, blank=True)
    signatory_2_signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("second signatory's signature"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a scan of the signature, on a white or transparent background."),
    )

    panels = [
        language_row("site_name", _("Name of the awards")),
        language_row("tagline", _("Tagline")),
        language_row("organiser", _("Organised by")),
        language_row("address", _("Address")),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        MultiFieldPanel(
            [
                FieldPanel("certificate_emblem"),
                language_row("signatory_1_name", _("First signatory's name")),
                language_row("signatory_1_title", _("First signatory's title")),
                FieldPanel("signatory_1_signature"),
                language_row("signatory_2_name", _("Second signatory's name")),
                language_row("signatory_2_title", _("Second signatory's title")),
                FieldPanel("signatory_2_signature"),
            ],
            heading=_("Certificates"),
            help_text=_("What the winners' certificates carry besides the award: the emblem and the signatures."),
        ),
    ]
    base_form_class = SiteSettingsForm

    class Meta:
        verbose_name = _("site settings")
