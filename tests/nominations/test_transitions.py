from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django_fsm import can_proceed, has_transition_perm
from django_fsm_log.models import StateLog

from django.utils import timezone

from nominations import services
from nominations.models import NominationState
from tests.factories import UserFactory
from tests.nominations.helpers import PATHS

SOURCES = {
    "submit": {"draft"},
    "resubmit": {"returned"},
    # Every result state too: before the announcement each reads as "eligible" to the
    # nominator, so refusing some would tell the result (the condition ends it at the announcement).
    "withdraw": {
        "draft",
        "submitted",
        "returned",
        "eligible",
        "shortlisted",
        "not_shortlisted",
        "commended",
        "not_commended",
    },
    "return_for_amendment": {"submitted"},
    "accept": {"submitted"},
    "reject": {"submitted"},
    "shortlist": {"eligible"},
    "not_shortlist": {"eligible"},
    "commend": {"shortlisted"},
    "not_commend": {"shortlisted"},
    # An administrator reopens a screening decision (before any judge is assigned).
    "reopen_screening": {"eligible", "ineligible", "returned"},
}
TARGETS = {
    "submit": "submitted",
    "resubmit": "submitted",
    "withdraw": "withdrawn",
    "return_for_amendment": "returned",
    "accept": "eligible",
    "reject": "ineligible",
    "shortlist": "shortlisted",
    "not_shortlist": "not_shortlisted",
    "commend": "commended",
    "not_commend": "not_commended",
    "reopen_screening": "submitted",
}
ACTOR = {
    "submit": "nominator",
    "resubmit": "nominator",
    "withdraw": "nominator",
    "return_for_amendment": "screener",
    "accept": "screener",
    "reject": "screener",
    "shortlist": "awards_admin",
    "not_shortlist": "awards_admin",
    "commend": "awards_admin",
    "not_commend": "awards_admin",
    "reopen_screening": "awards_admin",
}


def test_every_state_is_reachable_and_listed():
    assert set(PATHS) == set(NominationState.values)


@pytest.mark.django_db
@pytest.mark.parametrize("transition", sorted(SOURCES))
@pytest.mark.parametrize("state", sorted(PATHS))
def test_transition_allowed_only_from_its_source_states(in_state, transition, state):
    nomination = in_state(state)
    assert nomination.state == state
    assert can_proceed(getattr(nomination, transition), check_conditions=False) is (state in SOURCES[transition])


@pytest.mark.django_db
@pytest.mark.parametrize("transition", sorted(SOURCES))
def test_transition_permission_belongs_to_one_role(request, in_state, transition):
    source = sorted(SOURCES[transition])[0]
    nomination = in_state(source)
    stranger = UserFactory(email="stranger@example.net")
    people = {name: request.getfixturevalue(name) for name in ("nominator", "screener", "awards_admin")}
    bound = getattr(nomination, transition)
    allowed = {name for name, user in people.items() if has_transition_perm(bound, user)}
    expected = {
        "nominator": {"nominator"},
        "screener": {"screener", "awards_admin"},  # both groups hold screen_nomination
        "awards_admin": {"awards_admin"},
    }[ACTOR[transition]]
    assert allowed == expected
    assert has_transition_perm(bound, stranger) is False


@pytest.mark.django_db
@pytest.mark.parametrize("transition", sorted(SOURCES))
def test_transition_moves_to_its_target_and_logs_who(request, in_state, transition):
    nomination = in_state(sorted(SOURCES[transition])[0])
    actor = request.getfixturevalue(ACTOR[transition])
    before = StateLog.objects.for_(nomination).count()
    getattr(nomination, transition)(by=actor, description="why")
    nomination.save()
    nomination.refresh_from_db()
    assert nomination.state == TARGETS[transition]
    log = StateLog.objects.for_(nomination).order_by("-timestamp", "-pk").first()
    assert StateLog.objects.for_(nomination).count() == before + 1
    assert (log.by_id, log.transition, log.state, log.description) == (actor.pk, transition, TARGETS[transition], "why")


@pytest.mark.django_db
def test_state_cannot_be_set_directly(in_state):
    nomination = in_state("submitted")
    with pytest.raises(AttributeError):
        nomination.state = "eligible"


@pytest.mark.django_db
def test_submit_refused_exactly_at_closing_time(in_state, nominator):
    nomination = in_state("draft")
    call = nomination.call
    call.closes_at = timezone.now() - timedelta(microseconds=1)
    call.save()
    with pytest.raises(services.NominationError, match="nominations are no longer accepted"):
        services.submit(nomination_id=nomination.pk, user=nominator)
    nomination.refresh_from_db()
    assert nomination.state == "draft"
    assert nomination.reference is None


