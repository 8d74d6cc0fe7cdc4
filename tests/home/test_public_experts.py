"""The public list of the expert pool (home.public_pool, home.views_figures.public_experts):
only experts who agreed to be listed and are in the pool by the one rule, only what they
agreed to show (never an email), filtered by category, region and kind of body, in both
languages, at a cost that does not grow with the list."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import current_generation
from judging.models import AffiliationKind, ExpertiseKeyword, JudgeProfile
from nominations.models import Category
from tests.factories import JudgeProfileFactory, UserFactory

URL = "/en/experts/"


def listed(**fields):
    return JudgeProfileFactory(listed_publicly=True, **fields)


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".expert-card__name")]


@pytest.fixture
def pool(db):
    hydrogen = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能")
    rail = ExpertiseKeyword.objects.create(name_en="Rail signalling", name_zh_hans="铁路信号")
    categories = {c.code: c for c in Category.objects.all()}
    wang = listed(
        user=UserFactory(first_name="Wei", last_name="Wang", email="wang@tsinghua.example.edu"),
        title="Professor",
        organisation="Tsinghua University",
        affiliation_kind=AffiliationKind.UNIVERSITY,
        region="jing_jin_ji",
        bio="Works on fuel cells for heavy transport.",
        expertise=[categories["TEC"], categories["EQP"]],
    )
    wang.keywords.set([hydrogen, rail])
    listed(
        user=UserFactory(first_name="Mei", last_name="Chen", email="chen@bay.example.com"),
        organisation="Bay Robotics",
        affiliation_kind=AffiliationKind.ENTERPRISE,
        region="greater_bay",
        expertise=[categories["MAT"]],
    )
    # In the pool but not agreeing to be listed; agreeing but no longer in the pool.
    JudgeProfileFactory(user=UserFactory(first_name="Hidden", last_name="Expert"), listed_publicly=False)
    listed(user=UserFactory(first_name="Former", last_name="Expert"), active=False)
    return wang


@pytest.mark.django_db
def test_only_listed_experts_in_the_pool_appear_with_what_they_agreed_to_show(client, pool):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Mei Chen", "Wei Wang"]
    content = response.content.decode()
    assert "Hidden" not in content and "Former" not in content
    assert "@" not in BeautifulSoup(content, "html.parser").select_one(".experts-list").get_text()
    assert "example" not in content  # no email address, nor its domain
    card = BeautifulSoup(content, "html.parser").select(".expert-card")[1]
    assert card.select_one(".expert-card__role").get_text(strip=True) == "Professor, Tsinghua University"
    assert card.select_one(".expert-card__kind").get_text(strip=True) == "University"
    assert card.select_one(".expert-card__region").get_text(strip=True) == "Beijing-Tianjin-Hebei"
    assert card.select_one(".expert-card__categories").get_text(strip=True) == "New technologies, New equipment"
    assert card.select_one(".expert-card__keywords").get_text(strip=True) == "Hydrogen, Rail signalling"
    assert card.select_one(".expert-card__bio").get_text(strip=True) == "Works on fuel cells for heavy transport."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=TEC", ["Wei Wang"]),
        ("?category=mat", ["Mei Chen"]),
        ("?region=greater_bay", ["Mei Chen"]),
        ("?kind=university", ["Wei Wang"]),
        ("?kind=university&region=greater_bay", []),
        # Unknown values are ignored, not an error.
        ("?category=XYZ&region=atlantis&kind=%3Cscript%3E", ["Mei Chen", "Wei Wang"]),
        ("?page=abc", ["Mei Chen", "Wei Wang"]),
    ],
)
def test_visitors_filter_experts_by_category_region_and_kind(client, pool, query, expected):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert names(response) == expected


@pytest.mark.django_db
def test_a_filter_without_experts_says_so_and_offers_to_clear(client, pool):
    soup = BeautifulSoup(client.get(URL + "?region=other").content, "html.parser")
    assert soup.select_one(".experts-empty").get_text(strip=True) == "No listed experts match these filters."
    assert soup.select_one(".winners-filter__reset")["href"] == URL


@pytest.mark.django_db
def test_withdrawing_agreement_takes_an_expert_off_the_list(client, pool):
    pool.listed_publicly = False
    pool.save()
    assert names(client.get(URL)) == ["Mei Chen"]


@pytest.mark.django_db
def test_the_kept_list_follows_a_withdrawal_a_new_listing_and_a_renamed_field_at_once(client, pool):
    assert names(client.get(URL)) == ["Mei Chen", "Wei Wang"]  # now kept by the page cache
    pool.listed_publicly = False
    pool.save()
    assert names(client.get(URL)) == ["Mei Chen"]
    hidden = JudgeProfile.objects.get(user__first_name="Hidden")
    hidden.listed_publicly = True
    hidden.save()
    assert names(client.get(URL)) == ["Mei Chen", "Hidden Expert"]
    keyword = ExpertiseKeyword.objects.get(name_en="Hydrogen")
    pool.listed_publicly = True
    pool.save()
    assert "Hydrogen" in client.get(URL).text
    keyword.name_en = "Hydrogen fuel cells"
    keyword.save()
    assert "Hydrogen fuel cells" in client.get(URL).text


@pytest.mark.django_db
def test_saving_an_unlisted_expert_leaves_the_kept_pages_alone(pool):
    generation = current_generation()
    hidden = JudgeProfile.objects.get(user__first_name="Hidden")
    hidden.title = "Engineer"
    hidden.save()
    assert current_generation() == generation
    pool.title = "Dean"
    pool.save()
    assert current_generation() != generation


@pytest.mark.django_db
def test_the_list_renders_in_chinese_with_the_fields_in_chinese(client, pool):
    response = client.get("/zh-hans/experts/?category=TEC")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "zh-hans"
    card = soup.select_one(".expert-card")
    assert card.select_one(".expert-card__keywords").get_text(strip=True) == "氢能, 铁路信号"
    assert card.select_one(".expert-card__region").get_text(strip=True) == "京津冀"
    assert card.select_one(".expert-card__kind").get_text(strip=True) == "高校"


# Cost -----------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


# The categories (filter), the count, the experts with their users, their categories, their
# fields of expertise; and what every page of base.html asks (three, as on the figures page).
EXPERTS_QUERIES = 8


@pytest.mark.django_db
def test_the_list_costs_the_same_with_two_or_twelve_experts(client, pool):
    small, response = _queries(client, URL)
    assert len(names(response)) == 2
    keyword = ExpertiseKeyword.objects.create(name_en="Coal", name_zh_hans="煤炭")
    for _ in range(10):
        listed(region="datong", affiliation_kind=AffiliationKind.THINK_TANK).keywords.add(keyword)
    large, response = _queries(client, URL)
    assert len(names(response)) == 12
    assert (small, large) == (EXPERTS_QUERIES, EXPERTS_QUERIES)
