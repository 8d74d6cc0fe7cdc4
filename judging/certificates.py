"""Certificates for commended nominations: who may download which, and what they say.
nominations.certificates draws them from plain data; the award level is judging's (Award),
the emblem and the signatures are the site settings' (home.SiteSettings).

Who: the nominator of a commended nomination, once its cycle's results are announced (the
certificate is for the nominee, through the nominator; it is not public, so the nominee's
consent to publication does not matter); the awards office, at any time (to print them for
the ceremony); bulk downloads, awards administrators only."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.bilingual import localized
from home.models import SiteSettings
from nominations import predicates
from nominations.certificates import Certificate, Decoration, Signatory, certificates_pdf, commended_words
from nominations.models import Nomination, NominationState
from nominations.pdf_text import CHINESE, ENGLISH, Both, in_both

RENDITION = "max-1200x1200"  # sharp at print size; a multi-megabyte scan is not embedded as is


def commended_nominations():
    """Commended nominations with all a certificate needs, in one query."""
    return Nomination.objects.filter(state=NominationState.COMMENDED).select_related(
        "call__cycle", "call__category", "award__level"
    )


def may_download(user, nomination, now=None):
    """A commended nomination's certificate: its nominator once results are announced, the
    awards office always."""
    if nomination.state != NominationState.COMMENDED:
        return False
    if predicates.is_awards_office(user):
        return True
    return predicates.is_owner(user, nomination) and nomination.results_visible(now)


def _both(obj, field):
    return Both(localized(obj, field, CHINESE)[0], localized(obj, field, ENGLISH)[0])


def certificate_of(nomination):
    """The certificate's words for a nomination from commended_nominations()."""
    award = getattr(nomination, "award", None)
    organisation = nomination.nominee_organisation
    if organisation.strip().casefold() == nomination.nominee_name.strip().casefold():
        organisation = ""
    return Certificate(
        reference=nomination.reference or "",
        nominee=nomination.nominee_name,
        organisation=organisation,
        title=nomination.title,
        award=_both(award.level, "name") if award is not None else commended_words(),
        category=_both(nomination.call.category, "name"),
        cycle=_both(nomination.call.cycle, "name"),
        announced_at=nomination.call.cycle.announcement_at,
    )


def image_bytes(image):
    """A Wagtail image's bytes for the PDF: a rendition no larger than print needs, else the
    original; None when neither can be read (the certificate then goes without it)."""
    if image is None:
        return None
    for source in (lambda: image.get_rendition(RENDITION).file, lambda: image.file):
        try:
            with source().open("rb") as handle:
                return handle.read()
        except Exception:  # noqa: S112 - Willow and the storages raise many kinds: try the next
            continue
    return None


def decoration_for(site_settings):
    """The emblem, the signatories and the names every certificate of the site carries."""

    def both(field, default=None):
        words = _both(site_settings, field)
        if default is not None:
            fallback = in_both(default)
            words = Both(words.zh or fallback.zh, words.en or fallback.en)
        return words

    signatories = []
    for number in (1, 2):
        name = both(f"signatory_{number}_name")
        if not name.lines():
            continue
        signatories.append(
            Signatory(
                name=name,
                title=both(f"signatory_{number}_title"),
                signature=image_bytes(getattr(site_settings, f"signatory_{number}_signature")),
            )
        )
    return Decoration(
        awards_name=both("site_name", _("Innovation Awards")),
        organiser=both("organiser"),
        emblem=image_bytes(site_settings.certificate_emblem),
        signatories=tuple(signatories),
    )


def settings_for(request):
    try:
        return SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:  # no site at all: the certificate goes plain
        return SiteSettings()


def certificates_for(nominations, request):
    """The PDF's bytes: one page per nomination, in the order given."""
    return certificates_pdf([certificate_of(n) for n in nominations], decoration_for(settings_for(request)))


def certificate_filename(nomination):
    return f"certificate-{nomination.reference or nomination.pk}.pdf"


def cycle_filename(cycle, category=None):
    parts = ["certificates", slugify(cycle.slug or str(cycle.year))]
    if category is not None:
        parts.append(category.code.lower())
    return "-".join(parts) + ".pdf"


def cycle_nominations(cycle, category=None):
    """A cycle's commended nominations, by category then reference: the bulk download."""
    nominations = commended_nominations().filter(call__cycle=cycle)
    if category is not None:
        nominations = nominations.filter(call__category=category)
    return nominations.order_by("call__category__sort_order", "reference", "pk")
