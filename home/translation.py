"""The site settings in both languages (modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from home.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = (
        "site_name",
        "tagline",
        "organiser",
        "address",
        "signatory_1_name",
        "signatory_1_title",
        "signatory_2_name",
        "signatory_2_title",
    )
