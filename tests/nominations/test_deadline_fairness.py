"""A deadline is judged by when the request reached our front server (nginx's X-Request-Start
stamp: accounts.network.request_arrival), with a short grace period for the queue in front
of the workers (nominations.deadlines). Times are relative to timezone.now(): a request
"processed 30 s after the close" is one to a call that closed 30 s ago."""

from datetime import UTC, datetime, timedelta

import pytest

from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.formats import date_format

from accounts.network import REQUEST_START_MAX_AGE, request_arrival
from nominations import services
from nominations.deadlines import in_time
from nominations.models import Nomination
from tests.factories import CallPageFactory, NominationFactory

START = {
    "nominee_type": "enterprise",
    "nominee_name": "Datong Graphene Co.",
    "nominee_organisation": "Datong Graphene Co.",
    "nominee_email": "info@graphene.example.com",
    "nominee_phone": "+86 352 123 4567",
    "region": "datong",
    "partner_organisations": "",
    "team_members": "",
    "form_token": "t",
}


def stamp(moment):
    """The header as nginx writes it: t=<seconds>.<milliseconds>."""
    return f"t={moment.timestamp():.3f}"


def exact(moment):
    """`moment` to the millisecond, as the stamp carries it."""
    return datetime.fromtimestamp(round(moment.timestamp(), 3), tz=UTC)


@pytest.fixture
def behind_our_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.SUBMISSION_GRACE_SECONDS = 60


def closed_call(call_index, seconds_ago):
    now = timezone.now()
    return CallPageFactory(
        parent=call_index, opens_at=now - timedelta(days=10), closes_at=now - timedelta(seconds=seconds_ago)
    )


def submit(client, nomination, **headers):
    return client.post(f"/nominations/{nomination.pk}/submit/", **headers)


def refusal(response, nomination):
    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{nomination.pk}/review/"
    return [str(m) for m in get_messages(response.wsgi_request)]


def closed_message(call):
    closes = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
    return f"The call closed on {closes}: nominations are no longer accepted."


# The submit ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submit_sent_a_second_before_the_close_and_processed_30_s_after_is_accepted(
    client, call_index, nominator, behind_our_proxy
):
    call = closed_call(call_index, seconds_ago=30)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    sent = call.closes_at - timedelta(seconds=1)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(sent))

    assert response.status_code == 302
    assert response["Location"] == f"/nominations/{nomination.pk}/"
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert nomination.reference
    # Its time is the time it was sent, before the close.
    assert nomination.submitted_at == exact(sent)


@pytest.mark.django_db
def test_a_submit_sent_a_second_after_the_close_is_refused_with_the_closing_message(
    client, call_index, nominator, behind_our_proxy
):
    call = closed_call(call_index, seconds_ago=30)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(call.closes_at + timedelta(seconds=1)))

    assert refusal(response, nomination) == [closed_message(call)]
    nomination.refresh_from_db()
    assert (nomination.state, nomination.reference) == ("draft", None)


@pytest.mark.django_db
def test_a_forged_stamp_buys_nothing_without_our_proxy(client, call_index, nominator, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy of ours in front: the header is the visitor's
    settings.SUBMISSION_GRACE_SECONDS = 60
    call = closed_call(call_index, seconds_ago=30)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(call.closes_at - timedelta(minutes=1)))

    assert refusal(response, nomination) == [closed_message(call)]
    assert Nomination.objects.get().state == "draft"


@pytest.mark.django_db
def test_a_stamp_older_than_the_limit_is_ignored(client, call_index, nominator, behind_our_proxy):
    call = closed_call(call_index, seconds_ago=30)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    too_old = timezone.now() - REQUEST_START_MAX_AGE - timedelta(seconds=5)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(too_old))

    assert refusal(response, nomination) == [closed_message(call)]
    assert Nomination.objects.get().state == "draft"


@pytest.mark.django_db
def test_the_grace_covers_the_queue_not_more(client, call_index, nominator, behind_our_proxy):
    # Sent in time, but reached by a worker only 90 s after the close: beyond the 60 s.
    call = closed_call(call_index, seconds_ago=90)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(call.closes_at - timedelta(seconds=1)))

    assert refusal(response, nomination) == [closed_message(call)]


@pytest.mark.django_db
def test_no_grace_is_the_plain_rule(client, call_index, nominator, behind_our_proxy, settings):
    settings.SUBMISSION_GRACE_SECONDS = 0
    call = closed_call(call_index, seconds_ago=30)
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    response = submit(client, nomination, HTTP_X_REQUEST_START=stamp(call.closes_at - timedelta(seconds=1)))

    assert refusal(response, nomination) == [closed_message(call)]


# The other writes a deadline applies to ------------------------------------------------


@pytest.mark.django_db
def test_starting_a_nomination_sent_before_the_close_is_accepted(client, call_index, nominator, behind_our_proxy):
    call = closed_call(call_index, seconds_ago=30)
    client.force_login(nominator)

    late = client.post(
        f"/nominate/{call.pk}/", START, HTTP_X_REQUEST_START=stamp(call.closes_at + timedelta(seconds=1))
    )
    assert late.status_code == 302
    assert late["Location"] == call.url
    assert not Nomination.objects.exists()

    in_time = client.post(
        f"/nominate/{call.pk}/", START, HTTP_X_REQUEST_START=stamp(call.closes_at - timedelta(seconds=1))
    )
    nomination = Nomination.objects.get()
    assert in_time["Location"] == f"/nominations/{nomination.pk}/edit/nominee/"


