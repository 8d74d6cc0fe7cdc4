# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Chinese search (core.segment, home.views_search): pages are found by Chinese queries of
one, two and four characters, only in the visitor's language, never under embargo; a whole
phrase ranks above a part of it."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from core.segment import segmented_text, split_query
from home.views_search import query_tiers
from nominations.models import Category, WinnersIndexPage
from nominations.winners import create_story
from tests.factories import (
    AwardCycleFactory,
    CallIndexPageFactory,
    CallPageFactory,
    NominationFactory,
    UserFactory,
    advance,
)
from tests.nominations.helpers.winners import COMMEND, announce, search_result_titles, winners_index_page

ZH = "/zh-hans/search/"
EN = "/en/search/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Every request rendered (not answered by home.middleware's whole-page cache).
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@example.net")


@pytest.fixture
def site(home_page, editor):
    """An English and a Chinese tree: home, calls and winners in each language; calls in
    three categories and four stories in Chinese (one under embargo), one call and one
    story in English."""
    zh = Locale.objects.get(language_code="zh-hans")
    zh_home = home_page.copy_for_translation(zh)
    zh_home.title = "首页"
    zh_home.save_revision(user=editor).publish()

    en_calls = CallIndexPageFactory(parent=home_page)
    en_winners = winners_index_page(home_page)
    zh_calls = CallIndexPageFactory(parent=zh_home, title="征集通知", slug="calls", intro="本年度各类别的提名征集。")
    zh_winners = WinnersIndexPage(title="获奖项目", slug="winners", intro="历届受到表彰的创新成果。")
    zh_home.add_child(instance=zh_winners)

    cycle = announce(AwardCycleFactory(year=2025))
    tec, soc, gov = (Category.objects.get(code=code) for code in ("TEC", "INF", "MAT"))
    pages = {
        "en_call": CallPageFactory(
            parent=en_calls,
            cycle=cycle,
            category=tec,
            title="Smart grid innovation 2025",
            intro="Nominations for smart grid projects (智能电网) across the city.",
        ),
        "grid_call": CallPageFactory(
            parent=zh_calls,
            cycle=cycle,
            category=tec,
            title="2025年度智能电网应用创新征集",
            intro="征集在智能电网、储能与新能源接入方面的创新成果（Smart Grid）。",
        ),
        "transport_call": CallPageFactory(
            parent=zh_calls,
            cycle=cycle,
            category=soc,
            title="2025年度智慧交通创新征集",
            intro="征集在城市交通管理、桥梁养护与公共出行方面的创新成果。",
        ),
        "care_call": CallPageFactory(
            parent=zh_calls,
            cycle=cycle,
            category=gov,
            title="2025年度社区养老服务创新征集",
            intro="征集提升居家与社区养老服务质量的创新做法。",
        ),
    }
    call = pages["grid_call"]
    pages["en_story"] = story(
        call, editor, en_winners, "Grid dispatch platform (智能电网)", "A dispatch platform for the smart grid."
    )
    pages["dispatch_story"] = story(
        call, editor, zh_winners, "智能电网调度平台", "全市智能电网统一调度，高峰时段负荷预测准确率达到百分之九十五。"
    )
    pages["old_town_story"] = story(
        call, editor, zh_winners, "老城区配电网智能化改造", "为老城区电网加装监测终端，居民停电时间减少四成。"
    )
    pages["bridge_story"] = story(
        call, editor, zh_winners, "跨江大桥健康监测系统", "在大桥主梁布设传感器，实时掌握结构状态。"
    )
    # Results not announced yet: under embargo, though it has every word searched for here.
    later = CallPageFactory(
        parent=zh_calls,
        cycle=announce(AwardCycleFactory(year=2026), announced=False),
        category=tec,
        title="2026年度新材料创新征集",
        intro="征集新材料研发与应用方面的创新成果。",
    )
    pages["embargoed_story"] = story(
        later, editor, zh_winners, "智能电网与桥梁巡检机器人", "用于智能电网和桥梁的巡检机器人。"
    )
    return pages


def story(call, user, index, title, summary):
    nomination = NominationFactory(call=call, nominator=user)
    advance(nomination, *COMMEND, by=user)
    page, _created = create_story(nomination=nomination, user=user, index=index)
    page.title = title
    page.summary = summary
    page.body = [("paragraph", f"<p>{summary}</p>")]
    page.save_revision(user=user).publish()
    page.refresh_from_db()
    return page


