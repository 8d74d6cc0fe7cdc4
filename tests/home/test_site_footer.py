"""The footer's organiser and contact lines: the site settings' (home.SiteSettings), each
text in the page's language, the same details the emails' footer gives (accounts.emails)."""

import pytest
from bs4 import BeautifulSoup

from django.utils import translation

from wagtail.models import Site

from accounts.emails import site_identity
from home.models import SiteSettings
from tests.factories import translate_page

DETAILS = {
    "organiser_zh_hans": "市科学技术局",
    "organiser_en": "Municipal Science and Technology Bureau",
    "address_zh_hans": "迎泽大街1号",
    "address_en": "1 Yingze Street",
    "contact_email": "awards@example.net",
    "contact_phone": "+86 351 000 0000",
}


def _contact(client, path):
    response = client.get(path)
    assert response.status_code == 200
    contact = BeautifulSoup(response.content, "html.parser").select_one(".site-footer address")
    return contact and [line.get_text(" ", strip=True) for line in contact.find_all("span")]


@pytest.mark.django_db
def test_footer_shows_the_organiser_and_contact_in_each_language(client, home_page):
    translate_page(home_page, title="首页", hero_heading="城市创新奖")
    SiteSettings.objects.create(site=Site.objects.get(is_default_site=True), **DETAILS)
    assert _contact(client, "/zh-hans/") == [
        "市科学技术局",
        "迎泽大街1号",
        "联系我们： awards@example.net · +86 351 000 0000",  # noqa: RUF001 - the catalogue's colon
    ]
    assert _contact(client, "/en/") == [
        "Municipal Science and Technology Bureau",
        "1 Yingze Street",
        "Contact us: awards@example.net · +86 351 000 0000",
    ]
    # The emails' footer reads the same details: one source, no copy to drift.
    for language, page in (("zh-hans", "/zh-hans/"), ("en", "/en/")):
        with translation.override(language):
            identity = site_identity()
        lines = _contact(client, page)
        assert lines[:2] == [identity["organiser"], identity["address"]]
        assert identity["contact_email"] in lines[2] and identity["contact_phone"] in lines[2]


@pytest.mark.django_db
def test_footer_has_no_contact_block_until_one_is_written(client, home_page):
    assert _contact(client, "/en/") is None
    SiteSettings.objects.create(site=Site.objects.get(is_default_site=True), contact_email="awards@example.net")
    assert _contact(client, "/en/") == ["Contact us: awards@example.net"]
