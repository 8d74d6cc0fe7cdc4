"""The public pages in two languages: each page type in English and Chinese with its own
text, the language links, hreflang, the sitemap, the "/" redirect, the editors' report of
pages missing a translation, and a call that exists in two languages counted once."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from accounts.mfa import activate_totp
from accounts.models import User
from home.models import StandardPage
from home.translation_report import pages_missing_a_translation
from nominations.models import CallPage, Category, Nomination, WinnerStoryPage
from nominations.queries import category_calls
from tests.factories import AwardCycleFactory, CallPageFactory, translate_page
from tests.nominations.helpers import NOMINEE
from tests.nominations.helpers.winners import announce, card_titles, make_winner


@pytest.fixture
def zh():
    return Locale.objects.get(language_code="zh-hans")


@pytest.fixture
def site(home_page, call_index, winners_index, editor):
    """Every page type in English (the test settings' default language) and in Chinese."""
    home_page.hero_heading = "Celebrating innovators"
    home_page.save_revision().publish()
    cycle = announce(AwardCycleFactory(year=2025))
    call = CallPageFactory(parent=call_index, cycle=cycle, title="New technologies 2025", intro="Nominate a pioneer.")
    about = home_page.add_child(
        instance=StandardPage(title="About the awards", slug="about", intro="Why we hold them.")
    )
    story = make_winner(call, editor, title="Lantern batteries")
    story.summary = "Batteries that light the old town."
    story.save_revision().publish()
    pages = {
        "home": (home_page, translate_page(home_page, hero_heading="表彰创新者", title="创新奖")),
        "call_index": (call_index, translate_page(call_index, title="征集公告", intro="各类别征集通知。")),
        "call": (call, translate_page(call, title="新技术 2025", intro="推荐一位开拓者。")),
        "standard": (about, translate_page(about, title="关于评选", intro="我们为什么举办评选。")),
        "winners_index": (winners_index, translate_page(winners_index, title="获奖者", intro="全市表彰的创新者。")),
    }
    pages["story"] = (
        WinnerStoryPage.objects.get(pk=story.pk),
        translate_page(story, title="灯笼电池", summary="点亮老城区的电池。"),
    )
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, english, chinese",
    [
        ("home", "Celebrating innovators", "表彰创新者"),
        ("call_index", "Nominate a pioneer.", "推荐一位开拓者。"),
        ("call", "Nominate a pioneer.", "推荐一位开拓者。"),
        ("standard", "Why we hold them.", "我们为什么举办评选。"),
        ("winners_index", "Lantern batteries", "灯笼电池"),
        ("story", "Batteries that light the old town.", "点亮老城区的电池。"),
    ],
)
def test_every_page_type_renders_in_both_languages_with_its_own_text(client, site, kind, english, chinese):
    page_en, page_zh = site[kind]
    assert page_en.url.startswith("/en/") and page_zh.url.startswith("/zh-hans/")
    html_en = client.get(page_en.url).content.decode()
    html_zh = client.get(page_zh.url).content.decode()
    assert english in html_en and chinese not in html_en
    assert chinese in html_zh and english not in html_zh
    assert '<html lang="en">' in html_en
    assert '<html lang="zh-hans">' in html_zh


@pytest.mark.django_db
def test_each_language_lists_its_own_winners_and_calls(client, site):
    assert card_titles(client.get("/zh-hans/winners/")) == ["灯笼电池"]
    assert card_titles(client.get("/en/winners/")) == ["Lantern batteries"]
    home_zh = BeautifulSoup(client.get("/zh-hans/").content, "html.parser")
    call_zh = site["call"][1]
    assert home_zh.select_one(f'a[href="{call_zh.url}"]') is not None
    assert home_zh.select_one(f'a[href="{site["call"][0].url}"]') is None


@pytest.mark.django_db
def test_the_chinese_menu_lists_the_chinese_pages(client, site):
    about_en, about_zh = site["standard"]
    about_en.show_in_menus = True
    about_en.save_revision().publish()
    about_zh.show_in_menus = True
    about_zh.save_revision().publish()
    nav_zh = BeautifulSoup(client.get("/zh-hans/").content, "html.parser").select(".site-nav a")
    nav_en = BeautifulSoup(client.get("/en/").content, "html.parser").select(".site-nav a")
    assert ("关于评选", "/zh-hans/about/") in [(a.get_text(strip=True), a["href"]) for a in nav_zh]
    assert ("About the awards", "/en/about/") in [(a.get_text(strip=True), a["href"]) for a in nav_en]
    assert "About the awards" not in [a.get_text(strip=True) for a in nav_zh]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["home", "call_index", "call", "standard", "winners_index", "story"])
