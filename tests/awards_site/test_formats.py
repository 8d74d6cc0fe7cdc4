# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Dates, times and names as each language writes them: the same moment reads
"2027年1月13日 17:00" in Chinese and "13 January 2027, 17:00" in English (the site's time,
Beijing), and a person's name reads 张伟 or "Mei Lin" by the script it is written in."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.mfa import activate_totp
from accounts.models import User
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory, translate_page

# 09:00 UTC is 17:00 in Beijing, the site's time zone.
MOMENT = datetime(2027, 1, 13, 9, 0, tzinfo=UTC)
CHINESE = "2027年1月13日 17:00"
ENGLISH = "13 January 2027, 17:00"


@pytest.mark.parametrize(
    ("language", "date", "datetime_", "time_", "short"),
    [
        ("zh-hans", "2027年1月13日", CHINESE, "17:00", "2027/1/13"),
        ("en", "13 January 2027", ENGLISH, "17:00", "13 Jan 2027"),
    ],
)
def test_the_named_formats_follow_the_language(language, date, datetime_, time_, short):
    local = timezone.localtime(MOMENT)
    with translation.override(language):
        assert formats.date_format(local, "DATE_FORMAT") == date
        assert formats.date_format(local, "DATETIME_FORMAT") == datetime_
        assert formats.time_format(local) == time_
        assert formats.date_format(local, "SHORT_DATE_FORMAT") == short
        # Scores and weights keep a decimal point, and a form reads one back.
        assert formats.number_format(87.5, 1) == "87.5"
        assert formats.sanitize_separators("87.5") == "87.5"


@pytest.fixture
def bilingual_call(home_page, call_index):
    cycle = AwardCycleFactory(
        year=2026,
        name_en="2026 Innovation Awards",
        name_zh_hans="2026年度创新奖",
        nominations_open=MOMENT - timedelta(days=30),
        nominations_close=MOMENT,
    )
    call = CallPageFactory(parent=call_index, cycle=cycle, title="Technology Innovation 2026")
    translate_page(home_page, hero_heading="创新奖")
    translate_page(call_index, title="征集")
    chinese = translate_page(call, title="技术创新奖 2026", intro="提名一位创新者。")
    return call, chinese


def _dates(response):
    facts = BeautifulSoup(response.content, "html.parser").select_one(".call-facts")
    return [dd.get_text(" ", strip=True) for dd in facts.select("dd")], facts.select_one(".time-zone").get_text()


def test_a_call_page_gives_the_closing_time_in_each_language(client, bilingual_call):
    english, chinese = bilingual_call

    en_dates, en_zone = _dates(client.get(english.url))
    zh_dates, zh_zone = _dates(client.get(chinese.url))

    assert (english.url, chinese.url) == ("/en/calls/2026-new-technologies/", "/zh-hans/calls/2026-new-technologies/")
    assert en_dates[:2] == ["14 December 2026, 17:00", ENGLISH]
    assert zh_dates[:2] == ["2026年12月14日 17:00", CHINESE]
    # The time zone once, under the dates, not "CST" after each of them.
    assert en_zone == "Times shown are Beijing time (UTC+8)."
    assert zh_zone == "所列时间均为北京时间（UTC+8）。"


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", CHINESE), ("en", ENGLISH)])
def test_a_nominators_page_gives_the_deadline_in_their_language(client, bilingual_call, language, expected):
    english, _chinese = bilingual_call
    nomination = NominationFactory(call=english)
    client.force_login(nomination.nominator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = BeautifulSoup(client.get(reverse("nominations:detail", args=[nomination.pk])).content, "html.parser")

    deadlines = [
        dd.get_text(strip=True)
        for dd in page.select(".facts dd")
        if dd.get_text(strip=True)[:4] == "2027" or dd.get_text(strip=True)[:2] == "13"
    ]
    assert len(deadlines) == 1 and deadlines[0].startswith(expected + " (")


@pytest.mark.parametrize(
    ("first", "last", "full", "short"),
    [
        ("伟", "张", "张伟", "张伟"),
        ("Mei", "Lin", "Mei Lin", "Mei"),
        ("  欧阳 ", "司马", "司马欧阳", "司马欧阳"),
        ("", "Lin", "Lin", "Lin"),
        ("", "", "", ""),
    ],
)
def test_a_name_is_written_by_its_script_not_the_interface_language(first, last, full, short):
    user = User(email="someone@example.net", first_name=first, last_name=last)

    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert (user.get_full_name(), user.get_short_name()) == (full, short)


@pytest.mark.django_db
def test_the_admin_user_list_shows_each_name_as_written(client):
    office = UserFactory(email="office@example.net", first_name="Ada", last_name="Office", is_superuser=True)
    zhang = UserFactory(email="zhang@example.net", first_name="伟", last_name="张")
    mei = UserFactory(email="mei@example.net", first_name="Mei", last_name="Lin")
    activate_totp(office)  # the admin asks for two factors
    client.force_login(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    response = client.get(reverse("wagtailusers_users:index"))

    page = BeautifulSoup(response.content.decode(), "html.parser")
    names = {
        user.email: page.select_one(f"td.title a[href='{edit_url(user)}']").get_text(strip=True)
        for user in (office, zhang, mei)
    }
    assert names == {
        "office@example.net": "Ada Office",
        "zhang@example.net": "张伟",
        "mei@example.net": "Mei Lin",
    }


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])
