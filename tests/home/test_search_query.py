"""The search query goes through home.forms.SearchForm: control characters, which made both
databases answer 500, never reach the search backend."""

import pytest
from bs4 import BeautifulSoup

from home.forms import SearchForm
from tests.nominations.helpers.winners import search_result_titles


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["\x00", "\x01abc", "a\x00b", "\x1f\x7f\x85", "lantern\x00"])
def test_search_with_control_characters_answers_200_with_no_results(client, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert search_result_titles(response) == []
    box = BeautifulSoup(response.content, "html.parser").select_one("#search-q")
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in box["value"])


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("\x00", ""),
        ("\x01abc", "abc"),
        ("a\x00b", "a b"),
        ('  say "hi\t there ', "say hi there"),
        ("创新\x07奖", "创新 奖"),
        ("x" * 300, "x" * 200),
    ],
)
def test_search_form_cleans_the_query(raw, cleaned):
    assert SearchForm({"q": raw}).query() == cleaned


def test_search_form_without_a_query_is_empty():
    assert SearchForm({}).query() == ""