def test_language_link_leads_to_the_pages_translation_and_sets_the_cookie(client, site, settings, kind):
    page_en, page_zh = site[kind]
    response = client.get(f"/i18n/set/zh-hans/?next={page_en.url}")
    assert response["Location"] == page_zh.url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert client.get(f"/i18n/set/en/?next={page_zh.url}")["Location"] == page_en.url


@pytest.mark.django_db
def test_language_link_keeps_the_query_string_and_other_paths(client, site):
    winners_en, winners_zh = site["winners_index"]
    assert client.get("/i18n/set/zh-hans/", {"next": f"{winners_en.url}?year=2025"})["Location"] == (
        f"{winners_zh.url}?year=2025"
    )
    assert client.get("/i18n/set/zh-hans/", {"next": "/en/search/?q=lantern"})["Location"] == (
        "/zh-hans/search/?q=lantern"
    )
    assert client.get("/i18n/set/zh-hans/", {"next": "/nominations/"})["Location"] == "/nominations/"


@pytest.mark.django_db
def test_language_link_from_an_untranslated_page_goes_home(client, site, home_page):
    lonely = home_page.add_child(instance=StandardPage(title="Terms of use", slug="terms"))
    assert client.get(f"/i18n/set/zh-hans/?next={lonely.url}")["Location"] == site["home"][1].url
    assert client.get("/i18n/set/zh-hans/?next=/en/no-such-page/")["Location"] == "/zh-hans/"


@pytest.mark.django_db
def test_hreflang_alternates_name_both_translations_and_the_default(client, site):
    call_en, call_zh = site["call"]
    for page in (call_en, call_zh):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        links = {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}
        # Absolute URLs on the Wagtail site's own host (the test database's "localhost").
        assert links == {
            "en": f"http://localhost{call_en.url}",
            "zh-hans": f"http://localhost{call_zh.url}",
            "x-default": f"http://localhost{call_en.url}",
        }