@pytest.mark.django_db
def test_submit_allowed_one_second_before_closing(in_state, nominator):
    nomination = in_state("draft")
    nomination.call.closes_at = timezone.now() + timedelta(seconds=1)
    nomination.call.save()
    outcome = services.submit(nomination_id=nomination.pk, user=nominator)
    assert outcome.nomination.state == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Some required answers are still missing"),
        ({"consent_processing": False}, "Some required answers are still missing"),
        ({"declaration_true": False}, "Some required answers are still missing"),
        ({"nominee_type": "team", "team_members": ""}, "Some required answers are still missing"),
    ],
)
def test_submit_refused_when_incomplete_or_without_consent(in_state, nominator, fields, message):
    nomination = in_state("draft", **fields)
    with pytest.raises(services.NominationError, match=message):
        services.submit(nomination_id=nomination.pk, user=nominator)
    nomination.refresh_from_db()
    assert nomination.state == "draft"


@pytest.mark.django_db
def test_submit_refused_without_verified_email(in_state, nominator):
    nomination = in_state("draft")
    EmailAddress.objects.filter(user=nominator).update(verified=False)
    with pytest.raises(services.NominationError, match="Verify your email address"):
        services.submit(nomination_id=nomination.pk, user=nominator)


@pytest.mark.django_db
def test_only_the_owner_can_submit(in_state):
    nomination = in_state("draft")
    other = UserFactory(email="other@example.net")
    with pytest.raises(services.NominationError, match="not allowed"):
        services.submit(nomination_id=nomination.pk, user=other)


@pytest.mark.django_db
def test_resubmit_refused_after_the_amendment_deadline(in_state, nominator, screener):
    nomination = in_state("submitted")
    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message="Add the test report.",
        deadline=timezone.now() + timedelta(days=3),
    )
    nomination.refresh_from_db()
    assert nomination.can_edit()
    type(nomination).objects.filter(pk=nomination.pk).update(amendment_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(services.NominationError, match="deadline for amendments has passed"):
        services.submit(nomination_id=nomination.pk, user=nominator)
    nomination.refresh_from_db()
    assert nomination.state == "returned"
    assert not nomination.can_edit()


@pytest.mark.django_db
def test_resubmit_before_the_deadline_keeps_the_reference(in_state, nominator, screener):
    nomination = in_state("submitted")
    reference = nomination.reference
    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message="More.",
        deadline=timezone.now() + timedelta(days=1),
    )
    outcome = services.submit(nomination_id=nomination.pk, user=nominator)
    assert (outcome.nomination.state, outcome.nomination.reference) == ("submitted", reference)


@pytest.mark.django_db
def test_withdraw_refused_after_the_announcement(in_state, nominator):
    nomination = in_state("shortlisted")
    cycle = nomination.call.cycle
    cycle.announcement_at = timezone.now() - timedelta(seconds=1)
    cycle.save()
    with pytest.raises(services.NominationError, match="results have been announced"):
        services.withdraw(nomination_id=nomination.pk, user=nominator)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "message", "deadline_days", "error"),
    [
        ("reject", "", None, "Write the reason"),
        ("return", "", 3, "Write the reason"),
        ("return", "Fix it.", None, "amendment deadline in the future"),
        ("return", "Fix it.", -1, "amendment deadline in the future"),
        ("dance", "", None, "Unknown screening action"),
    ],
)
def test_screening_needs_its_message_and_deadline(in_state, screener, action, message, deadline_days, error):
    nomination = in_state("submitted")
    deadline = timezone.now() + timedelta(days=deadline_days) if deadline_days is not None else None
    with pytest.raises(services.NominationError, match=error):
        services.screen(nomination_id=nomination.pk, user=screener, action=action, message=message, deadline=deadline)
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


@pytest.mark.django_db
def test_screening_a_draft_is_refused(in_state, screener):
    nomination = in_state("draft")
    with pytest.raises(services.NominationError, match="cannot be done while"):
        services.screen(nomination_id=nomination.pk, user=screener, action="accept")


@pytest.mark.django_db
def test_results_stay_private_until_the_announcement(in_state):
    nomination = in_state("commended")
    assert nomination.visible_state() == "eligible"
    assert nomination.visible_state(nomination.call.cycle.announcement_at) == "commended"


@pytest.mark.django_db
def test_references_count_up_per_cycle_and_category(in_state):
    first = in_state("submitted")
    second = in_state("submitted", call=first.call)
    year = first.call.cycle.year
    assert (first.reference, second.reference) == (f"{year}-TEC-0001", f"{year}-TEC-0002")
