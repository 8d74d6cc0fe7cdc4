"""The gate before scoring (judging.views.statement_gate): until a judge's statement for the
cycle is confirmed, the assignment's page (before the no-conflict declaration), saving and
submitting scores, the declaration and the files send them to the statement page; declaring
a conflict stays open. The dashboard says, per cycle, whether the statement is confirmed."""

import json

import pytest

from django.urls import reverse

from judging.models import AssignmentState, CycleStatement, Score
from judging.views.statement_gate import statement_url
from tests.factories import (
    AwardCycleFactory,
    CallPageFactory,
    CycleStatementFactory,
    NominationFactory,
    RoundFactory,
    advance,
)
from tests.judging.helpers import assign, messages_of, scores_post, url
from tests.support import with_role

GATE = (
    "Before you score in {cycle}, confirm your statement for it: the organisations you work for, "
    "advise or own a share of."
)


def gated(response, assignment):
    cycle = assignment.round.cycle
    return response.status_code == 302 and response["Location"] == statement_url(cycle.pk, next_url=url(assignment))


@pytest.mark.django_db
def test_without_a_statement_the_assignment_sends_the_judge_to_it(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge, declared=False, statement=False)
    client.force_login(judge.user)

    response = client.get(url(assignment))

    assert gated(response, assignment)
    assert messages_of(response) == [GATE.format(cycle=blind_round.cycle.name)]
    page = client.get(response["Location"]).content.decode()
    assert f"My statement for {blind_round.cycle.name}" in page


@pytest.mark.django_db
def test_an_unconfirmed_statement_keeps_every_scoring_step_shut(client, judge, blind_round, make_eligible, identified):
    CycleStatementFactory(judge=judge, cycle=blind_round.cycle, confirmed_at=None)
    undeclared = assign(blind_round, make_eligible(), judge, declared=False)
    declared = assign(blind_round, identified, judge)
    file_pk = identified.files.order_by("pk").values_list("pk", flat=True).first()
    client.force_login(judge.user)

    assert gated(client.get(url(declared)), declared)
    assert gated(client.post(url(declared), scores_post(blind_round)), declared)
    assert gated(client.post(url(declared), scores_post(blind_round, submit_scores="1", confirmed="1")), declared)
    assert gated(client.get(url(declared, f"files/{file_pk}/")), declared)
    assert gated(client.post(url(undeclared, "declare/")), undeclared)
    autosave = client.post(url(declared), scores_post(blind_round), headers={"X-Autosave": "1"})

    assert autosave.status_code == 409
    assert json.loads(autosave.content) == {"saved": False, "message": GATE.format(cycle=blind_round.cycle.name)}
    assert not Score.objects.exists()
    declared.refresh_from_db()
    undeclared.refresh_from_db()
    assert declared.state == AssignmentState.ASSIGNED
    assert undeclared.declared_no_conflict_at is None
    # Stepping back from a nomination needs no statement.
    assert client.get(url(undeclared, "conflict/")).status_code == 200


@pytest.mark.django_db
def test_once_confirmed_the_judge_goes_back_to_the_declaration_then_scores(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge, declared=False, statement=False)
    client.force_login(judge.user)
    statement_page = client.get(url(assignment))["Location"]

    confirmed = client.post(
        statement_page,
        {"available": "yes", "interests-TOTAL_FORMS": "0", "interests-INITIAL_FORMS": "0", "confirm": "on"},
    )

    assert confirmed["Location"] == url(assignment)
    assert "data-declaration" in client.get(url(assignment)).content.decode()
    client.post(url(assignment, "declare/"))
    assert client.post(url(assignment), scores_post(blind_round)).status_code == 302
    assert Score.objects.filter(assignment=assignment).count() == 3


@pytest.mark.django_db
def test_a_statement_for_another_cycle_opens_nothing_here(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge, statement=False)
    CycleStatementFactory(judge=judge)  # another cycle's
    client.force_login(judge.user)
    assert gated(client.get(url(assignment)), assignment)


@pytest.mark.django_db
def test_the_dashboard_says_per_cycle_whether_the_statement_is_confirmed(client, judge, blind_round, make_eligible):
    later = RoundFactory(cycle=blind_round.cycle, number=2)
    assign(blind_round, make_eligible(), judge, statement=False)
    assign(later, make_eligible(), judge, statement=False)
    client.force_login(judge.user)

    content = client.get(reverse("judging:dashboard")).content.decode()
    link = reverse("judging:expert_statement", args=[blind_round.cycle.pk])
    assert content.count(f'data-statement="{blind_round.cycle.pk}"') == 1  # once a cycle, not once a round
    assert f"Confirm my statement for {blind_round.cycle.name} before scoring" in content
    assert f'href="{link}"' in content

    CycleStatement.objects.create(judge=judge, cycle=blind_round.cycle, confirmed_at=blind_round.opens_at)
    content = client.get(reverse("judging:dashboard")).content.decode()
    assert f"My statement for {blind_round.cycle.name}</a>" in content
    assert "before scoring" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_takes_a_fixed_number_of_queries(
    client, judge, call, blind_round, make_eligible, django_assert_num_queries, count
):
    screener = with_role("Screeners", "gate-screener@example.net")
    for number in range(count):
        assign(blind_round, make_eligible(), judge, statement=number % 2 == 0)
        # Another cycle, with its own round, call and nomination, each time.
        cycle = AwardCycleFactory()
        round_ = RoundFactory(cycle=cycle)
        nomination = NominationFactory(call=CallPageFactory(parent=call.get_parent(), cycle=cycle))
        advance(nomination, "submit", by=nomination.nominator)
        advance(nomination, "accept", by=screener)
        assign(round_, nomination, judge, statement=number % 2 == 1)
    client.force_login(judge.user)
    client.get(reverse("judging:dashboard"))
    # Whatever the number of assignments and cycles: whether each cycle's statement is
    # confirmed is read with the rounds (DashboardView's query), not once a cycle.
    with django_assert_num_queries(DASHBOARD_QUERIES):
        content = client.get(reverse("judging:dashboard")).content.decode()
    assert content.count("data-statement=") == count + 1


DASHBOARD_QUERIES = 11
