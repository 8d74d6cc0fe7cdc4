"""The site settings in the Wagtail admin: each text in both languages side by side, the
awards' name required in the site's default language, and read back in the active one."""

import pytest

from django.conf import settings
from django.test import override_settings
from django.utils import translation

from wagtail.models import Site

from accounts.mfa import activate_totp
from home.models import SiteSettings
from tests.factories import UserFactory

FORM = {
    "site_name_zh_hans": "城市创新奖",
    "site_name_en": "City Innovation Awards",
    "tagline_zh_hans": "表彰改变城市的创新",
    "tagline_en": "Honouring the innovations that change the city",
    "organiser_zh_hans": "市科学技术局",
    "organiser_en": "Municipal Science and Technology Bureau",
    "address_zh_hans": "迎泽大街1号",
    "address_en": "1 Yingze Street",
    "contact_email": "awards@example.net",
    "contact_phone": "+86 351 000 0000",
}


@pytest.fixture
def admin(client, db):
    user = UserFactory(email="root@example.net", is_superuser=True, is_staff=True)
    activate_totp(user)
    client.force_login(user)
    return client


def edit_url():
    return f"/admin/settings/home/sitesettings/{Site.objects.get(is_default_site=True).pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_site_settings_are_edited_in_both_languages(admin, language):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form = admin.get(edit_url()).content.decode()
    for field in ("site_name", "tagline", "organiser", "address"):
        assert f'name="{field}_zh_hans"' in form and f'name="{field}_en"' in form
    assert "简体中文" in form and "English" in form
    response = admin.post(edit_url(), FORM)
    assert response.status_code == 302
    saved = SiteSettings.objects.get()
    assert {field: getattr(saved, field) for field in FORM} == FORM
    with translation.override("zh-hans"):
        assert (saved.site_name, saved.address) == ("城市创新奖", "迎泽大街1号")
    with translation.override("en"):
        assert (saved.site_name, saved.address) == ("City Innovation Awards", "1 Yingze Street")


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="zh-hans")
def test_the_chinese_name_is_needed_and_an_empty_english_falls_back_to_it(admin):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin.post(edit_url(), {**FORM, "site_name_zh_hans": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"site_name_zh_hans": ["This field is required."]}
    response = admin.post(edit_url(), {**FORM, "site_name_en": "", "tagline_en": ""})
    assert response.status_code == 302
    saved = SiteSettings.objects.get()
    assert (saved.site_name_en, saved.tagline_en) == (None, None)
    with translation.override("en"):
        assert (saved.site_name, saved.tagline) == ("城市创新奖", "表彰改变城市的创新")
