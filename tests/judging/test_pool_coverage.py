"""The expert pool at a glance (judging.experts.coverage): counts per category, region and
kind of body, and the gaps: too few experts available, or nominations too few experts can
judge without a conflict of interest."""

import pytest

from django.utils import timezone

from judging.experts.coverage import DEFAULT_JUDGES_PER_NOMINATION, coverage
from judging.models import Conflict, CycleStatement, StandingInterest
from judging.models.pool import AffiliationKind
from nominations.models import Category
from nominations.models.choices import Region
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, RoundFactory, advance
from tests.judging.helpers import pool_expert, submitted

K = AffiliationKind


def row(result, code):
    return next(r for r in result.categories if r.category.code == code)


def counts(buckets):
    return {bucket.key: bucket.count for bucket in buckets if bucket.count}


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def tec_call(call_index, cycle):
    return CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="TEC"))


@pytest.mark.django_db
def test_counts_per_category_region_and_kind_of_body(cycle):
    pool_expert("TEC", "MAT", region=Region.DATONG, affiliation_kind=K.UNIVERSITY)
    pool_expert("TEC", region=Region.GREATER_BAY, affiliation_kind=K.ENTERPRISE)
    pool_expert("MAT", region=Region.DATONG)  # kind not stated
    pool_expert("TEC", active=False, region=Region.DATONG, affiliation_kind=K.THINK_TANK)  # not in the pool

    result = coverage(cycle)

    assert result.experts == 3
    assert result.available == 3
    assert {r.category.code: r.experts for r in result.categories} == {
        "INF": 0,
        "TEC": 2,
        "MAT": 2,
        "EQP": 0,
        "PRD": 0,
        "IND": 0,
    }
    assert counts(result.by_region) == {"datong": 2, "greater_bay": 1}
    assert counts(result.by_kind) == {"university": 1, "enterprise": 1, "": 1}
    assert counts(row(result, "TEC").by_region) == {"datong": 1, "greater_bay": 1}
    assert counts(row(result, "MAT").by_region) == {"datong": 2}
    assert counts(row(result, "MAT").by_kind) == {"university": 1, "": 1}
    assert [key for key, _label in result.kinds][-1] == ""  # "not stated" last
    assert [bucket.label for bucket in result.by_kind][-1] == "Not stated"


@pytest.mark.django_db
def test_too_few_experts_is_a_gap_with_the_default_without_a_round(cycle):
    pool_expert("MAT")
    pool_expert("MAT")

    result = coverage(cycle)

    assert result.needed == DEFAULT_JUDGES_PER_NOMINATION == 3
    assert result.needed_from_rounds is False
    mat = row(result, "MAT")
    assert (mat.available, mat.needed, mat.too_few_experts, mat.is_gap) == (2, 3, True, True)
    assert [r.category.code for r in result.gaps] == ["INF", "TEC", "MAT", "EQP", "PRD", "IND"]


@pytest.mark.django_db
def test_the_largest_round_of_the_cycle_says_how_many_judges(cycle):
    RoundFactory(cycle=cycle, number=1, judges_per_nomination=2)
    RoundFactory(cycle=cycle, number=2, judges_per_nomination=1)
    RoundFactory(number=1, judges_per_nomination=9)  # another cycle's
    pool_expert("MAT")
    pool_expert("MAT")

    result = coverage(cycle)

    assert (result.needed, result.needed_from_rounds) == (2, True)
    assert row(result, "MAT").is_gap is False
    assert row(result, "TEC").is_gap is True


@pytest.mark.django_db
def test_an_expert_of_the_nominees_or_a_partners_organisation_does_not_count(cycle, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=2)
    pool_expert("TEC", organisation="Datong Advanced Materials Ltd")
    pool_expert("TEC", organisation="Shanxi University")
    pool_expert("TEC", organisation="Tsinghua University")
    submitted(tec_call, nominee_organisation="Datong Advanced Materials Ltd")  # 2 free: enough
    submitted(tec_call, nominee_organisation="Datong Advanced Materials Ltd", partner_organisations="Shanxi University")
    submitted(tec_call, nominee_organisation="Elsewhere Ltd")

    tec = row(coverage(cycle), "TEC")

    assert (tec.available, tec.nominations, tec.short) == (3, 3, 1)
    assert tec.too_few_experts is False
    assert tec.is_gap is True


