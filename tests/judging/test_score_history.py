"""Every change to a score is kept: old and new value, comment, who, when, and after a
chair's reopening, the chair's reason. The first submission freezes the rubric."""

from datetime import timedelta

import pytest

from django.utils import timezone

from judging import services
from judging.models import Assignment, RubricVersion, Score
from tests.judging import helpers

world = helpers.world


def history(assignment, criterion):
    rows = Score.history.filter(assignment_id=assignment.pk, criterion_id=criterion.pk).order_by("history_id")
    return [(r.history_type, r.value, r.comment, r.history_user, r.history_change_reason or "") for r in rows]


@pytest.mark.django_db
def test_history_of_a_score_through_a_reopening(world):
    judge, chair = world.judges[1].user, world.chair.user
    assignment = world.assign(world.nomination(), world.judges[1])
    novelty, impact, maturity = world.round.criteria.order_by("sort_order")
    everything = {novelty.pk: (6, "New here."), impact.pk: (5, ""), maturity.pk: (3, "")}

    services.save_scores(assignment_id=assignment.pk, user=judge, scores=everything)
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (7, "Newer than I thought.")})
    # Saving the same value and comment again adds nothing.
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (7, "Newer than I thought.")})
    services.submit_assignment(assignment_id=assignment.pk, user=judge)
    services.reopen_assignment(assignment_id=assignment.pk, user=chair, reason="Novelty scored on the wrong scale.")
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (4, "Rescored.")})

    assert history(assignment, novelty) == [
        ("+", 6, "New here.", judge, ""),
        ("~", 7, "Newer than I thought.", judge, ""),
        ("~", 4, "Rescored.", judge, "Novelty scored on the wrong scale."),
    ]
    assert history(assignment, impact) == [("+", 5, "", judge, "")]
    rows = list(Score.history.filter(criterion_id=novelty.pk).order_by("history_id"))
    assert rows[0].history_date <= rows[1].history_date <= rows[2].history_date <= timezone.now()
    assert [rows[1].prev_record.value, rows[2].prev_record.value] == [6, 7]


@pytest.mark.django_db
def test_deleting_a_score_is_recorded_with_who(world):
    judge = world.judges[1].user
    assignment = world.assign(world.nomination(), world.judges[1])
    novelty = world.round.criteria.order_by("sort_order").first()
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (6, "")})
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (None, "")})
    assert not Score.objects.filter(assignment=assignment).exists()
    assert history(assignment, novelty) == [("+", 6, "", judge, ""), ("-", 6, "", judge, "")]


@pytest.mark.django_db
def test_a_long_reopening_reason_is_kept_in_full_in_the_history(world):
    judge, chair = world.judges[1].user, world.chair.user
    assignment = world.assign(world.nomination(), world.judges[1])
    helpers.score_all(assignment)
    reason = "A long explanation. " * 20
    services.reopen_assignment(assignment_id=assignment.pk, user=chair, reason=reason)
    novelty = world.round.criteria.order_by("sort_order").first()
    services.save_scores(assignment_id=assignment.pk, user=judge, scores={novelty.pk: (9, "")})
    assert history(assignment, novelty)[-1][4] == reason.strip()
    assert len(reason.strip()) > 100


@pytest.mark.django_db
def test_the_first_submission_records_rubric_version_1(world):
    first = world.assign(world.nomination(), world.judges[1])
    second = world.assign(world.nomination(), world.judges[2])
    user = world.judges[1].user
    scores = {c.pk: (c.scale_min + 1, "") for c in world.round.criteria.all()}
    services.save_scores(assignment_id=first.pk, user=user, scores=scores)
    assert not RubricVersion.objects.exists()
    services.submit_assignment(assignment_id=first.pk, user=user)
    version = RubricVersion.objects.get()
    assert (version.round, version.number, version.created_by, version.reason) == (world.round, 1, user, "")
    assert version.criteria == [
        {
            "id": c.pk,
            "name": c.name,
            # The rubric was written in English only: the Chinese columns are empty.
            "names": {"zh-hans": "", "en": c.name},
            "guidance": {"zh-hans": "", "en": c.guidance},
            "weight": str(c.weight),
            "scale_min": c.scale_min,
            "scale_max": c.scale_max,
            "sort_order": c.sort_order,
        }
        for c in world.round.criteria.order_by("sort_order")
    ]
    assert version.criteria[0]["weight"] == "2.00"
    # A later submission takes no new version.
    other = world.judges[2].user
    services.save_scores(assignment_id=second.pk, user=other, scores=scores)
    services.submit_assignment(assignment_id=second.pk, user=other)
    assert RubricVersion.objects.count() == 1
    assert Assignment.objects.filter(state="submitted").count() == 2


@pytest.mark.django_db
def test_a_refused_submission_records_no_version(world):
    assignment = world.assign(world.nomination(), world.judges[1])
    world.round.closes_at = timezone.now() - timedelta(minutes=1)
    world.round.save()
    with pytest.raises(services.JudgingError):
        services.submit_assignment(assignment_id=assignment.pk, user=world.judges[1].user)
    assert not RubricVersion.objects.exists()
