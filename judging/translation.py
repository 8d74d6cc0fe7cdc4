"""The judges' rubric and the award levels in both languages (modeltranslation): a Chinese
judge reads the criteria and their guidance in Chinese, an English one in English."""

from modeltranslation.translator import TranslationOptions, register

from judging.models import AwardLevel, Criterion, ExpertiseKeyword


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register(AwardLevel)
class AwardLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(ExpertiseKeyword)
class ExpertiseKeywordTranslation(TranslationOptions):
    fields = ("name",)
