"""The rubric is frozen once a score is submitted in the round: through the real admin
edit view, a change to the criteria needs a reason and becomes a new rubric version;
a scored criterion's scale and existence never change; adding one reopens the
submitted work."""

import pytest
from django_fsm_log.models import StateLog

from django.utils import timezone

from judging import services
from judging.models import AssignmentState, Criterion, RubricVersion
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import client_for, stamp

world = helpers.world
A = AssignmentState
REASON_NEEDED = (
    "Scores have been submitted in this round, so its rubric is frozen. To change the criteria, give the "
    "reason for a new rubric version; otherwise leave them as they were."
)


# The admin's criterion fields: name and guidance in each language side by side.
CRITERION_FIELDS = (
    "name_zh_hans",
    "name_en",
    "guidance_zh_hans",
    "guidance_en",
    "weight",
    "scale_min",
    "scale_max",
    "sort_order",
    "id",
)


def edit_data(round_, reason="", changes=None, delete=None, add=None):
    """The round's edit form as the admin posts it, with `changes` ({criterion: {field:
    value}}), a criterion to delete and one to add ({field: value})."""
    criteria = list(round_.criteria.all())
    data = {
        "cycle": round_.cycle_id,
        "number": round_.number,
        "stage": round_.stage,
        "opens_at": stamp(round_.opens_at),
        "closes_at": stamp(round_.closes_at),
        "judges_per_nomination": round_.judges_per_nomination,
        "blind": "on",
        "rubric_change_reason": reason,
        "criteria-TOTAL_FORMS": len(criteria) + (1 if add else 0),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, criterion in enumerate(criteria):
        for name in CRITERION_FIELDS:
            data[f"criteria-{index}-{name}"] = "" if getattr(criterion, name) is None else getattr(criterion, name)
        data.update({f"criteria-{index}-{k}": v for k, v in (changes or {}).get(criterion, {}).items()})
        data[f"criteria-{index}-DELETE"] = "1" if criterion == delete else ""
    if add:
        index = len(criteria)
        fields = {
            "name_zh_hans": "",
            "name_en": "",
            "guidance_zh_hans": "",
            "guidance_en": "",
            "weight": "1",
            "scale_min": 0,
            "scale_max": 10,
            "sort_order": 9,
        }
        fields.update(add)
        data.update({f"criteria-{index}-{k}": v for k, v in fields.items()})
        data.update({f"criteria-{index}-id": "", f"criteria-{index}-DELETE": ""})
    return data


@pytest.fixture
def submitted(world):
    """Two nominations scored and submitted (version 1 taken), one in progress."""
    work = [world.assign(world.nomination(), judge) for judge in world.judges[1:]]
    for assignment in work:
        helpers.score_all(assignment, submit=False)
        services.submit_assignment(assignment_id=assignment.pk, user=assignment.judge.user)
    pending = world.assign(world.nomination(), world.judges[0])
    assert RubricVersion.objects.filter(round=world.round).count() == 1
    return work, pending


@pytest.mark.django_db
def test_a_weight_change_without_a_reason_is_refused(client, world, submitted):
    novelty = world.round.criteria.get(name="Novelty")
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk), edit_data(world.round, changes={novelty: {"weight": "3"}})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rubric_change_reason"] == [REASON_NEEDED]
    novelty.refresh_from_db()
    assert novelty.weight == 2
    assert RubricVersion.objects.filter(round=world.round).count() == 1


@pytest.mark.django_db
def test_a_weight_change_with_a_reason_makes_version_2(client, world, submitted):
    novelty = world.round.criteria.get(name="Novelty")
    client_for(client, world.admin)
    response = client.post(
        url("round", "edit", world.round.pk),
        edit_data(world.round, reason="The jury agreed novelty weighs 3.", changes={novelty: {"weight": "3"}}),
    )
    assert response.status_code == 302, response.context["form"].errors
    novelty.refresh_from_db()
    assert novelty.weight == 3
    version = RubricVersion.objects.get(round=world.round, number=2)
    assert (version.reason, version.created_by) == ("The jury agreed novelty weighs 3.", world.admin)
    assert version.criteria[0] == {
        "id": novelty.pk,
        "name": "Novelty",
        "names": {"zh-hans": "", "en": "Novelty"},
        "guidance": {"zh-hans": "", "en": "How strong is the novelty?"},
        "weight": "3.00",
        "scale_min": 0,
        "scale_max": 10,
        "sort_order": 0,
    }
    assert RubricVersion.objects.get(round=world.round, number=1).criteria[0]["weight"] == "2.00"
    # The submitted work stays submitted: no criterion was added.
    work, _pending = submitted
    assert {a.state for a in type(work[0]).objects.filter(pk__in=[a.pk for a in work])} == {A.SUBMITTED}
    # The round's page shows both versions.
    body = client.get(url("round", "inspect", world.round.pk)).content.decode()
    assert "The jury agreed novelty weighs 3." in body
    assert body.count('data-rubric-version="') == 2


