"""The expert pool in the Wagtail admin: "Pool at a glance" (tables, gaps in words, the
chart), the experts' profiles (columns, filters, the new fields), the fields of expertise
in both languages, and the cycle statements (read only)."""

import re

import pytest

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from judging.models import CycleStatement, ExpertiseKeyword, JudgeProfile, StandingInterest
from judging.models.pool import AffiliationKind
from nominations.models import Category
from nominations.models.choices import Region
from tests.factories import AwardCycleFactory, CallPageFactory, RoundFactory, UserFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import pool_expert, submitted
from tests.support import with_role

admin_user = helpers.admin_user
admin_client = helpers.admin_client
cycle = helpers.cycle

POOL = reverse("expert_pool_coverage:index")


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        assert response.status_code == 200
    return len(queries)


def grow_pool(cycle, call, n):
    """n experts in TEC and MAT, each with a statement naming an interest, and n nominations."""
    keyword = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能")
    for index in range(n):
        expert = pool_expert(
            "TEC", "MAT", region=Region.DATONG, affiliation_kind=AffiliationKind.UNIVERSITY, joined_at=timezone.now()
        )
        expert.keywords.add(keyword)
        statement = CycleStatement.objects.create(judge=expert, cycle=cycle, confirmed_at=timezone.now())
        StandingInterest.objects.create(statement=statement, organisation=f"Firm {index}", relation="advises")
        submitted(call)


@pytest.fixture
def tec_call(call_index, cycle):
    return CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="TEC"))