def titles(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return search_result_titles(response)


# Segmentation -------------------------------------------------------------------------


def test_segmented_text_has_words_and_single_characters():
    assert segmented_text("智能电网") == " 智能 电网  智 能 电 网"
    assert segmented_text("Smart grid") == "Smart grid"
    assert segmented_text("") == ""


def test_split_query_separates_chinese_runs_from_other_words():
    assert split_query("AI 智能电网，桥 (it's)") == (["智能电网", "桥"], ["AI", "(it's)"])
    assert split_query("，。( * -") == ([], [])


def test_a_four_character_query_is_a_phrase_then_its_words():
    exact, parts = query_tiers("智能电网")
    assert repr(exact) == "<Phrase '智 能 电 网'>"
    assert repr(parts) == "<Or <PlainText '智能' operator='and' boost=1> <PlainText '电网' operator='and' boost=1>>"
    assert len(query_tiers("桥")) == 1
    assert len(query_tiers("电网")) == 1
    assert query_tiers("，。") == []


# Search -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_character_finds_the_call_and_the_story_with_it(client, site):
    assert set(titles(client, ZH, "桥")) == {"2025年度智慧交通创新征集", "跨江大桥健康监测系统"}


@pytest.mark.django_db
def test_two_characters_find_the_pages_with_that_word(client, site):
    assert set(titles(client, ZH, "电网")) == {
        "2025年度智能电网应用创新征集",
        "智能电网调度平台",
        "老城区配电网智能化改造",
    }


@pytest.mark.django_db
def test_four_characters_rank_the_whole_phrase_above_a_part(client, site):
    found = titles(client, ZH, "智能电网")
    assert set(found[:2]) == {"2025年度智能电网应用创新征集", "智能电网调度平台"}
    # 配电网智能化: both words, but not the phrase.
    assert found[2:] == ["老城区配电网智能化改造"]


@pytest.mark.django_db
def test_chinese_query_finds_nothing_that_is_not_there(client, site):
    response = client.get(ZH, {"q": "垃圾分类"})
    assert response.status_code == 200
    assert search_result_titles(response) == []
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#results-heading").get_text(strip=True) == "0 条结果"
    assert soup.select_one(".search-results > p").get_text(strip=True) == (
        "未找到与您的搜索相符的内容。请尝试使用其他关键词或减少关键词。"
    )


@pytest.mark.django_db
def test_chinese_and_english_words_together_need_both(client, site):
    assert titles(client, ZH, "Smart 智能电网") == ["2025年度智能电网应用创新征集"]
    assert titles(client, ZH, "grid 养老") == []


@pytest.mark.django_db
def test_each_language_searches_its_own_pages(client, site):
    # The English pages mention 智能电网 and a Chinese call says "Smart Grid": each stays in its language.
    assert set(titles(client, EN, "grid")) == {"Smart grid innovation 2025", "Grid dispatch platform (智能电网)"}
    assert set(titles(client, EN, "智能电网")) == {"Smart grid innovation 2025", "Grid dispatch platform (智能电网)"}
    assert titles(client, ZH, "grid") == ["2025年度智能电网应用创新征集"]
    assert not {"Smart grid innovation 2025", "Grid dispatch platform (智能电网)"} & set(titles(client, ZH, "电网"))
    assert titles(client, EN, "桥") == []


@pytest.mark.django_db
def test_a_story_under_embargo_is_never_found(client, site):
    for query in ("桥", "电网", "智能电网", "巡检机器人", "机器人"):
        assert "智能电网与桥梁巡检机器人" not in titles(client, ZH, query)
    # The call of that later cycle is public; only the story is held back.
    assert titles(client, ZH, "新材料") == ["2026年度新材料创新征集"]


@pytest.mark.django_db
def test_chinese_results_link_to_chinese_pages_with_a_summary(client, site):
    soup = BeautifulSoup(client.get(ZH, {"q": "桥"}).content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".search-result__title a")}
    assert links["跨江大桥健康监测系统"] == site["bridge_story"].url
    assert links["跨江大桥健康监测系统"].startswith("/zh-hans/winners/")
    texts = [p.get_text(strip=True) for p in soup.select(".search-result__text")]
    assert "在大桥主梁布设传感器，实时掌握结构状态。" in texts


@pytest.mark.django_db
def test_a_long_chinese_summary_is_cut_by_characters(client, site):
    call = site["transport_call"]
    call.intro = "桥梁" + "交通" * 100
    call.save_revision().publish()
    text = BeautifulSoup(client.get(ZH, {"q": "桥"}).content, "html.parser").select(".search-result__text")
    (cut,) = [p.get_text() for p in text if p.get_text().startswith("桥梁")]
    # 120 characters with the ellipsis (Django's, in the active language), not one 202-character "word".
    assert cut.startswith("桥梁" + "交通" * 57)
    assert len(cut) <= 121


# Odd queries --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_query_shows_the_form_only(client, site):
    response = client.get(ZH, {"q": "  "})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("form.search-form")["action"] == ZH
    assert not soup.select(".search-results")
    assert not soup.select(".search-note")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ZH, EN])
def test_a_very_long_query_is_cut_and_says_so(client, site, url):
    response = client.get(url, {"q": "垃圾分类" * 100})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#search-q")["value"] == "垃圾分类" * 50
    assert soup.select_one(".search-note") is not None
    assert search_result_titles(response) == []


@pytest.mark.django_db
def test_the_long_query_note_in_english(client, site):
    soup = BeautifulSoup(client.get(EN, {"q": "grid " * 60}).content, "html.parser")
    assert soup.select_one(".search-note").get_text(strip=True) == (
        "Only the first 200 characters of your search were used."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["，。！", "《》", "\u3000", "𠀀", "智能电网" + "的" * 150, "桥 " * 100])
def test_odd_chinese_queries_answer_200(client, site, query):
    assert client.get(ZH, {"q": query}).status_code == 200


# Queries per results page -------------------------------------------------------------


def _queries(client, query):
    # The first request fills the caches every page uses (site root paths, settings).
    client.get(ZH, {"q": query})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(ZH, {"q": query})
    assert response.status_code == 200
    return len(captured), len(search_result_titles(response))


@pytest.mark.django_db
def test_results_page_query_count_does_not_grow_with_the_data(client, site, editor):
    # Stories only match 停电, so the results are one page type at both sizes (each type
    # found costs one query for its fields, whatever the number of results).
    small = _queries(client, "停电")
    cycle = announce(AwardCycleFactory(year=2024))
    zh_winners = site["dispatch_story"].get_parent()
    for code in ("EQP", "PRD", "IND"):
        call = CallPageFactory(
            parent=site["grid_call"].get_parent(),
            cycle=cycle,
            category=Category.objects.get(code=code),
            title=f"2024年度{code}类创新征集",
            intro="征集本类别的创新成果。",
        )
        for number in range(4):
            story(call, editor, zh_winners, f"供电可靠性提升项目{code}{number}", "用户年均停电时间大幅缩短。")
    large = _queries(client, "停电")
    assert small == (10, 1)
    assert large == (10, 10)
