"""The winners index: filters, pagination, cards, its cost, and the home page's winners."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from nominations.models import Category, WinnerStoryPage
from nominations.winners import CARD_RENDITIONS, PER_PAGE
from tests.factories import AwardCycleFactory, AwardLevelFactory, CallPageFactory
from tests.nominations.helpers.winners import (
    announce,
    card_titles,
    make_winner,
)

# The index: filters, pagination, cards ---------------------------------------------------


@pytest.fixture
def two_years(call_index, winners_index, editor):
    """Winners in 2024 and 2025, in new technologies and new materials."""
    categories = {c.code: c for c in Category.objects.all()}
    stories = {}
    for year in (2024, 2025):
        cycle = announce(AwardCycleFactory(year=year))
        for code in ("TEC", "MAT"):
            call = CallPageFactory(parent=call_index, cycle=cycle, category=categories[code])
            stories[(year, code)] = make_winner(call, editor, title=f"{code} winner {year}")
    return stories


@pytest.mark.django_db
def test_index_lists_cards_with_category_award_and_year(call_index, client, winners_index, editor):
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle)
    make_winner(call, editor, title="Lantern bridge sensors", photos=1, level=AwardLevelFactory(cycle=cycle))

    response = client.get("/en/winners/")

    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select_one(".winner-card")
    assert card.select_one(".card__title").get_text(strip=True) == "Lantern bridge sensors"
    assert card.select_one(".winner-badge").get_text(strip=True) == "New technologies"
    assert card.select_one(".category-icon svg")
    # The colour comes from /categories.css through the category's class, not a style attribute.
    assert card["class"] == ["card", "winner-card", call.category.css_class]
    assert not card.has_attr("style")
    assert card.select_one(".winner-card__award").get_text(strip=True) == "First prize"
    assert card.select_one(".winner-card__year").get_text(strip=True) == "2025"
    assert "halves corrosion" in card.select_one(".card__text").get_text()
    sources = {s["type"] for s in card.select("picture source")}
    assert sources == {"image/webp"}  # and the <img> is the JPEG
    assert card.select_one("picture img")["src"].endswith(".jpg")
    assert soup.select_one("link[href$='css/winners.css']")


@pytest.mark.django_db
def test_index_without_winners_says_so(client, winners_index):
    soup = BeautifulSoup(client.get("/en/winners/").content, "html.parser")
    assert not soup.select(".winner-card")
    assert "once they are announced" in soup.select_one(".winners-empty").get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
        ("?year=2025", {"MAT winner 2025", "TEC winner 2025"}),
        ("?category=TEC", {"TEC winner 2025", "TEC winner 2024"}),
        ("?year=2024&category=MAT", {"MAT winner 2024"}),
        ("?category=tec&year=2024", {"TEC winner 2024"}),
        # Unknown or malformed values are ignored, not an error.
        ("?year=twenty&category=TEC", {"TEC winner 2025", "TEC winner 2024"}),
        ("?year=&category=", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
        ("?page=abc", {"MAT winner 2025", "TEC winner 2025", "MAT winner 2024", "TEC winner 2024"}),
    ],
)
def test_index_filters_by_year_and_category(client, two_years, query, expected):
    response = client.get("/en/winners/" + query)
    assert response.status_code == 200
    assert set(card_titles(response)) == expected


@pytest.mark.django_db
def test_index_with_a_year_without_winners_shows_the_empty_state(client, two_years):
    response = client.get("/en/winners/?year=1999")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.select(".winner-card")
    assert "No winners match these filters" in soup.select_one(".winners-empty").get_text()
    assert soup.select_one(".winners-filter__reset")["href"] == "/en/winners/"


UNKNOWN_CATEGORIES = ["?category=XYZ", "?category=%3Cscript%3E", "?category=TECHNOLOGY&year=2024"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", UNKNOWN_CATEGORIES)
def test_index_with_an_unknown_category_is_not_an_error(client, two_years, query):
    response = client.get("/en/winners/" + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("query", UNKNOWN_CATEGORIES)
def test_index_ignores_an_unknown_category(client, two_years, query):
    response = client.get("/en/winners/" + query)
    expected = {
        title for (year, _code), title in _titles(two_years).items() if "year=2024" not in query or year == 2024
    }
    assert set(card_titles(response)) == expected


def _titles(stories):
    return {key: story.title for key, story in stories.items()}


@pytest.mark.django_db
def test_filter_form_offers_the_years_with_winners_and_keeps_the_choice(client, two_years):
    soup = BeautifulSoup(client.get("/en/winners/?year=2024&category=MAT").content, "html.parser")
    form = soup.select_one("form.winners-filter")
    assert form["method"] == "get"
    assert form["action"] == "/en/winners/"
    assert [o["value"] for o in form.select("select[name=year] option")] == ["", "2025", "2024"]
    assert form.select_one("select[name=year] option[selected]")["value"] == "2024"
    assert len(form.select("select[name=category] option")) == 1 + Category.objects.count()
    assert form.select_one("select[name=category] option[selected]")["value"] == "MAT"
    assert form.select_one("button[type=submit]")


@pytest.mark.django_db
def test_pagination_keeps_the_filters(call_index, client, winners_index, editor):
    tec = Category.objects.get(code="TEC")
    for year, count in ((2025, PER_PAGE + 2), (2024, 1)):
        call = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=year)), category=tec)
        for number in range(count):
            make_winner(call, editor, title=f"Winner {year} {number:02d}")

    first = client.get("/en/winners/", {"year": "2025", "category": "TEC"})
    soup = BeautifulSoup(first.content, "html.parser")
    assert len(card_titles(first)) == PER_PAGE
    next_link = soup.select_one(".winners-pagination a[rel=next]")["href"]
    assert next_link == "?year=2025&category=TEC&page=2"

    second = client.get("/en/winners/" + next_link)
    assert len(card_titles(second)) == 2
    assert all(title.startswith("Winner 2025") for title in card_titles(second))
    prev_link = BeautifulSoup(second.content, "html.parser").select_one(".winners-pagination a[rel=prev]")["href"]
    assert prev_link == "?year=2025&category=TEC&page=1"


# Cost of rendering the index ------------------------------------------------------------


def _index_queries(client):
    # Warm the caches first: in tests they are database tables, so filling one costs queries.
    client.get("/en/winners/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/winners/")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_index_queries_do_not_grow_with_the_number_of_winners(call_index, client, winners_index, editor):
    cycle = announce(AwardCycleFactory(year=2025))
    calls = [CallPageFactory(parent=call_index, cycle=cycle, category=category) for category in Category.objects.all()]
    levels = [AwardLevelFactory(cycle=cycle, name=f"Prize {rank}", rank=rank) for rank in (1, 2, 3)]

    def add(count, offset):
        for number in range(offset, offset + count):
            make_winner(calls[number % len(calls)], editor, photos=1, level=levels[number % len(levels)])

    add(PER_PAGE, 0)
    with_12, response = _index_queries(client)
    assert len(card_titles(response)) == PER_PAGE
    assert not BeautifulSoup(response.content, "html.parser").select(".winners-pagination")

    add(30 - PER_PAGE, PER_PAGE)
    with_30, response = _index_queries(client)
    assert len(card_titles(response)) == PER_PAGE
    assert BeautifulSoup(response.content, "html.parser").select(".winners-pagination a[rel=next]")
    assert WinnerStoryPage.objects.live().count() == 30

    assert with_30 == with_12, f"{with_12} queries with 12 winners, {with_30} with 30"
    # One of them: is the shown cycle's judging report published (the link); two more since
    # the site has two languages: the site settings (the header's name) and the index's
    # translations (hreflang links).
    assert with_12 == 18


@pytest.mark.django_db
def test_rendering_the_index_and_a_story_makes_no_rendition(call_index, client, winners_index, editor):
    Rendition = get_image_model().get_rendition_model()
    call = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2025)))
    stories = [make_winner(call, editor, photos=2) for _ in range(3)]
    # Publishing made the card, hero and share renditions of every image.
    made = Rendition.objects.count()
    assert made == 3 * 2 * 5
    assert set(Rendition.objects.values_list("filter_spec", flat=True)) >= set(CARD_RENDITIONS)

    for url in ["/en/winners/", "/en/", stories[0].get_url(), "/en/winners/?year=2025&category=TEC"]:
        assert client.get(url).status_code == 200
    assert Rendition.objects.count() == made


# Home page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_shows_the_three_latest_winners(call_index, client, winners_index, editor):
    old = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2024)))
    new = CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2025)))
    make_winner(old, editor, title="Older winner")
    for title in ("Alpha", "Beta", "Gamma"):
        make_winner(new, editor, title=title)

    soup = BeautifulSoup(client.get("/en/").content, "html.parser")

    section = soup.select_one(".latest-winners")
    assert section.h2.get_text(strip=True) == "Latest winners"
    assert [c.get_text(strip=True) for c in section.select(".card__title")] == ["Alpha", "Beta", "Gamma"]
    assert section.select_one(".latest-winners__more a")["href"] == "/en/winners/"


@pytest.mark.django_db
def test_home_page_without_public_winners_has_no_winners_section(client, story_in):
    story_in("not_announced")
    response = client.get("/en/")
    assert response.status_code == 200
    assert b"Latest winners" not in response.content
    assert b"winners.css" not in response.content
