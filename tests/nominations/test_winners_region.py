"""Where a winner comes from and whom it worked with, in the open: the winners' cards and
stories show the innovation's region and partner organisations, visitors filter winners by
region (an unknown one ignored), the index links its cycle's figures, and the index's cost
stays pinned with the filter."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Category
from nominations.winners import PER_PAGE
from tests.factories import AwardCycleFactory, CallPageFactory, translate_page
from tests.nominations.helpers.winners import announce, card_titles, make_winner


@pytest.fixture
def regions(call_index, winners_index, editor):
    """Winners of 2025 from Datong (with partners), the Bay Area and Beijing-Tianjin-Hebei."""
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="TEC"))
    return {
        "datong": make_winner(
            call,
            editor,
            title="Mine-water heat",
            region="datong",
            partner_organisations="Tsinghua University (Beijing)\n\nShenzhen Institute (Greater Bay Area)\n",
            partner_regions=["jing_jin_ji", "greater_bay"],
        ),
        "greater_bay": make_winner(call, editor, title="Bay sensors", region="greater_bay"),
        "jing_jin_ji": make_winner(call, editor, title="Capital rail", region="jing_jin_ji"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?region=datong", {"Mine-water heat"}),
        ("?region=greater_bay&year=2025", {"Bay sensors"}),
        ("?region=shanxi", set()),
        ("?region=greater_bay&category=MAT", set()),
        # An unknown region is ignored, as an unknown year or category is.
        ("?region=atlantis", {"Mine-water heat", "Bay sensors", "Capital rail"}),
        ("?region=%3Cscript%3E", {"Mine-water heat", "Bay sensors", "Capital rail"}),
        ("?region=", {"Mine-water heat", "Bay sensors", "Capital rail"}),
    ],
)
def test_visitors_filter_winners_by_region(client, regions, query, expected):
    response = client.get("/en/winners/" + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert set(card_titles(response)) == expected


@pytest.mark.django_db
def test_the_filter_form_offers_every_region_and_keeps_the_choice(client, regions):
    soup = BeautifulSoup(client.get("/en/winners/?region=greater_bay").content, "html.parser")
    select = soup.select_one("form.winners-filter select[name=region]")
    assert [o["value"] for o in select.select("option")] == [
        "",
        "datong",
        "shanxi",
        "jing_jin_ji",
        "yangtze_delta",
        "greater_bay",
        "other",
    ]
    assert select.select_one("option[selected]")["value"] == "greater_bay"
    assert soup.select_one(".winners-filter__reset")["href"] == "/en/winners/"


@pytest.mark.django_db
def test_a_region_without_winners_shows_the_filters_empty_state(client, regions):
    soup = BeautifulSoup(client.get("/en/winners/?region=other").content, "html.parser")
    assert "No winners match these filters" in soup.select_one(".winners-empty").get_text()


@pytest.mark.django_db
def test_cards_show_the_region_and_the_partner_organisations(client, regions):
    soup = BeautifulSoup(client.get("/en/winners/?region=datong").content, "html.parser")
    card = soup.select_one(".winner-card")
    assert card.select_one(".winner-card__region").get_text(strip=True) == "Datong"
    partners = card.select_one(".winner-card__partners").get_text(" ", strip=True)
    assert partners == "Partners: Tsinghua University (Beijing); Shenzhen Institute (Greater Bay Area)"
    bay = BeautifulSoup(client.get("/en/winners/?region=greater_bay").content, "html.parser")
    assert not bay.select(".winner-card__partners")  # no partners named, no line


@pytest.mark.django_db
def test_a_story_shows_its_region_partners_and_their_regions(client, regions):
    soup = BeautifulSoup(client.get(regions["datong"].url).content, "html.parser")
    facts = soup.select_one(".winner-story__cooperation")
    assert facts.select_one(".winner-story__region").get_text(strip=True) == "Datong"
    assert [li.get_text(strip=True) for li in facts.select(".winner-story__partners li")] == [
        "Tsinghua University (Beijing)",
        "Shenzhen Institute (Greater Bay Area)",
    ]
    assert facts.select_one(".winner-story__partner-regions").get_text(strip=True) == (
        "Beijing-Tianjin-Hebei, Guangdong-Hong Kong-Macao Greater Bay Area"
    )


@pytest.mark.django_db
def test_a_story_whose_nominee_did_not_agree_shows_nothing(client, story_in):
    story = story_in("no_consent")
    assert client.get(story.url).status_code == 404
    assert card_titles(client.get("/en/winners/?region=datong")) == []


@pytest.mark.django_db
def test_the_index_links_the_figures_of_its_first_cards_cycle(client, regions):
    soup = BeautifulSoup(client.get("/en/winners/").content, "html.parser")
    assert soup.select_one(".winners-figures a")["href"] == "/en/figures/2025/"


@pytest.mark.django_db
def test_the_chinese_index_filters_by_region_with_the_regions_chinese_names(client, regions, home_page, winners_index):
    translate_page(home_page, title="创新奖")
    translate_page(winners_index, title="获奖者")
    translate_page(regions["datong"], title="矿井水供热")
    translate_page(regions["greater_bay"], title="湾区传感器")
    response = client.get("/zh-hans/winners/?region=datong")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "zh-hans"
    assert card_titles(response) == ["矿井水供热"]
    names = [o.get_text(strip=True) for o in soup.select("select[name=region] option")]
    assert names[1:4] == ["大同市", "山西省其他地区", "京津冀"]  # in the catalogue already
    assert soup.select_one(".winner-card__region").get_text(strip=True) == "大同市"
    assert soup.select_one(".winners-figures a")["href"] == "/zh-hans/figures/2025/"


@pytest.mark.django_db
def test_the_index_is_empty_of_figures_links_without_winners(client, winners_index):
    soup = BeautifulSoup(client.get("/en/winners/").content, "html.parser")
    assert not soup.select(".winners-figures")


# Cost: the region filter adds no query, whatever the number of winners -------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


# As tests/nominations/test_winners_index.py's pin (18) for the unfiltered index.
INDEX_QUERIES = 18


@pytest.mark.django_db
def test_the_filtered_index_costs_the_same_with_few_or_many_winners(client, call_index, winners_index, editor):
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle)
    partners = {"partner_organisations": "Lab A (Beijing)\nLab B (Shanghai)", "partner_regions": ["jing_jin_ji"]}
    for _ in range(2):
        make_winner(call, editor, region="shanxi", photos=1, **partners)
    small, response = _queries(client, "/en/winners/?region=shanxi")
    assert len(card_titles(response)) == 2
    for _ in range(PER_PAGE):
        make_winner(call, editor, region="shanxi", photos=1, **partners)
    large, response = _queries(client, "/en/winners/?region=shanxi")
    assert len(card_titles(response)) == PER_PAGE
    assert (small, large) == (INDEX_QUERIES, INDEX_QUERIES)


@pytest.mark.django_db
def test_kept_fragments_are_one_per_region_filter(client, settings, regions):
    # The listing's fragment is keyed by the whole query string (WinnersIndexPage.listing_key).
    settings.FRAGMENT_CACHE_SECONDS = 300
    assert len(card_titles(client.get("/en/winners/"))) == 3
    assert card_titles(client.get("/en/winners/?region=datong")) == ["Mine-water heat"]
    assert card_titles(client.get("/en/winners/?region=greater_bay")) == ["Bay sensors"]
    assert card_titles(client.get("/en/winners/?region=datong")) == ["Mine-water heat"]
