"""The admin report "Pages missing a translation": live pages with no page of their
translation key in another language, each with a link to Wagtail's "Translate" (simple
translation's submit view), so editors see what the other language still lacks."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale, Page
from wagtail.permissions import page_permission_policy


def pages_missing_a_translation():
    """Live pages below the tree's root with no translation in at least one other locale:
    the locales, then one query whatever the number of pages (an EXISTS per locale)."""
    pages = Page.objects.live().filter(depth__gt=1)
    missing = None
    for locale in Locale.objects.all():
        translated = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=locale)
        lacks = ~Exists(translated)
        missing = lacks if missing is None else missing | lacks
    return pages.filter(missing) if missing is not None else pages.none()


class MissingTranslationsView(PageReportView):
    page_title = _("Pages missing a translation")
    header_icon = "globe"
    results_template_name = "home/admin/missing_translations_results.html"
    index_url_name = "missing_translations"
    index_results_url_name = "missing_translations_results"
    # Anyone who may edit pages may translate them (simple translation's own rule).
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "locale.get_display_name", "url_path"]
    export_headings = {"title": _("Title"), "locale.get_display_name": _("Language"), "url_path": _("Path")}

    def get_filename(self):
        return "pages-missing-a-translation"

    def get_queryset(self):
        editable = page_permission_policy.instances_user_has_permission_for(self.request.user, "change")
        self.queryset = (
            pages_missing_a_translation().filter(pk__in=editable.values("pk")).select_related("locale").order_by("path")
        )
        return super().get_queryset()