@pytest.mark.django_db
def test_an_untranslated_page_names_only_itself(client, home_page):
    about = home_page.add_child(instance=StandardPage(title="About the awards", slug="about"))
    soup = BeautifulSoup(client.get(about.url).content, "html.parser")
    links = {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}
    assert links == {"en": "http://localhost/en/about/", "x-default": "http://localhost/en/about/"}


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap(client):
    """{location: {hreflang: href}}, read as XML with its namespaces."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


@pytest.mark.django_db
def test_sitemap_lists_both_languages_with_alternates(client, site):
    entries = _sitemap(client)
    for page_en, page_zh in site.values():
        en, zh = page_en.get_full_url(), page_zh.get_full_url()
        expected = {"en": en, "zh-hans": zh, "x-default": en}
        assert entries[en] == expected
        assert entries[zh] == expected
    assert len(entries) == 12


@pytest.mark.django_db
def test_sitemap_leaves_an_embargoed_story_out_in_both_languages(client, site):
    story_en, story_zh = site["story"]
    announce(story_en.nomination.call.cycle, announced=False)
    entries = _sitemap(client)
    assert story_en.get_full_url() not in entries
    assert story_zh.get_full_url() not in entries
    assert len(entries) == 10
    assert client.get(story_zh.url).status_code == 404


@pytest.mark.django_db
def test_root_redirects_to_the_default_language(client, home_page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert client.get("/")["Location"] == "/zh-hans/"


@pytest.mark.django_db
def test_root_redirects_to_the_browsers_language(client, home_page, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"


# Editors -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    superuser = User.objects.create_superuser(email="root@example.org", password="pw-1")
    activate_totp(superuser)  # the admin needs two factors
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_report_lists_an_untranslated_page_and_not_a_translated_one(admin_client, site, home_page):
    lonely = home_page.add_child(instance=StandardPage(title="Terms of use", slug="terms"))
    soup = BeautifulSoup(admin_client.get("/admin/reports/missing-translations/").content, "html.parser")
    rows = soup.select("tr.missing-translation")
    assert [row.select_one("td a").get_text(strip=True) for row in rows] == ["Terms of use"]
    assert rows[0].select("a")[-1]["href"] == f"/admin/translation/submit/page/{lonely.pk}/"
    assert list(pages_missing_a_translation()) == [lonely.page_ptr]


@pytest.mark.django_db
def test_reports_menu_offers_the_report(admin_client, home_page):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/missing-translations/" in html


@pytest.mark.django_db
def test_translate_action_copies_a_call_and_a_story_with_their_links(admin_client, site, zh, home_page, editor):
    call_en = site["call"][0]
    other = CallPageFactory(
        parent=site["call_index"][0], cycle=call_en.cycle, category=Category.objects.get(code="MAT")
    )
    story_en = make_winner(other, editor, title="Self-healing asphalt")
    for page in (other, story_en):
        response = admin_client.post(f"/admin/translation/submit/page/{page.pk}/", {"locales": [zh.pk]})
        assert response.status_code == 302
    call_zh = CallPage.objects.get(translation_key=other.translation_key, locale=zh)
    assert (call_zh.cycle_id, call_zh.category_id, call_zh.opens_at) == (
        other.cycle_id,
        other.category_id,
        other.opens_at,
    )
    call_zh.full_clean()  # one call per cycle and category in Chinese: this one
    story_zh = WinnerStoryPage.objects.get(translation_key=story_en.translation_key, locale=zh)
    assert story_zh.nomination_id == story_en.nomination_id
    story_zh.full_clean()
    clash = CallPage(title="x", slug="x", cycle=other.cycle, category=other.category, locale=zh)
    clash.opens_at, clash.closes_at, clash.intro = other.opens_at, other.closes_at, "x"
    with pytest.raises(Exception, match="already has a call"):
        clash.clean()
    second = WinnerStoryPage(title="x", slug="y", nomination=story_en.nomination, summary="x", locale=zh)
    with pytest.raises(Exception, match="already has a story in this language"):
        second.clean()


# A call in two languages is one call ---------------------------------------------------


@pytest.mark.django_db
def test_a_call_in_two_languages_is_counted_once(client, site, zh, nominator):
    call_en, call_zh = site["call"]
    rows = [row for row in category_calls(call_en.cycle, locale=zh) if row.call is not None]
    assert [row.call.pk for row in rows] == [call_zh.pk]
    client.force_login(nominator)
    for page in (call_en, call_zh):
        token = client.get(f"/nominate/{page.pk}/").context["form_token"]
        client.post(f"/nominate/{page.pk}/", {**NOMINEE, "form_token": token})
    # Both point to the original (the English page, made first), so a count by call is 2.
    mine = Nomination.objects.filter(nominator=nominator)
    assert list(mine.values_list("call_id", flat=True)) == [call_en.pk, call_en.pk]
    assert mine.filter(call=call_en).count() == 2


@pytest.mark.django_db
def test_nominator_pages_show_the_calls_title_in_the_readers_language(client, site, nominator):
    call_en = site["call"][0]
    client.force_login(nominator)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/nominate/{call_en.pk}/").content.decode()
    assert "新技术 2025" in html
    assert "New technologies 2025" not in html


# Serving the Chinese calls index: site, locale, page route, alias and view-restriction
# checks, the calls (this language's and the untranslated ones, one query), the site's root
# paths, the site settings (the header), the page's translations (hreflang), the menu (the
# home page, its translation's children). Flat, whatever the number of calls.
CALL_INDEX_QUERIES = 13


def _queries(client, url):
    client.get(url)  # warm the caches (site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_chinese_calls_index_query_count_is_pinned_at_two_sizes(client, home_page, call_index):
    translate_page(home_page, title="创新奖")
    index_zh = translate_page(call_index, title="征集公告")
    cycle = AwardCycleFactory(year=2025)
    for category in Category.objects.all()[:2]:
        translate_page(
            CallPageFactory(parent=call_index, cycle=cycle, category=category), title=f"{category.code} 征集"
        )
    small = _queries(client, index_zh.url)
    for category in Category.objects.all()[2:]:
        translate_page(
            CallPageFactory(parent=call_index, cycle=cycle, category=category), title=f"{category.code} 征集"
        )
    CallPageFactory(parent=call_index, cycle=AwardCycleFactory(year=2024))  # not translated: listed once, in English
    large = _queries(client, index_zh.url)
    assert (small, large) == (CALL_INDEX_QUERIES, CALL_INDEX_QUERIES)
    cards = BeautifulSoup(client.get(index_zh.url).content, "html.parser")
    assert len(cards.select('a[href^="/zh-hans/calls/"]')) >= 6
