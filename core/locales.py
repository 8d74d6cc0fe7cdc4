"""Pages in two languages: which translation a visitor sees, and the links between them.

Each page and its translations share a translation_key (Wagtail's simple translation). A
listing shows the active language's page; a page nobody has translated yet is shown in the
language it exists in rather than left out, as Wagtail's `page.localized` does."""

from django.conf import settings
from django.db.models import Q

from wagtail.models import Locale, Page


def in_site_order(codes):
    """The language codes among `codes` that the site has, in settings.LANGUAGES' order."""
    chosen = set(codes or ())
    return [code for code, _name in settings.LANGUAGES if code in chosen]


def set_language_cookie(response, code):
    """The language a visitor chose, remembered as Django's own language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def active_locale():
    """The active language's locale, or the default one (Locale.get_active() raises when a
    language has no locale row, e.g. in a data migration)."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def in_locale(queryset, locale=None):
    """The queryset's pages in `locale`, and those of its pages that have no translation in
    it. One query (a subquery finds the translated ones). Exactly one page per translation
    key as long as there are two languages (the site has: settings.LANGUAGES). `locale`
    may be a Locale or its id (a page's locale_id costs no query)."""
    locale_id = getattr(locale or active_locale(), "pk", locale)
    translated = queryset.model.objects.filter(locale_id=locale_id).values("translation_key")
    return queryset.filter(Q(locale_id=locale_id) | ~Q(translation_key__in=translated))


def translations_of(pages, locale=None):
    """{translation_key: page} for the given pages' translations in `locale` (the page
    itself when it is already in it): one query for a whole listing, so titles can be
    shown in the reader's language without a query per row."""
    locale = locale or active_locale()
    pages = [p for p in pages if p is not None]
    found = {p.translation_key: p for p in pages if p.locale_id == locale.pk}
    wanted = {p.translation_key for p in pages} - set(found)
    if wanted:
        model = type(pages[0])
        for page in model.objects.filter(locale=locale, translation_key__in=wanted):
            found[page.translation_key] = page
    return found


def localized_title(page, translations):
    translation = translations.get(page.translation_key)
    return translation.title if translation is not None else page.title


def alternates(page, request=None):
    """[(language code, absolute URL)] for the live, unrestricted translations of `page`
    (itself included), in settings.LANGUAGES order, then ("x-default", ...) for the site's
    default language's page. One query, plus Wagtail's cached site root paths."""
    if page is None or not getattr(page, "translation_key", None):
        return []
    pages = {
        p.locale.language_code: p
        # Wagtail's .public() would cost a second query; a translation under a restriction
        # of its own is left out here, and the home pages are never restricted.
        for p in Page.objects.live()
        .filter(translation_key=page.translation_key, view_restrictions__isnull=True)
        .select_related("locale")
    }
    links = []
    for code, _name in settings.LANGUAGES:
        if code in pages:
            url = pages[code].get_full_url(request)
            if url:
                links.append((code, url))
    default = dict(links).get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", default))
    return links


def canonical_page(page):
    """The first-made translation of a page (the lowest id with its translation key): the
    original the others were translated from, and one page that never changes for a call
    whichever language a visitor read it in."""
    if page is None:
        return None
    first = type(page).objects.filter(translation_key=page.translation_key).order_by("pk").first()
    return first or page