@pytest.fixture
def returned(in_state, screener):
    """A nomination returned for amendment, its deadline passed 30 s ago."""
    nomination = in_state("submitted")
    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message="Please add the lab report.",
        deadline=timezone.now() + timedelta(days=1),
    )
    Nomination.objects.filter(pk=nomination.pk).update(amendment_deadline=timezone.now() - timedelta(seconds=30))
    nomination.refresh_from_db()
    return nomination


@pytest.mark.django_db
def test_an_amendment_saved_and_resubmitted_before_its_deadline_is_accepted(
    client, nominator, returned, behind_our_proxy
):
    client.force_login(nominator)
    before = stamp(returned.amendment_deadline - timedelta(seconds=1))
    after = stamp(returned.amendment_deadline + timedelta(seconds=1))
    step = f"/nominations/{returned.pk}/edit/impact/"
    answers = {"results": "r", "stage": "pilot", "evidence": "Lab report attached"}

    late = client.post(step, answers, HTTP_X_REQUEST_START=after)
    assert late["Location"] == f"/nominations/{returned.pk}/"
    assert Nomination.objects.get().evidence != "Lab report attached"

    saved = client.post(step, answers, HTTP_X_REQUEST_START=before)
    assert saved["Location"] == step
    assert refusal(submit(client, returned, HTTP_X_REQUEST_START=after), returned)[-1] == (
        "The deadline for amendments has passed."
    )
    resubmitted = submit(client, returned, HTTP_X_REQUEST_START=before)
    assert resubmitted["Location"] == f"/nominations/{returned.pk}/"
    returned.refresh_from_db()
    assert (returned.state, returned.evidence) == ("submitted", "Lab report attached")


@pytest.mark.django_db
def test_an_upload_to_an_amendment_is_judged_by_its_arrival(returned, behind_our_proxy):
    deadline = returned.amendment_deadline
    with pytest.raises(services.NominationError, match="can no longer be edited"):
        services.add_files(nomination=returned, uploads=[], at=deadline + timedelta(seconds=1))
    with pytest.raises(services.NominationError):
        services.add_files(nomination=returned, uploads=[])  # no arrival given: now
    assert services.add_files(nomination=returned, uploads=[], at=deadline - timedelta(seconds=1)) == []


# The rule and the stamp ----------------------------------------------------------------


def test_in_time_needs_the_arrival_before_the_deadline_and_the_processing_within_the_grace(settings):
    settings.SUBMISSION_GRACE_SECONDS = 60
    deadline = datetime(2027, 1, 13, 9, 0, tzinfo=UTC)
    second = timedelta(seconds=1)
    assert in_time(deadline, at=deadline - second, now=deadline + 59 * second)
    assert not in_time(deadline, at=deadline - second, now=deadline + 60 * second)
    assert not in_time(deadline, at=deadline, now=deadline)
    assert not in_time(deadline, at=None, now=deadline + second)
    assert in_time(deadline, at=None, now=deadline - second)
    # An arrival "after" its processing is taken as the processing's time.
    assert in_time(deadline, at=deadline + second, now=deadline - second)


def _arrival(rf, value=None):
    headers = {} if value is None else {"HTTP_X_REQUEST_START": value}
    before = timezone.now()
    arrival = request_arrival(rf.post("/nominations/1/submit/", **headers))
    return before, arrival, timezone.now()


def test_a_well_formed_recent_stamp_is_the_arrival_behind_our_proxy(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    sent = timezone.now() - timedelta(seconds=42)
    assert _arrival(rf, stamp(sent))[1] == exact(sent)


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "t=",
        "t=abc.def",
        "1700000000.123",  # no t=
        "t=1700000000",  # no milliseconds
        "t=1700000000.1234",
        "t=-1700000000.123",
        "t=1700000000.123, t=1700000001.123",
        "t=1700000000.123x",
    ],
)
def test_a_stamp_that_does_not_parse_strictly_is_ignored(rf, settings, value):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    before, arrival, after = _arrival(rf, value)
    assert before <= arrival <= after


@pytest.mark.parametrize(
    "offset",
    [
        timedelta(minutes=1),  # from the future
        -REQUEST_START_MAX_AGE - timedelta(seconds=1),  # older than any queued request
        timedelta(days=-3650),
    ],
)
def test_a_stamp_from_the_future_or_too_old_is_ignored(rf, settings, offset):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    before, arrival, after = _arrival(rf, stamp(timezone.now() + offset))
    assert before <= arrival <= after


def test_a_stamp_in_digits_of_another_script_is_ignored(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    recent = stamp(timezone.now() - timedelta(seconds=42))
    fullwidth = recent.translate({ord(d): ord(d) + 0xFF10 - ord("0") for d in "0123456789"})
    before, arrival, after = _arrival(rf, fullwidth)
    assert before <= arrival <= after


def test_a_stamp_a_little_ahead_of_our_clock_is_now(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    before, arrival, after = _arrival(rf, stamp(timezone.now() + timedelta(milliseconds=500)))
    assert before <= arrival <= after


def test_without_our_proxy_the_header_is_ignored(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    before, arrival, after = _arrival(rf, stamp(timezone.now() - timedelta(seconds=42)))
    assert before <= arrival <= after


# The call page says so -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("grace", "said"),
    [
        (60, "up to one minute later."),
        (120, "up to 2 minutes later."),
        (90, "up to 90 seconds later."),
        (0, None),
    ],
)
def test_the_call_page_states_the_grace_period(client, call_index, settings, grace, said):
    settings.SUBMISSION_GRACE_SECONDS = grace
    closes = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=17, minute=0, second=0, microsecond=0)
    call = CallPageFactory(parent=call_index, opens_at=closes - timedelta(days=30), closes_at=closes)

    html = client.get(call.url).content.decode()

    if said is None:
        assert "even if our server finishes them" not in html
    else:
        assert f"Nominations sent before 17:00 are accepted, even if our server finishes them {said}" in html
