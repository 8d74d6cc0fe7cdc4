"""The nominations' content that is not a page, in both languages (modeltranslation adds
name_zh_hans and name_en beside name; reading name gives the active language's text)."""

from modeltranslation.translator import TranslationOptions, register

from nominations.models import AwardCycle, Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(AwardCycle)
class AwardCycleTranslation(TranslationOptions):
    fields = ("name",)
