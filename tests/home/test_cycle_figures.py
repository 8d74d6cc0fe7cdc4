"""A cycle's public figures (home.figures, home.views_figures): what is counted, published
only from the cycle's announcement, in both languages, cached like any public page, and
at a cost that does not grow with the cycle."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from home.figures import cycle_figures
from judging.models import AffiliationKind
from tests.factories import AwardCycleFactory, JudgeProfileFactory, PanelFactory
from tests.home.helpers import ANNOUNCED_AT, add_counted, counted_world, cycle_2025

AFTER = ANNOUNCED_AT + timedelta(days=1)
URL = "/en/figures/2025/"


def _table(soup, table_id):
    return {
        row.select_one("th").get_text(strip=True): int(row.select_one("td").get_text(strip=True))
        for row in soup.select(f"#{table_id} tbody tr")
    }


# What is counted ---------------------------------------------------------------------


@pytest.mark.django_db
def test_figures_count_sent_nominations_per_category_and_region_without_drafts_or_withdrawn(call_index):
    figures = cycle_figures(counted_world(call_index))
    assert figures.total == 4
    by_category = {row.label: row.count for row in figures.by_category}
    assert (by_category["New technologies"], by_category["New materials"]) == (3, 1)
    assert sum(by_category.values()) == 4
    assert [(row.label, row.count) for row in figures.by_region] == [
        ("Datong", 2),
        ("Elsewhere in Shanxi", 1),
        ("Beijing-Tianjin-Hebei", 0),
        ("Yangtze River Delta", 0),
        ("Guangdong-Hong Kong-Macao Greater Bay Area", 1),
        ("Other", 0),
    ]


@pytest.mark.django_db
def test_cross_regional_share_among_nominations_naming_partner_regions_and_of_all(call_index):
    figures = cycle_figures(counted_world(call_index))
    # Cross-regional: Datong with Beijing-Tianjin-Hebei, the Bay Area with the Yangtze delta.
    # Not: Datong with a Datong partner; Shanxi naming partners without their regions.
    assert (figures.cross_regional, figures.with_partner_regions, figures.partners_without_regions) == (2, 3, 1)
    assert (figures.share_among_partnered.percent, figures.share_of_all.percent) == (67, 50)


@pytest.mark.django_db
def test_experts_are_the_cycle_panels_members_once_each_by_kind_of_body(call_index):
    figures = cycle_figures(counted_world(call_index))
    assert figures.experts == 3
    kinds = {row.label: row.count for row in figures.experts_by_kind}
    assert kinds == {
        "Enterprise": 1,
        "University": 1,
        "Research institute": 0,
        "Think tank": 0,  # the think tank's expert sat on another cycle's panel
        "Government body": 0,
        "Independent": 0,
        "Not stated": 1,
    }


@pytest.mark.django_db
def test_a_cycle_without_nominations_or_panels_has_no_shares(call_index):
    cycle, _calls = cycle_2025(call_index)
    figures = cycle_figures(cycle)
    assert (figures.total, figures.experts) == (0, 0)
    assert (figures.share_among_partnered.percent, figures.share_of_all.percent) == (None, None)


# The page ---------------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_the_page_shows_each_chart_with_its_table(client, call_index):
    counted_world(call_index)
    response = client.get(URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "2025 Innovation Awards in figures"
    charts = soup.select("svg.figures-chart")
    assert [chart["aria-labelledby"] for chart in charts] == [
        "chart-category-title chart-category-desc",
        "chart-region-title chart-region-desc",
        "chart-kind-title chart-kind-desc",
    ]
    assert all(not chart.select("[style]") and not chart.has_attr("style") for chart in charts)
    assert len(charts[0].select("rect")) == 6  # one bar per category, zeros included
    assert _table(soup, "table-category")["New technologies"] == 3
    assert _table(soup, "table-region")["Datong"] == 2
    assert _table(soup, "table-kind") == {
        "Enterprise": 1,
        "University": 1,
        "Research institute": 0,
        "Think tank": 0,
        "Government body": 0,
        "Independent": 0,
        "Not stated": 1,
    }
    assert soup.select_one("#table-category tfoot td").get_text(strip=True) == "4"
    assert soup.select_one("#share-partnered dd strong").get_text(strip=True) == "67%"
    assert soup.select_one("#share-all dd strong").get_text(strip=True) == "50%"
    assert "without their regions" in soup.select_one(".figures-unknown").get_text()
    note = soup.select_one("#figures-note").get_text()
    assert "drafts that were never sent and nominations withdrawn" in note
    assert soup.select_one("a[href='/en/experts/']")
    assert not soup.select("script:not([src])")


@pytest.mark.django_db
def test_the_page_is_a_404_until_the_announcement_and_public_from_that_moment(client, call_index):
    counted_world(call_index)
    with time_machine.travel(ANNOUNCED_AT - timedelta(seconds=1), tick=False):
        assert client.get(URL).status_code == 404
        index = BeautifulSoup(client.get("/en/figures/").content, "html.parser")
        assert [a["href"] for a in index.select(".figures-cycles a")] == ["/en/figures/2024/"]
    with time_machine.travel(ANNOUNCED_AT, tick=False):
        assert client.get(URL).status_code == 200
        index = BeautifulSoup(client.get("/en/figures/").content, "html.parser")
        assert [a["href"] for a in index.select(".figures-cycles a")] == ["/en/figures/2025/", "/en/figures/2024/"]


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_an_unknown_year_is_a_404(client, call_index):
    counted_world(call_index)
    assert client.get("/en/figures/1999/").status_code == 404
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_the_page_renders_under_both_language_prefixes(client, call_index):
    counted_world(call_index)
    english = client.get(URL)
    chinese = client.get("/zh-hans/figures/2025/")
    assert (english.status_code, chinese.status_code) == (200, 200)
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"
    soup = BeautifulSoup(chinese.content, "html.parser")
    assert soup.html["lang"] == "zh-hans"
    # Region names already in the Chinese catalogue.
    assert _table(soup, "table-region")["大同市"] == 2
    assert "京津冀" in _table(soup, "table-region")
    assert soup.select_one("a[href='/zh-hans/experts/']")
    with translation.override("zh-hans"):
        assert translation.get_language() == "zh-hans"


# The page cache -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_cache_keeps_the_page_from_the_announcement_and_never_keeps_its_404(client, settings, call_index):
    settings.PAGE_CACHE_SECONDS = 300
    counted_world(call_index)
    with time_machine.travel(ANNOUNCED_AT - timedelta(minutes=1), tick=False):
        first = client.get(URL)
        assert (first.status_code, first["X-Page-Cache"]) == (404, "miss")
    with time_machine.travel(ANNOUNCED_AT, tick=False):
        shown = client.get(URL)
        kept = client.get(URL)
        assert (shown.status_code, shown["X-Page-Cache"]) == (200, "miss")
        assert (kept.status_code, kept["X-Page-Cache"]) == (200, "hit")
        assert kept.content == shown.content


@pytest.mark.django_db
def test_the_figures_index_kept_before_an_announcement_expires_at_it(client, settings, call_index):
    settings.PAGE_CACHE_SECONDS = 3600
    counted_world(call_index)
    with time_machine.travel(ANNOUNCED_AT - timedelta(minutes=1), tick=False):
        assert client.get("/en/figures/")["X-Page-Cache"] == "miss"
        assert client.get("/en/figures/")["X-Page-Cache"] == "hit"
    with time_machine.travel(ANNOUNCED_AT + timedelta(seconds=5), tick=False):
        response = client.get("/en/figures/")
        assert response["X-Page-Cache"] == "miss"
        assert b"/en/figures/2025/" in response.content


# Cost -----------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)  # fills the caches (site root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# The cycle, the categories, the nominations, the experts by kind; and what every page of
# base.html asks for its header and footer (three).
FIGURES_QUERIES = 7


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_the_page_costs_the_same_for_a_small_and_a_larger_cycle(client, call_index):
    cycle = counted_world(call_index)
    small = _queries(client, URL)
    add_counted(cycle.calls.first(), 25, region="shanxi")
    for year, kind in enumerate(AffiliationKind.values, start=2010):  # other cycles' experts
        PanelFactory(cycle=AwardCycleFactory(year=year), members=[JudgeProfileFactory(affiliation_kind=kind)])
    more = [JudgeProfileFactory(affiliation_kind=kind) for kind in AffiliationKind.values]
    cycle.judging_panels.first().members.add(*more)
    large = _queries(client, URL)
    assert cycle_figures(cycle).total == 29
    assert (small, large) == (FIGURES_QUERIES, FIGURES_QUERIES)


# The announced cycles; and what every page of base.html asks (three).
INDEX_QUERIES = 4


@pytest.mark.django_db
@time_machine.travel(AFTER, tick=False)
def test_the_figures_index_costs_the_same_with_two_or_six_cycles(client, call_index):
    counted_world(call_index)
    small = _queries(client, "/en/figures/")
    for year in range(2018, 2022):
        AwardCycleFactory(year=year, announcement_at=ANNOUNCED_AT - timedelta(days=400 * (2025 - year)))
    response = client.get("/en/figures/")
    assert len(BeautifulSoup(response.content, "html.parser").select(".figures-cycles a")) == 6
    large = _queries(client, "/en/figures/")
    assert (small, large) == (INDEX_QUERIES, INDEX_QUERIES)
