# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Copying a rubric from an earlier round or cycle in the round's admin: choose, confirm
that the round's criteria are replaced, copied in both languages; refused once the
rubric is frozen or scoring has started; awards administrators only."""

from decimal import Decimal

import pytest

from wagtail.models import ModelLogEntry

from judging.models import Assignment, Criterion, RoundKind
from judging.rubrics import COPY_ACTION, copy_rubric
from judging.services import JudgingError, record_rubric_version
from tests.factories import AwardCycleFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import client_for, messages_of, score_all

world = helpers.world
pytestmark = pytest.mark.django_db

FIELDS = (
    "name_zh_hans",
    "name_en",
    "guidance_zh_hans",
    "guidance_en",
    "weight",
    "scale_min",
    "scale_max",
    "sort_order",
)


def rubric(round_):
    return [tuple(getattr(c, field) for field in FIELDS) for c in Criterion.objects.filter(round=round_)]


@pytest.fixture
def last_year(world):
    """Last year's final round with a bilingual rubric of two criteria."""
    cycle = AwardCycleFactory(year=world.cycle.year - 1)
    round_ = RoundFactory(cycle=cycle, number=2, stage=RoundKind.FINAL, criteria=[])
    Criterion.objects.create(
        round=round_,
        name_zh_hans="社会效益",
        name_en="Public benefit",
        guidance_zh_hans="惠及多少市民？",
        guidance_en="How many residents benefit?",
        weight=Decimal("2.50"),
        scale_min=1,
        scale_max=7,
        sort_order=0,
    )
    Criterion.objects.create(
        round=round_,
        name_zh_hans="可推广性",
        name_en="Transferability",
        guidance_zh_hans="",
        guidance_en="Could another city use it?",
        weight=Decimal("1.00"),
        scale_min=0,
        scale_max=10,
        sort_order=1,
    )
    return round_


def test_an_administrator_copies_last_years_rubric_in_both_languages(client, world, last_year):
    client = client_for(client, world.admin)
    copy_url = url("round", "copy_rubric", world.round.pk)
    page = client.get(copy_url).content.decode()
    assert "This round has 3 criteria now: a copy replaces them." in page
    assert f"{last_year} (2 criteria)" in page
    # The first step only asks for confirmation: nothing changes yet.
    page = client.post(copy_url, {"source": last_year.pk}).content.decode()
    assert "data-copy-confirm" in page
    assert f"The criteria of Round 1: shortlisting are replaced by those of {last_year}" in page
    assert list(Criterion.objects.filter(round=world.round).values_list("name_en", flat=True)) == [
        "Novelty",
        "Impact",
        "Maturity",
    ]
    response = client.post(copy_url, {"source": last_year.pk, "confirmed": "on"})
    assert response.status_code == 302
    assert response.url == url("round", "edit", world.round.pk)
    assert messages_of(response) == [f"2 criteria copied from {last_year}, replacing the criteria this round had."]
    assert rubric(world.round) == rubric(last_year)
    assert rubric(world.round)[0] == (
        "社会效益",
        "Public benefit",
        "惠及多少市民？",
        "How many residents benefit?",
        Decimal("2.50"),
        1,
        7,
        0,
    )
    assert rubric(world.round)[1][1:4:2] == ("Transferability", "Could another city use it?")
    assert Criterion.objects.filter(round=last_year).count() == 2  # the source keeps its own
    entry = ModelLogEntry.objects.get(action=COPY_ACTION)
    assert (entry.object_id, entry.user, entry.data["source"], entry.data["replaced"]) == (
        str(world.round.pk),
        world.admin,
        last_year.pk,
        3,
    )
    history = client.get(url("round", "history", world.round.pk)).content.decode()
    assert f"Criteria copied from {last_year} (2), replacing the 3 it had" in history


def test_the_copied_rubric_is_the_one_version_1_records(world, last_year):
    copy_rubric(source_id=last_year.pk, target_id=world.round.pk, user=world.admin)
    nomination = world.nomination()
    world.score(world.assign(nomination, world.judges[1]), (5, 5))
    version = record_rubric_version(round_=world.round, user=world.admin)
    assert [(c["names"], c["weight"]) for c in version.criteria] == [
        ({"zh-hans": "社会效益", "en": "Public benefit"}, "2.50"),
        ({"zh-hans": "可推广性", "en": "Transferability"}, "1.00"),
    ]


