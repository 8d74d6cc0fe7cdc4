from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Criterion"), max_length=120)
    description = blocks.TextBlock(label=_("What judges look for"), max_length=600)

    class Meta:
        icon = "list-ul"
        label = _("Criterion")
        template = "nominations/blocks/criterion.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "nominations/blocks/faq.html"
