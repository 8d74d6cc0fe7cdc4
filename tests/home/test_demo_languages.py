"""The demo in both languages: every page has its translation, the Chinese pages are written
in Chinese (not the English left in place), and every category, cycle, award level,
criterion and the site settings have both languages. Loaded once for a site made in English
(as the tests' LANGUAGE_CODE makes it) and once for one made in Chinese (as development's)."""

import json
import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from wagtail.models import Locale, Page, Site

from home.models import HomePage, SiteSettings, StandardPage
from judging.models import AwardLevel, Criterion
from nominations.models import AwardCycle, CallIndexPage, CallPage, Category, WinnersIndexPage, WinnerStoryPage
from office.models import NominatorMessage

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# An English sentence (or the start of one): a capital, then at least four words.
SENTENCE = re.compile(r"[A-Z][a-z']*(?: [A-Za-z',;:-]+){4,}")
TEXT_FIELDS = {
    HomePage: ["title", "hero_heading", "hero_text", "body"],
    StandardPage: ["title", "intro", "body"],
    CallIndexPage: ["title", "intro"],
    CallPage: ["title", "intro", "eligibility", "criteria", "faq"],
    WinnersIndexPage: ["title", "intro"],
    WinnerStoryPage: ["title", "summary", "body"],
}
OTHER = {"zh-hans": "en", "en": "zh-hans"}


@pytest.fixture(scope="module", params=["en", "zh-hans"])
def loaded(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded on a site whose home page is in `param` (LANGUAGE_CODE the same)."""
    root = tmp_path_factory.mktemp("demo")
    media = {"MEDIA_ROOT": str(root / "media"), "PRIVATE_MEDIA_ROOT": str(root / "private")}
    site_language = request.param
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, LANGUAGE_CODE=site_language, **media),
        translation.override(site_language),
        transaction.atomic(),
    ):
        home = Site.objects.get(is_default_site=True).root_page
        Page.objects.filter(pk=home.pk).update(locale=Locale.objects.get(language_code=site_language))
        call_command("load_demo_data", stdout=StringIO())
        yield site_language
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def _text(page, field):
    value = getattr(page, field)
    if hasattr(value, "raw_data"):  # a StreamField: its blocks' text, whatever their kind
        return json.dumps(list(value.raw_data), ensure_ascii=False)
    return str(value)


def _pages():
    return [page.specific for page in Page.objects.filter(depth__gt=1).order_by("path")]


def test_every_page_has_its_translation_in_the_other_language(demo):
    pages = _pages()
    assert {type(p) for p in pages} == set(TEXT_FIELDS)
    for page in pages:
        other = page.get_translation_or_none(Locale.objects.get(language_code=OTHER[page.locale.language_code]))
        assert other is not None, page
        assert (other.live, other.specific_class) == (page.live, page.specific_class), page
    counts = {code: Page.objects.filter(depth__gt=1, locale__language_code=code).count() for code in OTHER}
    assert counts["zh-hans"] == counts["en"] == 1 + 4 + 12 + 5 + 1  # home, pages and indexes, calls, stories


def test_the_chinese_pages_are_written_in_chinese_not_left_in_english(demo):
    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.get(language_code="en")
    checked = 0
    for page in _pages():
        if page.locale_id != zh.pk:
            continue
        english = page.get_translation(en).specific
        for field in TEXT_FIELDS[type(page)]:
            chinese_text, english_text = _text(page, field), _text(english, field)
            assert CHINESE.search(chinese_text), (page, field)
            assert not CHINESE.search(english_text), (english, field)
            leftover = [s for s in SENTENCE.findall(english_text) if s in chinese_text]
            assert leftover == [], (page, field)
            checked += 1
        if isinstance(page, WinnerStoryPage):
            pairs = zip(page.gallery_images.all(), english.gallery_images.all(), strict=True)
            captions = [(g.caption, e.caption) for g, e in pairs]
            assert captions and all(CHINESE.search(c) and not CHINESE.search(e) for c, e in captions)
    assert checked == 4 + 3 * 3 + 2 * 2 + 12 * 5 + 5 * 3


def test_the_pages_are_served_in_their_language(demo, client):
    home = client.get("/zh-hans/").content.decode()
    assert "致敬城市创新者" in home
    assert "Celebrating the city's innovators" not in home
    call = CallPage.objects.live().filter(locale__language_code="zh-hans").first()
    response = client.get(call.url)
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert "Celebrating" in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Category, ["name", "description"]),
        (AwardCycle, ["name"]),
        (AwardLevel, ["name"]),
        (Criterion, ["name", "guidance"]),
        (
            SiteSettings,
            [
                "site_name",
                "tagline",
                "organiser",
                "address",
                "signatory_1_name",
                "signatory_1_title",
                "signatory_2_name",
                "signatory_2_title",
            ],
        ),
        (NominatorMessage, ["subject", "body"]),
    ],
)
def test_the_content_that_is_not_a_page_has_both_languages(demo, model, fields):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        for field in fields:
            chinese, english = getattr(row, f"{field}_zh_hans"), getattr(row, f"{field}_en")
            assert chinese and CHINESE.search(chinese), (row.pk, field, chinese)
            assert english and not CHINESE.search(english), (row.pk, field, english)


def test_the_rubric_and_award_levels_read_as_written(demo):
    levels = AwardLevel.objects.filter(cycle__year=AwardCycle.objects.order_by("year").first().year)
    assert list(levels.order_by("rank").values_list("name_zh_hans", "name_en")) == [
        ("一等奖", "First prize"),
        ("二等奖", "Second prize"),
        ("三等奖", "Third prize"),
        ("优秀奖", "Commendation"),
    ]
    assert sorted(Category.objects.values_list("name_zh_hans", flat=True)) == sorted(
        ["新基建", "新技术", "新材料", "新装备", "新产品", "新业态"]
    )
    cycle = AwardCycle.objects.order_by("year").last()
    names = (f"{cycle.year}年度城市创新奖", f"{cycle.year} City Innovation Awards")
    assert (cycle.name_zh_hans, cycle.name_en) == names
    with translation.override("zh-hans"):
        assert [c.name for c in Criterion.objects.filter(round__cycle=cycle).order_by("sort_order")] == [
            "创新性",
            "实际成效",
            "成熟度",
            "对城市的贡献",
        ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_calls_own_questions_read_in_each_language(demo, language):
    from nominations import questions

    # The call as the nominations store it: the first-made page (the site's language).
    call = CallPage.objects.get(
        cycle__year=AwardCycle.objects.order_by("year").last().year, category__code="TEC", locale__language_code=demo
    )
    assert questions.has_questions(call)
    with translation.override(language):
        asked = questions.call_questions(call)
    words = [q.label for q in asked] + [q.help_text for q in asked] + [c.label for c in asked[0].choices]
    assert len(words) == 3 + 3 + 4
    for text in words:
        assert bool(CHINESE.search(text)) == (language == "zh-hans"), text
    assert [q.label for q in asked] == (
        ["技术成熟度", "新增就业岗位（个）", "第三方检测或认证证书"]  # noqa: RUF001
        if language == "zh-hans"
        else ["Technology readiness", "Jobs created", "Third-party test or certification"]
    )
    # The stored answer is the first-made page's choice, shown in the reader's language.
    rows = questions.answer_rows(call.nominations.get(state="draft"), asked)
    assert rows[0].text == ("中试或示范应用" if language == "zh-hans" else "Pilot or demonstration")