def test_a_copy_is_refused_once_the_rubric_is_frozen(client, world, last_year):
    score_all(world.assign(world.nomination(), world.judges[1]))  # submitted: the rubric is frozen
    before = rubric(world.round)
    client = client_for(client, world.admin)
    copy_url = url("round", "copy_rubric", world.round.pk)
    page = client.get(copy_url).content.decode()
    refusal = "Scores have been submitted in Round 1: shortlisting, so its rubric is frozen"
    assert "data-copy-refused" in page and refusal in page
    assert 'name="source"' not in page
    response = client.post(copy_url, {"source": last_year.pk, "confirmed": "on"})
    assert response.status_code == 200
    assert refusal in response.content.decode()
    with pytest.raises(JudgingError, match="its rubric is frozen"):
        copy_rubric(source_id=last_year.pk, target_id=world.round.pk, user=world.admin)
    assert rubric(world.round) == before
    assert not ModelLogEntry.objects.filter(action=COPY_ACTION).exists()
    inspect = client.get(url("round", "inspect", world.round.pk)).content.decode()
    assert copy_url not in inspect


def test_a_copy_is_refused_once_judges_have_saved_scores(world, last_year):
    score_all(world.assign(world.nomination(), world.judges[1]), submit=False)
    with pytest.raises(JudgingError, match="Judges have started scoring in Round 1: shortlisting"):
        copy_rubric(source_id=last_year.pk, target_id=world.round.pk, user=world.admin)
    assert Criterion.objects.filter(round=world.round).count() == 3


def test_only_this_or_an_earlier_cycle_is_offered(client, world, last_year):
    next_year = RoundFactory(cycle=AwardCycleFactory(year=world.cycle.year + 1))
    sibling = RoundFactory(cycle=world.cycle, number=2, stage=RoundKind.FINAL)
    client = client_for(client, world.admin)
    copy_url = url("round", "copy_rubric", world.round.pk)
    form = client.get(copy_url).context["form"]
    assert list(form.fields["source"].queryset) == [sibling, last_year]
    response = client.post(copy_url, {"source": next_year.pk, "confirmed": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["source"]
    with pytest.raises(JudgingError, match="this cycle or an earlier one"):
        copy_rubric(source_id=world.round.pk, target_id=world.round.pk, user=world.admin)
    assert rubric(world.round)[0][1] == "Novelty"


def test_the_round_pages_offer_the_copy_to_administrators(client, world):
    client = client_for(client, world.admin)
    copy_url = url("round", "copy_rubric", world.round.pk)
    assert copy_url in client.get(url("round", "edit", world.round.pk)).content.decode()
    assert copy_url in client.get(url("round", "inspect", world.round.pk)).content.decode()


@pytest.mark.parametrize("who", ["screener", "judge"])
def test_screeners_and_judges_cannot_copy_a_rubric(client, world, last_year, who):
    user = world.screener if who == "screener" else world.judges[1].user
    client = client_for(client, user)
    copy_url = url("round", "copy_rubric", world.round.pk)
    for response in (client.get(copy_url), client.post(copy_url, {"source": last_year.pk, "confirmed": "on"})):
        # Wagtail's admin answers a missing permission by sending to its dashboard (staff)
        # or to the sign-in page (no admin access at all).
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/" if who == "judge" else "/admin/")
    assert rubric(world.round)[0][1] == "Novelty"
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("count", [1, 5])
def test_the_copy_page_takes_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    for year in range(count):
        RoundFactory(cycle=AwardCycleFactory(year=world.cycle.year - 1 - year))
    client = client_for(client, world.admin)
    copy_url = url("round", "copy_rubric", world.round.pk)
    client.get(copy_url)
    with django_assert_num_queries(COPY_PAGE_QUERIES):
        response = client.get(copy_url)
    assert response.content.decode().count("(3 criteria)") == count


COPY_PAGE_QUERIES = 19
