"""Admin listings of content in both languages (core.bilingual): the name in the active
language, the other language's marked with its lang attribute when it has to stand in, and
a tag for each language the name is missing in."""

from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail.admin.ui.tables import TitleColumn
from wagtail.snippets.views.snippets import IndexView

from core.bilingual import (
    LANGUAGE_NAMES,
    active_language,
    column,
    localized,
    marked,
    missing_languages,
    translated_fields,
)


def marked_with_missing(obj, field):
    """For an admin listing: the active language's text (or the other's, marked) and a tag
    naming each language it is missing in. Reads only the row's own columns."""
    text, lang = localized(obj, field)
    tags = format_html_join(
        "",
        ' <span class="w-status w-status--label">{}</span>',
        (
            (_("%(language)s missing") % {"language": LANGUAGE_NAMES[missing]},)
            for missing in missing_languages(obj, field)
        ),
    )
    return format_html("{}{}", marked(text, lang), tags)


class TranslatedTitleIndexView(IndexView):
    """A snippet listing whose first column (a translated field, e.g. "name") shows
    marked_with_missing, sorted by the active language's column, and links to the edit view."""

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        if field_name not in translated_fields(self.model):
            return super()._get_title_column(field_name, column_class, **kwargs)
        column_class = self._get_title_column_class(column_class)
        return column_class(
            field_name,
            label=capfirst(self.model._meta.get_field(field_name).verbose_name),
            accessor=lambda obj: marked_with_missing(obj, field_name),
            sort_key=column(field_name, active_language()),
            get_url=lambda obj: self.get_edit_url(obj) or self.get_inspect_url(obj),
            **kwargs,
        )
