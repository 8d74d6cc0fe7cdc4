from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from home.translation_report import MissingTranslationsView


class MissingTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_admin_urls")
def register_missing_translations_urls():
    return [
        path("reports/missing-translations/", MissingTranslationsView.as_view(), name="missing_translations"),
        path(
            "reports/missing-translations/results/",
            MissingTranslationsView.as_view(results_only=True),
            name="missing_translations_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MissingTranslationsMenuItem(
        _("Pages missing a translation"),
        reverse("missing_translations"),
        name="missing-translations",
        icon_name="globe",
        order=750,
    )


@hooks.register("insert_editor_js")
def name_rich_text_areas():
    # Draftail's editing areas inside StreamField blocks have no accessible name (axe's
    # aria-input-field-name); static/js/admin-field-names.js gives them their field's.
    return format_html('<script src="{}"></script>', static("js/admin-field-names.js"))
