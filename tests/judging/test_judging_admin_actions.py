"""Assignments in the Wagtail admin (by hand, never a conflicted pair; removal only
without scores) and the round's page: assign automatically, close the round."""

import pytest

from django.urls import reverse

from judging.models import Assignment, AssignmentState, Conflict, CycleStatement, Score, StandingInterest
from tests.factories import AwardCycleFactory, PanelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import messages_of, score_all, with_role

A = AssignmentState

admin_user = helpers.admin_user
admin_client = helpers.admin_client
cycle = helpers.cycle
tec = helpers.tec
eligible = helpers.eligible
judges = helpers.judges
round_ = helpers.round_


# Assignments by hand ------------------------------------------------------------------


@pytest.mark.django_db
def test_manual_assignment(admin_client, round_, eligible, judges):
    nomination = eligible()
    response = admin_client.post(
        url("assignment", "add"), {"round": round_.pk, "nomination": nomination.pk, "judge": judges[0].pk}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.round, assignment.nomination, assignment.judge, assignment.state) == (
        round_,
        nomination,
        judges[0],
        A.ASSIGNED,
    )
    body = admin_client.get(url("assignment", "list"), {"round": round_.pk, "state": "assigned"}).content.decode()
    assert str(assignment) in body


@pytest.mark.django_db
def test_manual_assignment_of_a_detected_conflict_is_refused(admin_client, round_, eligible, judges):
    nomination = eligible(nominator=judges[0].user)
    response = admin_client.post(
        url("assignment", "add"), {"round": round_.pk, "nomination": nomination.pk, "judge": judges[0].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "judge": [
            f"{judges[0]} has a conflict of interest with {nomination.reference} and cannot judge it: "
            "The judge nominated it. Same email domain as the nominee or the nominator."
        ]
    }
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_manual_assignment_against_a_standing_interest_is_refused(admin_client, round_, eligible, judges):
    nomination = eligible(nominee_organisation="Yungang Thermal Tech")
    statement = CycleStatement.objects.create(judge=judges[1], cycle=round_.cycle)
    StandingInterest.objects.create(statement=statement, organisation="YUNGANG  thermal tech", relation="advises")
    response = admin_client.post(
        url("assignment", "add"), {"round": round_.pk, "nomination": nomination.pk, "judge": judges[1].pk}
    )
    assert response.status_code == 200
    assert "standing interest" in response.context["form"].errors["judge"][0]
    assert not Assignment.objects.exists()
    # Another cycle's statement says nothing about this round.
    statement.cycle = AwardCycleFactory()
    statement.save()
    response = admin_client.post(
        url("assignment", "add"), {"round": round_.pk, "nomination": nomination.pk, "judge": judges[1].pk}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_manual_assignment_of_a_declared_conflict_is_refused(admin_client, round_, eligible, judges):
    nomination = eligible()
    Conflict.objects.create(judge=judges[1], nomination=nomination, source="declared", reason="My brother's firm.")
    response = admin_client.post(
        url("assignment", "add"), {"round": round_.pk, "nomination": nomination.pk, "judge": judges[1].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "judge": [
            f"{judges[1]} has a conflict of interest with {nomination.reference} and cannot judge it: "
            "My brother's firm."
        ]
    }
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_manual_assignment_needs_a_nomination_of_the_round(admin_client, cycle, round_, eligible, judges):
    final = RoundFactory(cycle=cycle, number=2)
    response = admin_client.post(
        url("assignment", "add"), {"round": final.pk, "nomination": eligible().pk, "judge": judges[0].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "nomination": ["Round 2: final judges shortlisted nominations; this one is “Eligible”."]
    }


@pytest.mark.django_db
def test_an_unscored_assignment_can_be_removed(admin_client, round_, eligible, judges):
    assignment = Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[0])
    response = admin_client.post(url("assignment", "delete", assignment.pk))
    assert response.status_code == 302
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_a_scored_assignment_cannot_be_removed(admin_client, round_, eligible, judges):
    nomination = eligible()
    assignment = Assignment.objects.create(round=round_, nomination=nomination, judge=judges[0])
    score_all(assignment, submit=False)
    for method in (admin_client.get, admin_client.post):
        response = method(url("assignment", "delete", assignment.pk))
        admin_client.get(url("assignment", "list"))  # shows (and so clears) the message
        assert response.status_code == 302
        assert response["Location"] == url("assignment", "list")
        assert messages_of(response) == [
            f"1 assignment has scores and cannot be removed: {nomination.reference}. Its scores stay in the record."
        ]
    # Nor by the bulk action.
    response = admin_client.post(
        reverse("wagtail_bulk_action", args=["judging", "assignment", "delete"]) + f"?id={assignment.pk}"
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert Score.objects.filter(assignment=assignment).count() == 3


@pytest.mark.django_db
def test_assignments_cannot_be_edited(admin_client, round_, eligible, judges):
    assignment = Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[0])
    response = admin_client.get(url("assignment", "edit", assignment.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert admin_client.get(url("assignment", "inspect", assignment.pk)).status_code == 200


# The round's page: assign automatically, close ----------------------------------------


@pytest.mark.django_db
def test_round_page_shows_categories_and_actions(admin_client, cycle, round_, eligible, judges, tec):
    PanelFactory(cycle=cycle, members=judges, chair=judges[0])
    eligible()
    response = admin_client.get(url("round", "inspect", round_.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<tr data-category="TEC">' in body
    assert url("round", "assign", round_.pk) in body
    assert url("round", "close", round_.pk) in body
    assert reverse("judging:panel", args=[round_.pk, "TEC"]) in body
    assert reverse("judging:results", args=[round_.pk, "TEC"]) in body
    assert "3 members, chaired by" in body


@pytest.mark.django_db
def test_assign_automatically_creates_assignments_and_reports_shortfalls(
    admin_client, cycle, round_, eligible, judges, django_capture_on_commit_callbacks
):
    PanelFactory(cycle=cycle, members=judges[:2], chair=judges[0])  # two judges, three needed
    first, second = eligible(), eligible()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})
    assert response.status_code == 302
    assert response["Location"] == url("round", "inspect", round_.pk)
    assert Assignment.objects.filter(round=round_).count() == 4
    assert set(Assignment.objects.values_list("judge_id", flat=True)) == {judges[0].pk, judges[1].pk}
    assert messages_of(response) == [
        "New technologies: 4 assignments created. Each judge with new work will be told by email.",
        f"2 nominations are short of judges: {first.reference} (1 judge missing), "
        f"{second.reference} (1 judge missing). Add judges with this expertise to the panel, or assign by hand.",
    ]


@pytest.mark.django_db
def test_assign_automatically_when_complete(admin_client, cycle, round_, eligible, judges):
    PanelFactory(cycle=cycle, members=judges, chair=judges[0])
    eligible()
    response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})
    assert messages_of(response) == [
        "New technologies: 3 assignments created. Each judge with new work will be told by email."
    ]
    admin_client.get(response["Location"])  # shows (and so clears) the messages
    # Again: nothing more to do.
    response = admin_client.post(url("round", "assign", round_.pk), {"category": "TEC"})
    assert messages_of(response) == ["New technologies: nothing new to assign."]
    assert Assignment.objects.count() == 3


@pytest.mark.django_db
def test_round_actions_need_an_administrator(client, round_, judges):
    screener = with_role("Screeners", "screener-2@example.net")
    client.force_login(screener)
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    for response in (
        client.post(url("round", "assign", round_.pk), {"category": "TEC"}),
        client.post(url("round", "close", round_.pk), {"override_reason": "x"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    round_.refresh_from_db()
    assert round_.closed_at is None
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_closing_with_unscored_work_needs_a_reason(admin_client, admin_user, round_, eligible, judges):
    done = Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[0])
    score_all(done)
    Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[1])

    response = admin_client.post(url("round", "close", round_.pk), {"override_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "override_reason": ["1 assignments are not submitted. Give a reason to close the round anyway."]
    }
    round_.refresh_from_db()
    assert round_.closed_at is None

    response = admin_client.post(
        url("round", "close", round_.pk), {"override_reason": "Judge fell ill; two scores are enough."}
    )
    assert response.status_code == 302
    assert response["Location"] == url("round", "inspect", round_.pk)
    round_.refresh_from_db()
    assert round_.closed_at is not None
    assert round_.closed_by == admin_user
    assert round_.close_override_reason == "Judge fell ill; two scores are enough."
    assert messages_of(response) == [f"{round_} is closed with 1 assignment not submitted; your reason is recorded."]
    body = admin_client.get(url("round", "inspect", round_.pk)).content.decode()
    assert "Judge fell ill; two scores are enough." in body
    assert url("round", "assign", round_.pk) not in body


@pytest.mark.django_db
def test_closing_with_everything_submitted(admin_client, round_, eligible, judges):
    done = Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[0])
    score_all(done)
    assert admin_client.get(url("round", "close", round_.pk)).status_code == 200
    response = admin_client.post(url("round", "close", round_.pk), {"override_reason": ""})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.closed_at is not None
    assert round_.close_override_reason == ""
    assert messages_of(response) == [f"{round_} is closed: every assignment was submitted or recused."]
