"""Award levels in the Wagtail admin, in both languages: edited side by side, each name
unique in its cycle in each language (modeltranslation's per-language constraints), listed
in the admin's language with a tag for a missing translation, and shown to visitors in
theirs."""

import pytest

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from judging.models import AwardLevel
from tests.factories import AwardCycleFactory, AwardLevelFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url

admin_user = helpers.admin_user
admin_client = helpers.admin_client
cycle = helpers.cycle


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="zh-hans")  # the city's site: the Chinese name is needed, the English not
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_award_level_is_added_and_edited_in_both_languages(admin_client, cycle, language):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form = admin_client.get(url("awardlevel", "add")).content.decode()
    assert 'name="name_zh_hans"' in form and 'name="name_en"' in form
    response = admin_client.post(
        url("awardlevel", "add"), {"cycle": cycle.pk, "name_zh_hans": "一等奖", "name_en": "First prize", "rank": 1}
    )
    assert response.status_code == 302, response.context["form"].errors
    level = AwardLevel.objects.get(cycle=cycle)
    assert (level.name_zh_hans, level.name_en) == ("一等奖", "First prize")
    response = admin_client.post(
        url("awardlevel", "edit", level.pk), {"cycle": cycle.pk, "name_zh_hans": "特等奖", "name_en": "", "rank": 1}
    )
    assert response.status_code == 302, response.context["form"].errors
    level.refresh_from_db()
    assert (level.name_zh_hans, level.name_en) == ("特等奖", None)
    with translation.override("en"):
        assert str(level) == "特等奖"  # the Chinese stands in where there is no English


@pytest.mark.django_db
def test_a_level_name_is_unique_in_its_cycle_in_each_language(admin_client, cycle):
    AwardLevelFactory(cycle=cycle, name_zh_hans="一等奖", name_en="First prize", rank=1)
    response = admin_client.post(
        url("awardlevel", "add"), {"cycle": cycle.pk, "name_zh_hans": "一等奖", "name_en": "Top prize", "rank": 2}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Award level with this Cycle and Name [zh-hans] already exists."
    ]
    # The database says so too, under the constraint modeltranslation named for each language.
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardLevel.objects.create(cycle=cycle, name_zh_hans="二等奖", name_en="First prize", rank=2)
    # Two levels without an English name are fine (NULL is never equal to NULL).
    AwardLevel.objects.create(cycle=cycle, name_zh_hans="二等奖", rank=2)
    AwardLevel.objects.create(cycle=cycle, name_zh_hans="三等奖", rank=3)
    assert AwardLevel.objects.filter(cycle=cycle, name_en__isnull=True).count() == 2
    names = {c.name for c in AwardLevel._meta.constraints}
    assert {"unique_award_level_name-zh-hans", "unique_award_level_name-en"} <= names


@pytest.mark.django_db
def test_the_listing_shows_the_admins_language_and_flags_a_missing_one(admin_client, cycle):
    AwardLevelFactory(cycle=cycle, name_zh_hans="一等奖", name_en="First prize", rank=1)
    AwardLevelFactory(cycle=cycle, name_zh_hans="二等奖", name_en=None, rank=2)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = admin_client.get(url("awardlevel", "list")).content.decode()
    assert "First prize" in body and "一等奖" not in body
    assert '<span lang="zh-hans">二等奖</span> <span class="w-status w-status--label">English missing</span>' in body
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    body = admin_client.get(url("awardlevel", "list")).content.decode()
    assert "一等奖" in body and "First prize" not in body
    assert '二等奖 <span class="w-status w-status--label">缺少English版本</span>' in body


@pytest.mark.django_db
def test_the_award_level_listing_does_not_query_per_row(admin_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url("awardlevel", "list")).status_code == 200
        return len(queries)

    def grow(n):
        for _ in range(n):
            cycle = AwardCycleFactory()
            AwardLevelFactory(cycle=cycle, name_zh_hans="一等奖", name_en="First prize", rank=1)
            AwardLevelFactory(cycle=cycle, name_zh_hans="二等奖", name_en=None, rank=2)

    grow(1)
    admin_client.get(url("awardlevel", "list"))
    small = count()
    grow(5)
    assert count() == small
    assert AwardLevel.objects.count() == 12
