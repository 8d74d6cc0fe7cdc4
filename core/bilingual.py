"""Content that is not a page, in both languages (modeltranslation's name_zh_hans and
name_en columns): which language a shown text came from, so a fallback is marked with its
own lang attribute; the admin's side-by-side language fields, with the site's default
language required for names; and a listing column that flags a missing translation."""

import functools

from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel

LANGUAGE_NAMES = dict(settings.LANGUAGES)  # each language in its own name: 简体中文, English


def languages():
    return tuple(mt_settings.AVAILABLE_LANGUAGES)


def active_language():
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return language if language in languages() else mt_settings.DEFAULT_LANGUAGE


def column(field, language):
    return build_localized_fieldname(field, language)


def localized(obj, field, language=None):
    """(text, language it is in): the asked (or active) language's text, else the other
    language's; ("", asked language) when neither has any."""
    asked = language or active_language()
    for lang in (asked, *(other for other in languages() if other != asked)):
        value = getattr(obj, column(field, lang), None)
        if value:
            return value, lang
    return "", asked


def in_language(obj, field, language):
    """The text in exactly this language, no fallback ("" when it has none)."""
    return getattr(obj, column(field, language), None) or ""


def all_languages(obj, field):
    """{language: text} for every language, "" where there is none: what a record keeps."""
    return {lang: in_language(obj, field, lang) for lang in languages()}


def missing_languages(obj, field):
    return [lang for lang in languages() if not in_language(obj, field, lang)]


def required_language():
    """A name must exist in the site's default language (Chinese for the city; English on a
    deployment whose LANGUAGE_CODE is en); the other language falls back to it."""
    code = settings.LANGUAGE_CODE.lower()
    return code if code in languages() else mt_settings.DEFAULT_LANGUAGE


def language_row(field, heading, help_text=""):
    """The field's columns side by side, each labelled with its language's own name."""
    return FieldRowPanel(
        [FieldPanel(column(field, lang), heading=LANGUAGE_NAMES[lang]) for lang in languages()],
        heading=heading,
        help_text=help_text,
    )


def translated_fields(model):
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


class TwoLanguageMixin:
    """For the admin form of a model with per-language columns. required_in_default_language
    names the fields (e.g. "name") needed in required_language(). An emptied column is saved
    as NULL, not "": several categories may lack an English name under a unique column."""

    required_in_default_language = ("name",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = required_language()
        for field in self.required_in_default_language:
            form_field = self.fields.get(column(field, required))
            if form_field is not None:
                form_field.required = True
        for field in translated_fields(self._meta.model):
            for lang in languages():
                form_field = self.fields.get(column(field, lang))
                if form_field is not None and not form_field.help_text:
                    form_field.help_text = (
                        _("Required.") if form_field.required else _("Optional: the other language is shown instead.")
                    )

    def clean(self):
        cleaned_data = super().clean()
        for field in translated_fields(self._meta.model):
            for lang in languages():
                name = column(field, lang)
                if isinstance(cleaned_data.get(name), str):
                    cleaned_data[name] = cleaned_data[name].strip() or None
        return cleaned_data


class TwoLanguageForm(TwoLanguageMixin, WagtailAdminModelForm):
    pass


@functools.cache
def two_language_form(form_class):
    """form_class (e.g. a round's inline criterion form, built by Wagtail) with TwoLanguageMixin."""
    return type(form_class.__name__, (TwoLanguageMixin, form_class), {})


def marked(text, lang):
    """The text, in a span with its lang attribute when it is not in the active language."""
    if lang and lang != active_language():
        return format_html('<span lang="{}">{}</span>', lang, text)
    return conditional_escape(text)


class SiteSettingsForm(TwoLanguageForm):
    """The awards' name is needed in the site's default language; the rest may stay empty."""

    required_in_default_language = ("site_name",)
