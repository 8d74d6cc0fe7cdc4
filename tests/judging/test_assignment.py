from collections import Counter

import pytest

from judging.assignment import assign, plan
from judging.conflicts import detect
from judging.models import Assignment, Conflict, Panel
from nominations.models import Category
from tests.factories import CallPageFactory, JudgeProfileFactory, NominationFactory, RoundFactory, UserFactory, advance
from tests.support import with_role


@pytest.fixture
def setup(call_index):
    round_ = RoundFactory(judges_per_nomination=3)
    call = CallPageFactory(parent=call_index, cycle=round_.cycle)
    screener = with_role("Screeners", "screener@example.net")

    def nominations(count, **fields):
        made = []
        for _ in range(count):
            n = NominationFactory(call=call, **fields)
            advance(n, "submit", by=n.nominator)
            advance(n, "accept", by=screener)
            made.append(n)
        return made

    def panel(judges):
        p = Panel.objects.create(cycle=round_.cycle, category=Category.objects.get(code="TEC"))
        p.members.set(judges)
        return p

    return round_, nominations, panel


@pytest.mark.django_db
def test_every_nomination_gets_three_judges_with_even_loads_and_no_conflicts(setup):
    round_, nominations, panel = setup
    judges = [JudgeProfileFactory() for _ in range(6)]
    made = nominations(10)
    # Conflicts: judge 0 nominated one; judge 1 works at a nominee; judge 2 shares a domain.
    made[0].nominator = judges[0].user
    made[0].save()
    made[1].nominee_organisation = judges[1].organisation
    made[1].save()
    made[2].nominee_email = "someone@" + judges[2].user.email.split("@")[1]
    made[2].save()
    panel(judges)

    report = assign(round_=round_, category=Category.objects.get(code="TEC"))

    assignments = list(Assignment.objects.filter(round=round_).select_related("judge__user", "nomination__nominator"))
    per_nomination = Counter(a.nomination_id for a in assignments)
    assert report.complete
    assert report.created == 30
    assert set(per_nomination.values()) == {3}
    assert len(per_nomination) == 10
    loads = Counter(a.judge_id for a in assignments)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert all(not detect(a.judge, a.nomination) for a in assignments)
    pairs = {(a.judge_id, a.nomination_id) for a in assignments}
    assert (judges[0].pk, made[0].pk) not in pairs
    assert (judges[1].pk, made[1].pk) not in pairs
    assert (judges[2].pk, made[2].pk) not in pairs
    detected = set(Conflict.objects.filter(source="detected").values_list("judge_id", "nomination_id"))
    assert {(judges[0].pk, made[0].pk), (judges[1].pk, made[1].pk), (judges[2].pk, made[2].pk)} <= detected


@pytest.mark.django_db
def test_assignment_is_deterministic_and_running_again_adds_nothing(setup):
    round_, nominations, panel = setup
    judges = [JudgeProfileFactory() for _ in range(5)]
    made = nominations(7)
    panel(judges)
    existing = []
    first, _ = plan(round_, None, judges, made, existing, [])
    second, _ = plan(round_, None, judges, made, existing, [])
    assert first == second
    assign(round_=round_, category=Category.objects.get(code="TEC"))
    again = assign(round_=round_, category=Category.objects.get(code="TEC"))
    assert again.created == 0
    assert Assignment.objects.count() == 21


@pytest.mark.django_db
def test_too_few_judges_reports_which_nominations_fall_short(setup):
    round_, nominations, panel = setup
    judges = [JudgeProfileFactory() for _ in range(2)]
    made = nominations(2)
    panel(judges)
    report = assign(round_=round_, category=Category.objects.get(code="TEC"))
    assert not report.complete
    assert {n.pk: missing for n, missing in report.shortfalls.items()} == {made[0].pk: 1, made[1].pk: 1}


@pytest.mark.django_db
def test_only_panel_members_with_the_categorys_expertise_are_assigned(setup):
    round_, nominations, panel = setup
    experts = [JudgeProfileFactory() for _ in range(3)]
    outsider = JudgeProfileFactory(expertise=[Category.objects.get(code="MAT")])
    inactive = JudgeProfileFactory(active=False)
    nominations(4)
    panel([*experts, outsider, inactive])
    assign(round_=round_, category=Category.objects.get(code="TEC"))
    assert set(Assignment.objects.values_list("judge_id", flat=True)) == {j.pk for j in experts}


@pytest.mark.django_db
def test_public_mail_domains_are_not_conflicts():
    judge = JudgeProfileFactory(user=UserFactory(email="expert@qq.com"), organisation="")
    nomination = NominationFactory.build(nominee_email="founder@qq.com", nominee_organisation="Other Co")
    nomination.nominator = UserFactory(email="nominator@163.com")
    assert detect(judge, nomination) == []


@pytest.mark.django_db
def test_detect_explains_each_conflict():
    judge = JudgeProfileFactory(
        user=UserFactory(email="li.ming@datong-graphene.example.com", first_name="Li", last_name="Ming"),
        organisation="Datong Graphene Co.",
    )
    nomination = NominationFactory.build(
        nominee_type="individual",
        nominee_name="Li Ming",
        nominee_email="other@mail.example.net",
        nominee_organisation="Datong Graphene Co.",
    )
    nomination.nominator = UserFactory(email="boss@datong-graphene.example.com")
    assert detect(judge, nomination) == [
        "The judge has the nominee's name.",
        "Same organisation as the nominee or a partner.",
        "Same email domain as the nominee or the nominator.",
    ]
