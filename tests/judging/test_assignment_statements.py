# ruff: noqa: RUF001 (full-width text in the names compared)
"""Automatic assignment and each judge's statement for the round's cycle
(judging.experts.statements): a standing interest is a conflict (never assigned, recorded
as detected with its own reason), a judge who said they are not available gets nothing,
and the stated capacity is left on the judge for the planner."""

from collections import Counter

import pytest

from judging.assignment import assign, eligible_judges
from judging.models import Assignment, Conflict, InterestRelation, Panel, StandingInterest
from nominations.models import Category, NomineeType
from tests.factories import (
    AwardCycleFactory,
    CallPageFactory,
    CycleStatementFactory,
    JudgeProfileFactory,
    NominationFactory,
    RoundFactory,
    advance,
)
from tests.support import with_role

INTEREST_REASON = "The judge declared a standing interest in the nominee or a partner."


@pytest.fixture
def setup(call_index):
    round_ = RoundFactory(judges_per_nomination=2)
    call = CallPageFactory(parent=call_index, cycle=round_.cycle)
    screener = with_role("Screeners", "screener@example.net")

    def nomination(**fields):
        made = NominationFactory(call=call, **fields)
        advance(made, "submit", by=made.nominator)
        advance(made, "accept", by=screener)
        return made

    def panel(judges):
        found = Panel.objects.create(cycle=round_.cycle, category=Category.objects.get(code="TEC"))
        found.members.set(judges)
        return found

    return round_, nomination, panel


def interests(judge, cycle, *names, **fields):
    statement = CycleStatementFactory(judge=judge, cycle=cycle, **fields)
    for name in names:
        StandingInterest.objects.create(statement=statement, organisation=name, relation=InterestRelation.ADVISES)
    return statement


@pytest.mark.django_db
def test_a_judge_with_an_interest_in_a_partner_is_never_assigned_it_and_the_conflict_is_recorded(setup):
    round_, nomination, panel = setup
    judges = [JudgeProfileFactory() for _ in range(3)]
    panel(judges)
    # Named in full width and another case on the nomination, with a note after the partner.
    partnered = nomination(partner_organisations="Taiyuan Steel\nＹＵＮＧＡＮＧ thermal tech（pilot site）")
    others = [nomination() for _ in range(3)]
    interests(judges[0], round_.cycle, "Yungang Thermal Tech")
    # An interest stated for another cycle counts nowhere else.
    interests(judges[1], AwardCycleFactory(), "Taiyuan Steel")

    report = assign(round_=round_, category=Category.objects.get(code="TEC"))

    assert report.complete
    pairs = set(Assignment.objects.filter(round=round_).values_list("nomination_id", "judge_id"))
    assert (partnered.pk, judges[0].pk) not in pairs
    assert {j for n, j in pairs if n == partnered.pk} == {judges[1].pk, judges[2].pk}
    assert len(pairs) == 2 * (1 + len(others))
    conflict = Conflict.objects.get(judge=judges[0])
    assert (conflict.nomination_id, conflict.source, conflict.reason) == (
        partnered.pk,
        Conflict.Source.DETECTED,
        INTEREST_REASON,
    )
    assert Conflict.objects.count() == 1


@pytest.mark.django_db
def test_an_interest_in_an_enterprise_nominee_by_its_name_is_a_conflict(setup):
    round_, nomination, panel = setup
    judges = [JudgeProfileFactory() for _ in range(3)]
    panel(judges)
    enterprise = nomination(nominee_type=NomineeType.ENTERPRISE, nominee_name="Datong Hydrogen Works")
    interests(judges[2], round_.cycle, " datong  HYDROGEN works ")

    assign(round_=round_, category=Category.objects.get(code="TEC"))

    assert not Assignment.objects.filter(nomination=enterprise, judge=judges[2]).exists()
    assert Conflict.objects.get().reason == INTEREST_REASON


@pytest.mark.django_db
def test_an_unavailable_judge_gets_nothing(setup):
    round_, nomination, panel = setup
    judges = [JudgeProfileFactory() for _ in range(3)]
    panel(judges)
    for _ in range(4):
        nomination()
    interests(judges[1], round_.cycle, available=False, confirmed_at=None)

    report = assign(round_=round_, category=Category.objects.get(code="TEC"))

    loads = Counter(Assignment.objects.filter(round=round_).values_list("judge_id", flat=True))
    assert report.complete
    assert loads == {judges[0].pk: 4, judges[2].pk: 4}
    assert judges[1].pk not in report.loads


@pytest.mark.django_db
def test_eligible_judges_carry_their_capacity_and_interests_for_the_cycle(setup, django_assert_num_queries):
    round_, _nomination, panel = setup
    judges = [JudgeProfileFactory() for _ in range(4)]
    panel(judges)
    interests(judges[0], round_.cycle, "Shanxi Coal Group", capacity=5)
    interests(judges[1], round_.cycle)  # a statement without a limit or interests
    interests(judges[2], round_.cycle, "Elsewhere", available=False, capacity=9)

    tec = Category.objects.get(code="TEC")
    # The panel, its judges, their statements, their interests.
    with django_assert_num_queries(4):
        found = eligible_judges(round_, tec)

    assert [j.pk for j in found] == [judges[0].pk, judges[1].pk, judges[3].pk]
    assert [j.cycle_capacity for j in found] == [5, None, None]
    assert [j.standing_interests for j in found] == [["Shanxi Coal Group"], [], []]
