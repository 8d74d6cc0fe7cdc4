from datetime import timedelta

import pytest
from django_fsm_log.models import StateLog

from django.utils import timezone

from judging import services
from judging.models import Assignment, Conflict, Panel, Round
from nominations.models import Category
from tests.factories import CallPageFactory, JudgeProfileFactory, NominationFactory, RoundFactory, advance
from tests.support import with_role


@pytest.fixture
def work(call_index):
    round_ = RoundFactory()
    call = CallPageFactory(parent=call_index, cycle=round_.cycle)
    nomination = NominationFactory(call=call)
    advance(nomination, "submit", by=nomination.nominator)
    advance(nomination, "accept", by=with_role("Screeners", "s@example.net"))
    judge = JudgeProfileFactory()
    assignment = Assignment.objects.create(
        round=round_, nomination=nomination, judge=judge, declared_no_conflict_at=timezone.now()
    )
    criteria = list(round_.criteria.order_by("sort_order"))
    return assignment, criteria


def _all(criteria, value=5):
    return {c.pk: (min(value, c.scale_max), "fine") for c in criteria}


@pytest.mark.django_db
def test_scores_save_start_the_work_and_submit_locks_them(work):
    assignment, criteria = work
    user = assignment.judge.user
    services.save_scores(assignment_id=assignment.pk, user=user, scores={criteria[0].pk: (7, "Novel.")})
    assignment.refresh_from_db()
    assert assignment.state == "in_progress"
    with pytest.raises(
        services.JudgingError, match=r"Score every criterion before submitting\. Missing: Impact, Maturity"
    ):
        services.submit_assignment(assignment_id=assignment.pk, user=user)
    services.save_scores(assignment_id=assignment.pk, user=user, scores=_all(criteria), overall_comment="Good.")
    services.submit_assignment(assignment_id=assignment.pk, user=user)
    assignment.refresh_from_db()
    assert (assignment.state, assignment.overall_comment) == ("submitted", "Good.")
    with pytest.raises(services.JudgingError, match="submitted and locked"):
        services.save_scores(assignment_id=assignment.pk, user=user, scores={criteria[0].pk: (1, "")})
    assert assignment.scores.get(criterion=criteria[0]).value == 5


@pytest.mark.django_db
def test_out_of_scale_scores_are_refused_and_nothing_is_saved(work):
    assignment, criteria = work
    with pytest.raises(services.JudgingError, match="takes a score from 1 to 5"):
        services.save_scores(
            assignment_id=assignment.pk,
            user=assignment.judge.user,
            scores={criteria[0].pk: (3, ""), criteria[2].pk: (9, "")},
        )
    assert not assignment.scores.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 5, "has not opened yet"), (-5, -1, "round is closed")],
)
def test_no_scoring_outside_the_round(work, opens, closes, message):
    assignment, criteria = work
    Round.objects.filter(pk=assignment.round_id).update(
        opens_at=timezone.now() + timedelta(days=opens), closes_at=timezone.now() + timedelta(days=closes)
    )
    with pytest.raises(services.JudgingError, match=message):
        services.save_scores(assignment_id=assignment.pk, user=assignment.judge.user, scores=_all(criteria))
    assert not assignment.scores.exists()


@pytest.mark.django_db
def test_another_judge_cannot_score_or_submit(work):
    assignment, criteria = work
    other = JudgeProfileFactory().user
    with pytest.raises(services.JudgingError, match="not your assignment"):
        services.save_scores(assignment_id=assignment.pk, user=other, scores=_all(criteria))
    with pytest.raises(services.JudgingError, match="not your assignment"):
        services.submit_assignment(assignment_id=assignment.pk, user=other)


@pytest.mark.django_db
def test_declaring_a_conflict_recuses_the_judge_in_every_round(work):
    assignment, _criteria = work
    final = RoundFactory(cycle=assignment.round.cycle, number=2)
    later = Assignment.objects.create(round=final, nomination=assignment.nomination, judge=assignment.judge)
    with pytest.raises(services.JudgingError, match="Say briefly"):
        services.declare_conflict(assignment_id=assignment.pk, user=assignment.judge.user, reason=" ")
    services.declare_conflict(
        assignment_id=assignment.pk, user=assignment.judge.user, reason="I advised this company in 2025."
    )
    assert set(Assignment.objects.values_list("state", flat=True)) == {"recused"}
    conflict = Conflict.objects.get()
    assert (conflict.source, conflict.reason) == ("declared", "I advised this company in 2025.")
    assert later.pk in Assignment.objects.filter(state="recused").values_list("pk", flat=True)


@pytest.mark.django_db
def test_chair_reopens_with_a_reason_that_is_logged(work):
    assignment, criteria = work
    user = assignment.judge.user
    services.save_scores(assignment_id=assignment.pk, user=user, scores=_all(criteria))
    services.submit_assignment(assignment_id=assignment.pk, user=user)
    chair = JudgeProfileFactory()
    panel = Panel.objects.create(cycle=assignment.round.cycle, category=Category.objects.get(code="TEC"), chair=chair)
    panel.members.set([chair, assignment.judge])
    with pytest.raises(services.JudgingError, match="Only the panel's chair"):
        services.reopen_assignment(assignment_id=assignment.pk, user=user, reason="Let me fix it.")
    with pytest.raises(services.JudgingError, match="Give the reason"):
        services.reopen_assignment(assignment_id=assignment.pk, user=chair.user, reason="")
    services.reopen_assignment(
        assignment_id=assignment.pk, user=chair.user, reason="Impact was scored on the wrong scale."
    )
    assignment.refresh_from_db()
    assert assignment.state == "in_progress"
    log = StateLog.objects.for_(assignment).order_by("-pk").first()
    assert (log.transition, log.by_id, log.description) == (
        "reopen",
        chair.user_id,
        "Impact was scored on the wrong scale.",
    )


@pytest.mark.django_db
def test_closing_with_unscored_work_needs_a_reason(work):
    assignment, _criteria = work
    admin = with_role("Awards administrators", "aa@example.net")
    with pytest.raises(services.JudgingError, match="1 assignments are not submitted"):
        services.close_round(round_id=assignment.round_id, user=admin)
    round_, unscored = services.close_round(round_id=assignment.round_id, user=admin, override_reason="Judge ill.")
    assert (unscored, round_.close_override_reason, round_.closed_by) == (1, "Judge ill.", admin)
    assert not round_.is_open()
