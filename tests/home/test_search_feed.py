"""Site search (/search/) and the winners' feed (/winners/feed/): what they list, and that a
winner's story under embargo is in neither."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from home.models import StandardPage
from nominations.models import Category
from tests.factories import AwardCycleFactory, CallPageFactory, UserFactory
from tests.nominations.helpers.winners import announce, make_winner, search_result_titles, winners_index_page

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings, tmp_path):
    # Every request rendered (not answered by home.middleware's whole-page cache).
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.net")


@pytest.fixture
def winners_index(home_page):
    return winners_index_page(home_page)


@pytest.fixture
def announced_call(call_index):
    return CallPageFactory(parent=call_index, cycle=announce(AwardCycleFactory(year=2025)))


@pytest.fixture
def unannounced_call(call_index):
    cycle = announce(AwardCycleFactory(year=2026), announced=False)
    return CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="MAT"))


def _standard_page(home_page, title, **fields):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), **fields)
    home_page.add_child(instance=page)
    return page


# Search --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_without_a_query_shows_the_form_only(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.search-form")
    assert form["method"] == "get" and form["action"] == "/en/search/"
    assert form.select_one("input[name=q]")["value"] == ""
    assert not soup.select(".search-results")
    assert client.get("/en/search/?q=%20%20").content.count(b"search-results") == 0


@pytest.mark.django_db
def test_search_finds_calls_winners_and_pages_but_not_embargoed_winners(
    client, home_page, call_index, winners_index, editor, announced_call, unannounced_call
):
    announced_call.title = "Lantern technologies 2025"
    announced_call.save_revision().publish()
    make_winner(announced_call, editor, title="Lantern bridge sensors")
    make_winner(unannounced_call, editor, title="Lantern tunnel lights")  # results not announced
    make_winner(announced_call, editor, title="Lantern harbour beacons", consent_public_name=False)
    _standard_page(home_page, "Lantern festival history", intro="How the awards began.")
    _standard_page(home_page, "Lantern draft", live=False)

    response = client.get("/en/search/", {"q": "lantern"})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert set(search_result_titles(response)) == {
        "Lantern technologies 2025",
        "Lantern bridge sensors",
        "Lantern festival history",
    }
    assert soup.select_one("#results-heading").get_text(strip=True) == "3 results"
    kinds = {
        r.select_one(".search-result__title").get_text(strip=True): r.select_one(".search-result__kind").get_text(
            strip=True
        )
        for r in soup.select(".search-result")
    }
    assert kinds == {
        "Lantern technologies 2025": "Call for nominations",
        "Lantern bridge sensors": "Winner",
        "Lantern festival history": "Page",
    }
    body = response.content.decode()
    for hidden in ("Lantern tunnel lights", "Lantern harbour beacons", "Lantern draft"):
        assert hidden not in body
    # The winner's summary is shown with it.
    assert "halves corrosion" in body
    assert soup.select_one("input[name=q]")["value"] == "lantern"


@pytest.mark.django_db
def test_search_with_nothing_found_says_so(client):
    response = client.get("/en/search/", {"q": "zyxxyqq"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#results-heading").get_text(strip=True) == "0 results"
    assert "Nothing matches your search" in soup.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'say "hi',
        "it's",
        "AND OR NOT",
        "(",
        "NEAR(a b)",
        "x" * 500,
        "<script>alert(1)</script>",
        "*",
        "-",
    ],
)
def test_search_survives_odd_queries(client, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


@pytest.mark.django_db
def test_search_results_are_paginated_keeping_the_query(client, home_page):
    for number in range(13):
        _standard_page(home_page, f"Lantern page {number:02d}")

    first = client.get("/en/search/", {"q": "lantern"})
    soup = BeautifulSoup(first.content, "html.parser")
    assert len(search_result_titles(first)) == 10
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?q=lantern&page=2"

    second = client.get("/en/search/" + next_link)
    assert len(search_result_titles(second)) == 3
    assert set(search_result_titles(first)).isdisjoint(search_result_titles(second))
    assert BeautifulSoup(second.content, "html.parser").select_one("ol.search-results__list")["start"] == "11"


# Feed ----------------------------------------------------------------------------------


def _entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return root, root.findall(f"{ATOM}entry")


@pytest.mark.django_db
def test_feed_lists_public_winners_newest_first(client, winners_index, editor, announced_call, unannounced_call):
    older = make_winner(announced_call, editor, title="Lantern bridge sensors")
    newer = make_winner(announced_call, editor, title="Harbour beacons")
    type(older).objects.filter(pk=older.pk).update(first_published_at=newer.first_published_at - timedelta(days=2))
    make_winner(unannounced_call, editor, title="Tunnel lights")
    make_winner(announced_call, editor, title="Hidden cranes", consent_public_name=False)

    response = client.get("/en/winners/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = _entries(response)
    assert root.find(f"{ATOM}link").get("href") == "http://testserver/en/winners/"
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Harbour beacons", "Lantern bridge sensors"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{newer.get_url()}"
    assert entry.find(f"{ATOM}summary").text == newer.summary
    published = datetime.fromisoformat(entry.find(f"{ATOM}published").text)
    assert published == newer.first_published_at
    assert entry.find(f"{ATOM}category").get("term") == "New technologies"
    body = response.content.decode()
    assert "Tunnel lights" not in body and "Hidden cranes" not in body


@pytest.mark.django_db
def test_feed_without_winners_is_an_empty_feed(client, winners_index, editor, unannounced_call):
    make_winner(unannounced_call, editor, title="Tunnel lights")
    response = client.get("/en/winners/feed/")
    assert response.status_code == 200
    _root, entries = _entries(response)
    assert entries == []
    assert b"Tunnel lights" not in response.content