# Pool at a glance ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_counts_gaps_and_a_chart(admin_client, cycle, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=3)
    pool_expert("MAT", region=Region.DATONG, affiliation_kind=AffiliationKind.UNIVERSITY)
    pool_expert("MAT", region=Region.GREATER_BAY, affiliation_kind=AffiliationKind.ENTERPRISE)
    for _ in range(3):
        pool_expert("TEC", organisation="Datong Advanced Materials Ltd", affiliation_kind=AffiliationKind.ENTERPRISE)
    submitted(tec_call)  # every TEC expert works for the nominee
    submitted(tec_call, nominee_organisation="Elsewhere Ltd")

    response = admin_client.get(POOL, {"cycle": cycle.pk})

    assert response.status_code == 200
    body = response.content.decode()
    gaps = re.findall(r'<li data-gap="(\w+)">(.*?)</li>', body)
    assert ("MAT", "New materials: 2 experts available, 3 needed per nomination") in gaps
    assert ("TEC", "New technologies: 3 experts available, 3 needed per nomination; 1 of 2 nominations short") in gaps
    assert "Each nomination needs 3 judges" in body
    assert "5 experts have not confirmed their standing interests for this cycle (5 without any statement yet)." in body
    assert f'href="{url("cyclestatement", "list")}?cycle={cycle.pk}&amp;confirmed=false"' in body
    svg = re.search(r'<svg class="pool-chart".*?</svg>', body, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="pool-chart-title pool-chart-desc"' in svg
    assert re.findall(r'class="pool-chart__bar" data-category="(\w+)" data-total="(\d+)"', svg) == [
        ("INF", "0"),
        ("TEC", "3"),
        ("MAT", "2"),
        ("EQP", "0"),
        ("PRD", "0"),
        ("IND", "0"),
    ]
    # Split by kind of body: TEC one segment (enterprise), MAT two (university, enterprise).
    assert len(re.findall(r'class="pool-chart__segment"', svg)) == 3
    assert "style=" not in svg  # painted with attributes: the Content-Security-Policy
    assert "<script" not in body.split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.django_db
def test_the_chart_splits_by_region_and_the_default_without_a_round(admin_client, cycle):
    pool_expert("MAT", region=Region.DATONG)
    pool_expert("MAT")  # region not stated

    body = admin_client.get(POOL, {"cycle": cycle.pk, "by": "region"}).content.decode()

    assert "Experts per category, by region" in body
    assert re.findall(r'data-key="(\w*)"', body) == ["datong", ""]
    assert "The cycle has no round yet: counted with 3 judges per nomination" in body


@pytest.mark.django_db
def test_the_page_in_chinese(admin_client, cycle):
    pool_expert("MAT", region=Region.DATONG)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    body = admin_client.get(POOL, {"cycle": cycle.pk, "by": "region"}).content.decode()

    assert "新材料" in body  # the category's Chinese name
    assert "大同市" in body  # the region's Chinese label
    assert "类别" in body  # "Category"


@pytest.mark.django_db
def test_an_unknown_cycle_is_not_found(admin_client, cycle):
    assert admin_client.get(POOL, {"cycle": "999999"}).status_code == 404
    assert admin_client.get(POOL, {"cycle": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_page_takes_the_current_cycle_without_one_chosen(admin_client, cycle):
    body = admin_client.get(POOL).content.decode()
    assert f'<option value="{cycle.pk}" selected>' in body


@pytest.mark.django_db
def test_the_page_is_for_awards_administrators_only(client, cycle):
    client.force_login(with_role("Screeners", "screener@example.net"))
    response = client.get(POOL)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    client.force_login(UserFactory())
    response = client.get(POOL)
    assert response.status_code == 302 and response["Location"] != POOL


@pytest.mark.django_db
def test_the_page_takes_a_fixed_number_of_queries(admin_client, cycle, tec_call):
    RoundFactory(cycle=cycle)
    grow_pool(cycle, tec_call, 2)
    address = f"{POOL}?cycle={cycle.pk}"
    admin_client.get(address)
    small = count_queries(admin_client, address)
    grow_pool(cycle, tec_call, 6)
    assert count_queries(admin_client, address) == small
    assert JudgeProfile.objects.count() == 8


# The experts' profiles -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_pool_listing_shows_and_filters_the_new_fields(admin_client):
    hydrogen = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能")
    tank = pool_expert(
        "TEC", organisation="Shanxi Think Tank", region=Region.SHANXI, affiliation_kind=AffiliationKind.THINK_TANK
    )
    tank.keywords.add(hydrogen)
    pool_expert("MAT", organisation="Shenzhen Widgets", region=Region.GREATER_BAY, listed_publicly=True)

    body = admin_client.get(url("judgeprofile", "list")).content.decode()
    assert "Shanxi Think Tank" in body and "Shenzhen Widgets" in body
    assert "Think tank" in body and "Elsewhere in Shanxi" in body and "Hydrogen" in body

    for query in (
        {"affiliation_kind": "think_tank"},
        {"region": "shanxi"},
        {"keywords": hydrogen.pk},
        {"listed_publicly": "false"},
    ):
        body = admin_client.get(url("judgeprofile", "list"), query).content.decode()
        assert "Shanxi Think Tank" in body and "Shenzhen Widgets" not in body, query
    body = admin_client.get(url("judgeprofile", "list"), {"listed_publicly": "true"}).content.decode()
    assert "Shenzhen Widgets" in body and "Shanxi Think Tank" not in body


@pytest.mark.django_db
def test_the_pool_listing_takes_a_fixed_number_of_queries(admin_client, cycle, tec_call):
    grow_pool(cycle, tec_call, 2)
    admin_client.get(url("judgeprofile", "list"))
    small = count_queries(admin_client, url("judgeprofile", "list"))
    grow_pool(cycle, tec_call, 6)
    assert count_queries(admin_client, url("judgeprofile", "list")) == small


@pytest.mark.django_db
def test_a_profiles_new_fields_are_edited_and_languages_checked(admin_client):
    expert = pool_expert("TEC")
    hydrogen = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能")
    form = admin_client.get(url("judgeprofile", "edit", expert.pk)).content.decode()
    assert 'name="languages"' in form and 'type="checkbox"' in form
    assert 'name="joined_at"' not in form  # shown, not edited
    data = {
        "user": expert.user.pk,
        "title": "Professor",
        "organisation": "Taiyuan University of Technology",
        "affiliation_kind": "university",
        "region": "shanxi",
        "expertise": [Category.objects.get(code="TEC").pk],
        "keywords": [hydrogen.pk],
        "languages": ["en", "zh-hans"],
        "bio": "Hydrogen storage.",
        "listed_publicly": "on",
        "active": "on",
    }
    response = admin_client.post(url("judgeprofile", "edit", expert.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    expert.refresh_from_db()
    assert (expert.affiliation_kind, expert.region, expert.languages, expert.listed_publicly) == (
        "university",
        "shanxi",
        ["zh-hans", "en"],  # in the site's order
        True,
    )
    assert list(expert.keywords.all()) == [hydrogen]

    response = admin_client.post(url("judgeprofile", "edit", expert.pk), {**data, "languages": ["fr"]})
    assert response.status_code == 200
    assert "languages" in response.context["form"].errors
    expert.refresh_from_db()
    assert expert.languages == ["zh-hans", "en"]


# Fields of expertise -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_field_of_expertise_is_added_in_both_languages(admin_client, language):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    form = admin_client.get(url("expertisekeyword", "add")).content.decode()
    assert 'name="name_zh_hans"' in form and 'name="name_en"' in form
    response = admin_client.post(url("expertisekeyword", "add"), {"name_zh_hans": "氢能", "name_en": "Hydrogen"})
    assert response.status_code == 302, response.context["form"].errors
    keyword = ExpertiseKeyword.objects.get()
    assert (keyword.name_zh_hans, keyword.name_en) == ("氢能", "Hydrogen")
    pool_expert("TEC").keywords.add(keyword)
    body = admin_client.get(url("expertisekeyword", "list")).content.decode()
    assert ("氢能" if language == "zh-hans" else "Hydrogen") in body
    assert re.search(r"<td[^>]*>\s*1\s*</td>", body)  # one expert names it


@pytest.mark.django_db
def test_deleting_a_field_of_expertise_says_who_uses_it(admin_client):
    keyword = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能")
    expert = pool_expert("TEC")
    expert.keywords.add(keyword)
    body = admin_client.get(url("expertisekeyword", "delete", keyword.pk)).content.decode()
    assert "1 expert names this field of expertise; deleting it takes it off their profile." in body
    response = admin_client.post(url("expertisekeyword", "delete", keyword.pk))
    assert response.status_code == 302
    assert not ExpertiseKeyword.objects.exists()
    assert JudgeProfile.objects.filter(pk=expert.pk).exists()


# Cycle statements ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_statements_are_listed_read_only_and_filtered(admin_client, cycle):
    other = AwardCycleFactory()
    confirmed = pool_expert("TEC", organisation="Confirmed University")
    waiting = pool_expert("TEC", organisation="Waiting Institute")
    statement = CycleStatement.objects.create(judge=confirmed, cycle=cycle, capacity=5, confirmed_at=timezone.now())
    StandingInterest.objects.create(statement=statement, organisation="Datong Coal Group", relation="advises")
    CycleStatement.objects.create(judge=waiting, cycle=cycle, available=False)
    CycleStatement.objects.create(judge=waiting, cycle=other)

    body = admin_client.get(url("cyclestatement", "list"), {"cycle": cycle.pk}).content.decode()
    assert str(confirmed) in body and str(waiting) in body
    assert "Datong Coal Group (I advise it)" in body
    assert other.name not in body.split("<tbody")[-1]

    body = admin_client.get(url("cyclestatement", "list"), {"cycle": cycle.pk, "confirmed": "false"}).content
    assert str(waiting).encode() in body and str(confirmed).encode() not in body
    body = admin_client.get(url("cyclestatement", "list"), {"cycle": cycle.pk, "confirmed": "true"}).content
    assert str(confirmed).encode() in body and str(waiting).encode() not in body

    assert admin_client.get(url("cyclestatement", "add")).status_code in (302, 403, 404)
    assert admin_client.get(url("cyclestatement", "edit", statement.pk)).status_code in (302, 403, 404)
    assert admin_client.get(url("cyclestatement", "inspect", statement.pk)).status_code == 200


@pytest.mark.django_db
def test_the_statements_listing_takes_a_fixed_number_of_queries(admin_client, cycle, tec_call):
    grow_pool(cycle, tec_call, 2)
    admin_client.get(url("cyclestatement", "list"))
    small = count_queries(admin_client, url("cyclestatement", "list"))
    grow_pool(cycle, tec_call, 6)
    assert count_queries(admin_client, url("cyclestatement", "list")) == small


@pytest.mark.django_db
def test_the_judging_menu_offers_the_page_to_administrators_only(client, admin_client):
    assert "Pool at a glance" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(with_role("Screeners", "screener@example.net"))
    assert "Pool at a glance" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_the_page_without_any_cycle_shows_the_pool(admin_client):
    pool_expert("MAT")
    response = admin_client.get(POOL)
    assert response.status_code == 200
    assert "1 expert in the pool" in response.content.decode()
