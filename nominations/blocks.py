from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Criterion"), max_length=120)
    description = blocks.TextBlock(label=_("What judges look for"), max_length=600)

    class Meta:
        icon = "list-ul"
        label = _("Criterion")
        template = "nominations/blocks/criterion.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it: the one quote block of the standard pages' body
    (home.blocks.BodyBlock) and the winners' stories (StoryBodyBlock)."""

    text = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "nominations/blocks/faq.html"


class QuestionBlock(blocks.StructBlock):
    """An extra question a call asks its nominators (nominations.questions). Each
    language's page of the call holds its own wording; the block's id, which a page's
    translation keeps, ties the answers to the question whatever the language."""

    KINDS = [
        ("short_text", _("Short text")),
        ("long_text", _("Long text")),
        ("choice", _("Choice")),
        ("number", _("Number")),
        ("date", _("Date")),
        ("file", _("File")),
    ]

    kind = blocks.ChoiceBlock(choices=KINDS, default="short_text", label=_("Kind of answer"))
    label = blocks.CharBlock(label=_("Question"), max_length=200)
    help_text = blocks.TextBlock(label=_("Help text"), max_length=500, required=False)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False, default=False)
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=120, label=_("Choice")),
        label=_("Choices"),
        required=False,
        help_text=_("For a choice question: the answers a nominator can pick, one per item."),
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        # A choice question needs answers to choose from, each once (an answer is stored
        # as its choice's text: nominations.questions).
        value = super().clean(value)
        if value["kind"] == "choice":
            texts = [text.strip() for text in value["choices"]]
            problem = None
            if not any(texts):
                problem = _("A choice question needs at least one choice.")
            elif len(set(texts)) != len(texts):
                problem = _("Each choice may appear only once.")
            if problem:
                raise StructBlockValidationError(
                    block_errors={"choices": ListBlockValidationError(non_block_errors=[ValidationError(problem)])}
                )
        return value
