"""{% translated obj "name" %}: a per-language field's text in the active language, or the
other language's text in a span with its lang attribute, so a screen reader and the
browser's hyphenation read it as what it is. Reads the object's own columns: no query.
{% translated obj "guidance" linebreaks=True %} keeps the text's line breaks."""

from django import template
from django.template.defaultfilters import linebreaksbr

from core.bilingual import localized, marked

register = template.Library()


@register.simple_tag
def translated(obj, field, linebreaks=False):
    if obj is None:
        return ""
    text, lang = localized(obj, field)
    if linebreaks:
        text = linebreaksbr(text, autoescape=True)
    return marked(text, lang)
