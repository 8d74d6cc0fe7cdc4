"""The winners' pages: an index (filtered by year and category) and one story per
commended nomination, written by editors and approved by moderators."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from core.page_context import listing_context
from core.segment import page_search_text
from nominations.blocks import QuoteBlock
from nominations.models.choices import NominationState
from nominations.models.cycles import announced


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=30, help_text=_("For example 1,200 jobs, or 40 per cent."))
    label = blocks.CharBlock(label=_("What it measures"), max_length=120)

    class Meta:
        icon = "pick"
        label = _("Key figure")
        template = "nominations/blocks/key_figure.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul", "h3"])
    quote = QuoteBlock()
    image = ImageBlock(label=_("Image"), template="components/blocks/image.html")
    key_figures = blocks.ListBlock(
        KeyFigureBlock(), label=_("Key figures"), template="nominations/blocks/key_figures.html"
    )


def winners_visible(queryset, now=None):
    """Stories the public may see: live, the nominee themselves agreed to publication
    (nominations.consent; the nominator's tick is not enough), and the cycle's results
    announced. Every public surface (pages, listings, search, sitemap, feed, share metadata)
    goes through this."""
    return queryset.live().filter(
        announced(now, prefix="nomination__call__cycle__"),
        nomination__nominee_publication_consent=True,
        nomination__state=NominationState.COMMENDED,
    )


class WinnersIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["nominations.WinnerStoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("winners index page")

    def search_text(self):
        return page_search_text(self, "intro")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy (nominations.listings): the template keeps the listing as a fragment, keyed by
        # what it varies on: the whole query string (the filters, the page number, and
        # whatever else the pagination links carry along), in a stable order.
        context.update(listing_context(self, request))
        context["listing_key"] = sorted(request.GET.lists())
        return context


class ConsentAwarePermissionTester(PagePermissionTester):
    """A story whose nominee has not agreed to publication can be written but not published."""

    def can_publish(self):
        return self.page.specific.nominee_consented and super().can_publish()

    def can_submit_for_moderation(self):
        return self.page.specific.nominee_consented and super().can_submit_for_moderation()


class WinnerStoryPage(Page):
    """The story of a commended nomination. Category, cycle and award come from the
    nomination, so they cannot drift from the decision."""

    # One story per nomination in each language (clean() holds it: the locale is on
    # Wagtail's page table); the translations share the nomination.
    nomination = models.ForeignKey(
        "nominations.Nomination",
        on_delete=models.PROTECT,
        related_name="stories",
        verbose_name=_("nomination"),
        limit_choices_to={"state": NominationState.COMMENDED},
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("Two or three sentences for cards and sharing.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = [
        *Page.content_panels,
        HelpPanel(
            content=_(
                "Category, year and award come from the nomination. A story can only be published if "
                "the nominee themselves agreed to the publication of their name, photographs and story."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("nomination"), FieldPanel("summary"), FieldPanel("hero_image")], heading=_("Story")
        ),
        FieldPanel("body"),
        InlinePanel("gallery_images", label=_("Gallery")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    parent_page_types = ["nominations.WinnersIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("winner story")

    def clean(self):
        super().clean()
        if self.nomination_id and not self.nomination.is_commended:
            raise ValidationError({"nomination": _("A story belongs to a commended nomination.")})
        if self.nomination_id:
            others = WinnerStoryPage.objects.filter(nomination_id=self.nomination_id, locale_id=self.locale_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError({"nomination": _("This nomination already has a story in this language.")})

    @cached_property
    def nominee_consented(self):
        return bool(self.nomination_id and self.nomination.nominee_publication_consent)

    def permissions_for_user(self, user):
        return ConsentAwarePermissionTester(user, self)

    def get_workflow(self):
        # Without consent nothing can be published, so it cannot be sent for approval either:
        # the editor sees only "Save draft" (and the help text saying why).
        return super().get_workflow() if self.nominee_consented else None

    def search_text(self):
        """What search finds this story by, Chinese segmented (core.segment)."""
        return page_search_text(self, "summary", "body")

    @property
    def category(self):
        return self.nomination.call.category

    @property
    def cycle(self):
        return self.nomination.call.cycle

    @property
    def award_level(self):
        award = getattr(self.nomination, "award", None)
        return award.level if award else None

    def is_public(self, now=None):
        if now is None and getattr(self, "_public_now", None) is not None:
            return self._public_now  # serve() asked already in this request
        public = winners_visible(WinnerStoryPage.objects.filter(pk=self.pk), now).exists()
        if now is None:
            self._public_now = public
        return public

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public() else []

    def serve(self, request, *args, **kwargs):

        # Embargo: a page that is live but not yet announced (or without consent) is not shown.
        if not self.is_public():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy (nominations.listings): the template keeps the story as a fragment.
        context.update(listing_context(self, request))
        return context


class WinnerGalleryImage(Orderable):
    page = ParentalKey(WinnerStoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
