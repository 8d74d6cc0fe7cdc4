import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


def _without_control_characters(text):
    # NUL and the other control characters (Unicode category Cc: \x00-\x1f, \x7f-\x9f) made
    # both search backends fail with a 500: PostgreSQL refuses NUL in a string, SQLite's
    # full-text query syntax chokes on them. None belongs in a search, so each becomes a space.
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


class SearchForm(forms.Form):
    """The site search's query. Anything unusable comes out as an empty query (the page
    with no results), never as an error page."""

    q = forms.CharField(label=_("Search the site"), required=False, strip=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # CharField's own validator refuses NUL; cleaned here instead, so "a\x00b" searches "a b".
        self.fields["q"].validators = []

    def clean_q(self):
        # Without double quotes too: the SQLite backend wraps each term in quotes without
        # escaping them, so a stray quote made the query fail ("unterminated string").
        words = _without_control_characters(self.cleaned_data["q"]).replace('"', " ").split()
        return " ".join(words)[:MAX_QUERY_LENGTH].strip()

    def query(self):
        return self.cleaned_data["q"] if self.is_valid() else ""
