# ruff: noqa: RUF001 (full-width text in the names compared)
"""A judge's statement for a cycle (judging.experts.statements): saving it (its interests
replace the old ones, blanks and repeats left out), confirming it, a change of interests
needing a new confirmation, and an interest that names the nominee or a partner of one of
the judge's assignments in the cycle: a detected conflict, and the judge recused."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from django.utils import timezone

from judging.experts.statements import StatementError, confirm_statement, save_statement
from judging.models import AssignmentState, Conflict, CycleStatement, InterestRelation
from tests.factories import AwardCycleFactory, JudgeProfileFactory, RoundFactory
from tests.judging import helpers

world = helpers.world
R = InterestRelation
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
REASON = "The judge declared a standing interest in the nominee or a partner."


def interests_of(statement):
    return list(statement.interests.order_by("pk").values_list("organisation", "relation"))


@pytest.mark.django_db
def test_saving_keeps_the_named_organisations_without_blanks_or_repeats():
    judge, cycle = JudgeProfileFactory(), AwardCycleFactory()

    saved = save_statement(
        judge=judge,
        cycle=cycle,
        available=True,
        capacity=8,
        interests=[
            ("  Shanxi Coal Group ", R.WORKS_FOR),
            ("", R.ADVISES),
            (" ", R.SHAREHOLDER),
            ("Shanxi Coal Group", R.WORKS_FOR),
            ("Taiyuan Fund", R.SHAREHOLDER),
        ],
    )

    statement = CycleStatement.objects.get(judge=judge, cycle=cycle)
    assert saved.statement == statement and saved.interests_changed and saved.conflicts == []
    assert (statement.available, statement.capacity, statement.confirmed_at) == (True, 8, None)
    assert interests_of(statement) == [("Shanxi Coal Group", R.WORKS_FOR), ("Taiyuan Fund", R.SHAREHOLDER)]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_confirming_keeps_the_first_confirmation():
    judge, cycle = JudgeProfileFactory(), AwardCycleFactory()

    first = confirm_statement(judge=judge, cycle=cycle)  # no interests at all: a statement too
    again = confirm_statement(judge=judge, cycle=cycle, now=NOW + timedelta(hours=1))

    assert first.confirmed_at == again.confirmed_at == NOW
    assert CycleStatement.objects.get().confirmed_at == NOW
    assert interests_of(first) == []


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_changed_interests_need_a_new_confirmation_and_nothing_else_does():
    judge, cycle = JudgeProfileFactory(), AwardCycleFactory()
    listed = [("Datong Graphene", R.ADVISES), ("Taiyuan Fund", R.SHAREHOLDER)]
    save_statement(judge=judge, cycle=cycle, available=True, interests=listed, confirm=True)

    # The same organisations in another order, and another capacity: still confirmed.
    same = save_statement(judge=judge, cycle=cycle, available=True, capacity=3, interests=listed[::-1])
    assert not same.interests_changed
    assert (same.statement.confirmed_at, same.statement.capacity) == (NOW, 3)
    assert interests_of(same.statement) == listed

    changed = save_statement(judge=judge, cycle=cycle, available=False, interests=listed[:1])
    assert changed.interests_changed
    assert changed.statement.confirmed_at is None
    assert changed.statement.available is False
    assert interests_of(changed.statement) == listed[:1]

    # Saving the change with the confirmation ticked confirms it again, at once.
    reconfirmed = save_statement(judge=judge, cycle=cycle, available=False, interests=listed, confirm=True)
    assert reconfirmed.statement.confirmed_at == NOW
    assert CycleStatement.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"interests": [(f"Company {n}", R.ADVISES) for n in range(31)]}, "Name at most 30 organisations."),
        ({"interests": [("Company", "owner")]}, "Say how you are linked to each organisation."),
        ({"capacity": 0}, "Enter 1 or more, or say you are not available in this cycle."),
    ],
)
def test_a_statement_out_of_bounds_is_refused_and_nothing_saved(fields, message):
    judge, cycle = JudgeProfileFactory(), AwardCycleFactory()
    with pytest.raises(StatementError, match=message):
        save_statement(judge=judge, cycle=cycle, available=True, **fields)
    assert not CycleStatement.objects.exists()


@pytest.mark.django_db
def test_an_announced_cycle_s_statement_no_longer_changes():
    past = timezone.now() - timedelta(days=400)
    cycle = AwardCycleFactory(nominations_open=past)
    judge = JudgeProfileFactory()
    with pytest.raises(StatementError, match="are announced"):
        save_statement(judge=judge, cycle=cycle, available=True, interests=[("Datong", R.ADVISES)])
    with pytest.raises(StatementError, match="are announced"):
        confirm_statement(judge=judge, cycle=cycle)
    assert not CycleStatement.objects.exists()


# An interest that names one of the judge's nominations --------------------------------


@pytest.mark.django_db
def test_an_interest_in_an_assigned_nomination_s_partner_records_a_conflict_and_recuses_the_judge(world):
    judge, other_judge = world.judges[1], world.judges[2]
    partnered = world.nomination(partner_organisations="Shanxi University (testing)\nＹＵＮＧＡＮＧ Thermal Tech")
    untouched = world.nomination(nominee_organisation="Elsewhere Ltd")
    final = RoundFactory(cycle=world.cycle, number=2)
    first = world.assign(partnered, judge)
    helpers.score_all(first)  # submitted scores stop counting too
    later = world.assign(partnered, judge, round_=final)
    kept = world.assign(untouched, judge)
    theirs = world.assign(partnered, other_judge)
    confirm_statement(judge=judge, cycle=world.cycle)

    saved = save_statement(
        judge=judge,
        cycle=world.cycle,
        available=True,
        interests=[("yungang thermal tech", R.ADVISES)],
        user=judge.user,
    )

    [conflict] = saved.conflicts
    assert (conflict.judge, conflict.nomination, conflict.source, conflict.reason) == (
        judge,
        partnered,
        Conflict.Source.DETECTED,
        REASON,
    )
    assert Conflict.objects.count() == 1
    for assignment in (first, later, kept, theirs):
        assignment.refresh_from_db()
    assert (first.state, later.state) == (AssignmentState.RECUSED, AssignmentState.RECUSED)
    assert (kept.state, theirs.state) == (AssignmentState.ASSIGNED, AssignmentState.ASSIGNED)
    assert saved.statement.confirmed_at is None  # the changed list needs a new confirmation

    # Saving it again finds nothing new.
    assert (
        save_statement(judge=judge, cycle=world.cycle, available=True, interests=[("Other", R.ADVISES)]).conflicts == []
    )
    assert Conflict.objects.count() == 1


@pytest.mark.django_db
def test_an_interest_leaves_a_conflict_already_recorded_and_other_cycles_alone(world):
    judge = world.judges[1]
    declared, elsewhere = world.nomination(nominee_organisation="Datong Graphene"), world.nomination()
    declared_assignment = world.assign(declared, judge)
    Conflict.objects.create(judge=judge, nomination=declared, source=Conflict.Source.DECLARED, reason="My cousin.")
    other_cycle = AwardCycleFactory()
    kept = world.assign(elsewhere, judge)

    saved = save_statement(judge=judge, cycle=other_cycle, available=True, interests=[("Datong Graphene", R.ADVISES)])
    assert saved.conflicts == []
    saved = save_statement(judge=judge, cycle=world.cycle, available=True, interests=[("Datong Graphene", R.ADVISES)])
    assert saved.conflicts == []

    assert Conflict.objects.get().reason == "My cousin."
    declared_assignment.refresh_from_db()
    kept.refresh_from_db()
    assert (declared_assignment.state, kept.state) == (AssignmentState.ASSIGNED, AssignmentState.ASSIGNED)