@pytest.mark.django_db
def test_only_guidance_and_order_change_freely(client, world, submitted):
    novelty = world.round.criteria.get(name="Novelty")
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk), edit_data(world.round, changes={novelty: {"guidance_en": "Be bold."}})
    )
    assert response.status_code == 302
    assert RubricVersion.objects.filter(round=world.round).count() == 1


@pytest.mark.django_db
def test_adding_a_criterion_with_a_reason_reopens_the_submitted_work(client, world, submitted):
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk),
        edit_data(world.round, reason="Sustainability was left out.", add={"name_en": "Sustainability"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert world.round.criteria.filter(name="Sustainability").exists()
    assert RubricVersion.objects.get(round=world.round, number=2).reason == "Sustainability was left out."
    work, pending = submitted
    for assignment in work:
        assignment.refresh_from_db()
        assert assignment.state == A.IN_PROGRESS
        log = StateLog.objects.for_(assignment).get(transition="reopen")
        assert (log.description, log.by) == ("Sustainability was left out.", world.admin)
    pending.refresh_from_db()
    assert pending.state == A.ASSIGNED


@pytest.mark.django_db
def test_adding_without_a_reason_is_refused(client, world, submitted):
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk), edit_data(world.round, add={"name_en": "Sustainability"})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rubric_change_reason"] == [REASON_NEEDED]
    assert not Criterion.objects.filter(name="Sustainability").exists()


@pytest.mark.django_db
def test_a_scored_criterion_cannot_be_removed_or_rescaled_even_with_a_reason(client, world, submitted):
    novelty = world.round.criteria.get(name="Novelty")
    client_for(client, world.admin)
    response = client.post(
        url("round", "edit", world.round.pk), edit_data(world.round, reason="Not needed.", delete=novelty)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "“Novelty” has scores: it cannot be removed, even with a reason."
    ]
    response = client.post(
        url("round", "edit", world.round.pk),
        edit_data(world.round, reason="Finer scale.", changes={novelty: {"scale_max": 20}}),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "“Novelty” has scores: its scale cannot change, even with a reason (the scores given would change meaning)."
    ]
    assert Criterion.objects.filter(pk=novelty.pk, scale_max=10).exists()
    assert RubricVersion.objects.filter(round=world.round).count() == 1


@pytest.mark.django_db
def test_before_any_submission_the_criteria_change_freely(client, world):
    novelty = world.round.criteria.get(name="Novelty")
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk), edit_data(world.round, changes={novelty: {"weight": "3"}})
    )
    assert response.status_code == 302
    assert not RubricVersion.objects.exists()


@pytest.mark.django_db
def test_a_criterion_cannot_be_added_once_the_round_is_closed(client, world, submitted):
    type(world.round).objects.filter(pk=world.round.pk).update(closed_at=timezone.now())
    world.round.refresh_from_db()
    response = client_for(client, world.admin).post(
        url("round", "edit", world.round.pk),
        edit_data(world.round, reason="Sustainability was left out.", add={"name_en": "Sustainability"}),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A criterion can be added only while the round is open, so that the judges can score it."
    ]
    assert not Criterion.objects.filter(name="Sustainability").exists()


@pytest.mark.django_db
def test_the_reason_field_shows_when_editing_a_round_not_when_adding_one(client, world):
    client_for(client, world.admin)
    assert 'name="rubric_change_reason"' in client.get(url("round", "edit", world.round.pk)).content.decode()
    assert 'name="rubric_change_reason"' not in client.get(url("round", "add")).content.decode()