@pytest.mark.django_db
def test_a_recorded_conflict_takes_the_expert_off_that_nomination(cycle, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=2)
    first = pool_expert("TEC")
    pool_expert("TEC")
    nomination = submitted(tec_call)
    submitted(tec_call)
    assert row(coverage(cycle), "TEC").short == 0

    Conflict.objects.create(judge=first, nomination=nomination, source=Conflict.Source.DECLARED, reason="My cousin.")

    tec = row(coverage(cycle), "TEC")
    assert (tec.nominations, tec.short) == (2, 1)


@pytest.mark.django_db
def test_experts_unavailable_for_the_cycle_are_not_available(cycle, tec_call):
    other = AwardCycleFactory()
    away = pool_expert("TEC")
    CycleStatement.objects.create(judge=away, cycle=cycle, available=False)
    elsewhere = pool_expert("TEC")
    CycleStatement.objects.create(judge=elsewhere, cycle=other, available=False)  # another cycle's
    confirmed = pool_expert("TEC")
    CycleStatement.objects.create(judge=confirmed, cycle=cycle, available=True, confirmed_at=timezone.now())
    submitted(tec_call)

    result = coverage(cycle)

    tec = row(result, "TEC")
    assert (tec.experts, tec.available, tec.short) == (3, 2, 1)
    assert (result.experts, result.available) == (3, 2)
    assert (result.unconfirmed, result.without_statement) == (2, 1)
    assert tec.too_few_experts is True


@pytest.mark.django_db
def test_inactive_profiles_are_not_in_the_pool(cycle, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=1)
    pool_expert("TEC", active=False)  # invited, not yet accepted, or retired

    tec = row(coverage(cycle), "TEC")

    assert (tec.experts, tec.available) == (0, 0)
    assert tec.too_few_experts is True


@pytest.mark.django_db
def test_drafts_withdrawn_and_other_cycles_nominations_are_not_counted(cycle, call_index, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=1)
    pool_expert("TEC", organisation="Datong Advanced Materials Ltd")
    submitted(tec_call)  # conflicted with the only expert: short
    NominationFactory(call=tec_call)  # a draft
    withdrawn = submitted(tec_call)
    advance(withdrawn, "withdraw", by=withdrawn.nominator)
    submitted(CallPageFactory(parent=call_index, category=tec_call.category))  # another cycle's

    tec = row(coverage(cycle), "TEC")

    assert (tec.nominations, tec.short) == (1, 1)


@pytest.mark.django_db
def test_no_cycle_gives_the_pool_and_the_default():
    pool_expert("TEC")

    result = coverage(None)

    assert (result.experts, result.needed, result.needed_from_rounds) == (1, 3, False)
    assert row(result, "TEC").nominations == 0


@pytest.mark.django_db
def test_a_standing_interest_in_the_nominee_takes_the_expert_off_it(cycle, tec_call):
    RoundFactory(cycle=cycle, judges_per_nomination=2)
    advisor = pool_expert("TEC")
    pool_expert("TEC")
    submitted(tec_call, nominee_organisation="Datong Coal Group")
    # Another cycle's statement says nothing of this one.
    old = CycleStatement.objects.create(judge=advisor, cycle=AwardCycleFactory())
    StandingInterest.objects.create(statement=old, organisation="Datong Coal Group", relation="advises")
    assert row(coverage(cycle), "TEC").short == 0

    statement = CycleStatement.objects.create(judge=advisor, cycle=cycle)
    StandingInterest.objects.create(statement=statement, organisation="Datong Coal Group", relation="advises")

    assert row(coverage(cycle), "TEC").short == 1
