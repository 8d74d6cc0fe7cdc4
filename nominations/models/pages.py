from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.page_context import listing_context
from core.segment import page_search_text
from nominations.blocks import CriterionBlock, FaqBlock, QuestionBlock
from nominations.deadlines import grace_note, in_time


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSING_SOON = "closing_soon", _("Closing soon")
    CLOSED = "closed", _("Closed")

    # Templates ask these rather than compare the status's string.
    @property
    def is_upcoming(self):
        return self is CallStatus.UPCOMING

    @property
    def is_open(self):
        return self is CallStatus.OPEN

    @property
    def is_closing_soon(self):
        return self is CallStatus.CLOSING_SOON

    @property
    def is_accepting(self):
        """Open, closing soon or not, as ACCEPTING_STATUSES."""
        return self in ACCEPTING_STATUSES

    @property
    def is_closed(self):
        return self is CallStatus.CLOSED


ACCEPTING_STATUSES = frozenset({CallStatus.OPEN, CallStatus.CLOSING_SOON})


class CallIndexPage(Page):
    """All calls, the current cycle's first."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("search_text")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["nominations.CallPage"]
    max_count = 1

    class Meta:
        verbose_name = _("call index page")

    def search_text(self):
        return page_search_text(self, "intro")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy (nominations.listings): the template keeps the listing as a fragment.
        context.update(listing_context(self, request))
        context["now"] = timezone.now()
        return context


class CallPage(Page):
    """A cycle's call for nominations in one category."""

    cycle = models.ForeignKey(
        "nominations.AwardCycle", on_delete=models.PROTECT, related_name="calls", verbose_name=_("cycle")
    )
    category = models.ForeignKey(
        "nominations.Category", on_delete=models.PROTECT, related_name="calls", verbose_name=_("category")
    )
    opens_at = models.DateTimeField(_("nominations open"), help_text=_("In the site's time zone."))
    closes_at = models.DateTimeField(
        _("nominations close"), help_text=_("Nominations are refused from this moment on.")
    )
    intro = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences for cards."))
    eligibility = RichTextField(
        _("who can be nominated"), features=["bold", "italic", "link", "ol", "ul", "h3"], blank=True
    )
    criteria = StreamField([("criterion", CriterionBlock())], verbose_name=_("what judges will look for"), blank=True)
    faq = StreamField([("question", FaqBlock())], verbose_name=_("questions and answers"), blank=True)
    # Extra questions to nominators, an extra step of the form (nominations.questions).
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("extra questions to nominators"),
        blank=True,
        help_text=_(
            "Shown to nominators as an extra step, and to screeners and judges with the nomination. "
            "Write them again in the call's other language on its translation."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cycle"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Call"),
        ),
        FieldPanel("intro"),
        FieldPanel("eligibility"),
        FieldPanel("criteria"),
        FieldPanel("faq"),
        FieldPanel("questions"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("closes_at"),
    ]
    parent_page_types = ["nominations.CallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call page")
        # One call per cycle and category *in each language*: the locale lives on Wagtail's
        # page table, so clean() holds that rule (a database constraint cannot span both).
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
        ]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})
        if self.cycle_id and self.category_id:
            clash = CallPage.objects.filter(
                cycle_id=self.cycle_id, category_id=self.category_id, locale_id=self.locale_id
            )
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError({"category": _("This cycle already has a call in this category.")})

    def search_text(self):
        """What search finds this call by, Chinese segmented (core.segment)."""
        return page_search_text(self, "intro", "eligibility", "criteria", "faq")

    def status(self, now=None):
        """The call's status at `now` (aware). Open from opens_at inclusive; closed from
        closes_at inclusive; "closing soon" in the last CALL_CLOSING_SOON_DAYS before that."""
        now = now or timezone.now()
        if now < self.opens_at:
            return CallStatus.UPCOMING
        if now >= self.closes_at:
            return CallStatus.CLOSED
        if self.closes_at - now <= timedelta(days=settings.CALL_CLOSING_SOON_DAYS):
            return CallStatus.CLOSING_SOON
        return CallStatus.OPEN

    def is_accepting(self, now=None, at=None):
        """Whether a nomination that arrived at `at` (accounts.network.request_arrival) and
        is processed `now` is in time: it arrived while the call was open, and is processed
        within the grace period after the close (nominations.deadlines)."""
        now = now or timezone.now()
        at = min(at or now, now)
        return self.status(at) in ACCEPTING_STATUSES and in_time(self.closes_at, at=at, now=now)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["now"] = timezone.now()
        context["call_status"] = self.status(context["now"])
        context["submission_grace"] = grace_note(self.closes_at)
        return context


def open_calls(now=None, prefix=""):
    """CallPage.status() in ACCEPTING_STATUSES (open, closing soon or not), as a query
    filter for rows that reach their call through `prefix` (e.g. "call__")."""
    now = now or timezone.now()
    return models.Q(**{f"{prefix}opens_at__lte": now, f"{prefix}closes_at__gt": now})
