"""Reopening a screening decision: an awards administrator (not a screener) sends an
eligible, ineligible or returned nomination back to "submitted" with a reason, logged;
the nominator is emailed in their language; refused once judging has started."""

from datetime import timedelta

import pytest
from django_fsm import has_transition_perm

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment
from nominations import services
from nominations.screening.services import reopen_screening
from tests.factories import JudgeProfileFactory, PanelFactory, RoundFactory
from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import S, log_rows, login, messages_of, state_of, url

# The shared fixtures, bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office

REASON = "Rejected by mistake: the region rule was misread."


def returned(make, office, **fields):
    nomination = make(**fields)
    services.screen(
        nomination_id=nomination.pk,
        user=office["screener"],
        action="return",
        message="Add the lab report.",
        deadline=timezone.now() + timedelta(days=5),
    )
    nomination.refresh_from_db()
    return nomination


@pytest.mark.django_db
@pytest.mark.parametrize("steps", [("submit", "accept"), ("submit", "reject"), "returned"])
def test_an_administrator_reopens_a_decision_with_a_reason(
    client, office, make, steps, django_capture_on_commit_callbacks
):
    nomination = returned(make, office) if steps == "returned" else make(steps=steps)
    login(client, office["admin"])
    inspect = client.get(url("inspect", nomination.pk)).content.decode()
    assert url("reopen_screening", nomination.pk) in inspect

    form = client.get(url("reopen_screening", nomination.pk)).content.decode()
    assert "goes back to “Submitted”" in form
    assert "The nominator is emailed at once that the decision is reopened" in form
    assert 'name="message"' in form

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reopen_screening", nomination.pk), {"message": REASON})
    assert response.status_code == 302
    assert response["Location"] == url("inspect", nomination.pk)
    nomination.refresh_from_db()
    assert nomination.state == S.SUBMITTED
    assert nomination.screener_message == ""
    assert nomination.amendment_deadline is None
    row = log_rows(nomination, "reopen_screening").get()
    assert (row.by, row.description, row.state) == (office["admin"], REASON, S.SUBMITTED)
    [email] = mail.outbox
    assert email.to == [nomination.nominator.email]
    assert "is being checked again" in email.subject
    assert "reopened its earlier decision" in email.body
    assert REASON not in email.body  # the reason is the office's, not sent
    assert any("is reopened" in note for note in messages_of(response))
    # The history on the inspect view shows the reason; the screening actions are back.
    body = client.get(url("inspect", nomination.pk)).content.decode()
    assert "the region rule was misread" in body
    assert url("accept", nomination.pk) in body


@pytest.mark.django_db
def test_the_reopening_email_is_in_the_nominators_language(office, make, django_capture_on_commit_callbacks):
    nomination = make(steps=("submit", "reject"), language="zh-hans")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reopen_screening(nomination_id=nomination.pk, user=office["admin"], reason=REASON)
    [email] = mail.outbox
    assert email.body.startswith("尊敬的")
    assert "编号" in email.body  # the footer's "Reference", in Chinese


@pytest.mark.django_db
def test_the_nominator_reads_submitted_again(client, office, make):
    nomination = make(steps=("submit", "reject"))
    reopen_screening(nomination_id=nomination.pk, user=office["admin"], reason=REASON)
    login(client, nomination.nominator)
    body = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert "checking it against the call" in body
    assert "misread" not in body


@pytest.mark.django_db
def test_a_screener_cannot_reopen(client, office, make):
    nomination = make(steps=("submit", "reject"))
    assert not has_transition_perm(nomination.reopen_screening, office["screener"])
    assert has_transition_perm(nomination.reopen_screening, office["admin"])
    login(client, office["screener"])
    assert url("reopen_screening", nomination.pk) not in client.get(url("inspect", nomination.pk)).content.decode()
    for response in (
        client.get(url("reopen_screening", nomination.pk)),
        client.post(url("reopen_screening", nomination.pk), {"message": REASON}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert state_of(nomination) == S.INELIGIBLE
    with pytest.raises(services.NominationError, match="Only an awards administrator"):
        reopen_screening(nomination_id=nomination.pk, user=office["screener"], reason=REASON)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("editor", 404), ("judge", 302)])
def test_editors_and_judges_cannot_reopen(client, office, make, role, status):
    nomination = make(steps=("submit", "reject"))
    login(client, office[role])
    assert client.post(url("reopen_screening", nomination.pk), {"message": REASON}).status_code == status
    assert state_of(nomination) == S.INELIGIBLE


@pytest.mark.django_db
def test_reopen_needs_a_reason(client, office, make):
    nomination = make(steps=("submit", "accept"))
    login(client, office["admin"])
    response = client.post(url("reopen_screening", nomination.pk), {"message": "  "})
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert state_of(nomination) == S.ELIGIBLE
    assert not log_rows(nomination, "reopen_screening").exists()


@pytest.mark.django_db
def test_reopen_is_refused_once_judges_are_assigned(client, office, make, cycle, django_capture_on_commit_callbacks):
    nomination = make(steps=("submit", "accept"))
    judge = JudgeProfileFactory()
    PanelFactory(cycle=cycle, members=[judge], chair=judge)
    Assignment.objects.create(round=RoundFactory(cycle=cycle), nomination=nomination, judge=judge)
    login(client, office["admin"])

    inspect = client.get(url("inspect", nomination.pk)).content.decode()
    assert url("reopen_screening", nomination.pk) not in inspect
    assert "Judges are already assigned to this nomination" in inspect

    form = client.get(url("reopen_screening", nomination.pk)).content.decode()
    assert "Judges are already assigned to this nomination" in form
    assert 'name="message"' not in form

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reopen_screening", nomination.pk), {"message": REASON})
    assert response.status_code == 200
    assert "Judges are already assigned to this nomination" in response.content.decode()
    assert state_of(nomination) == S.ELIGIBLE
    assert not log_rows(nomination, "reopen_screening").exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "steps",
    [("submit",), ("submit", "accept", "shortlist"), ("submit", "withdraw"), ("submit", "accept", "not_shortlist")],
)
def test_only_a_screening_decision_can_be_reopened(client, office, make, steps):
    nomination = make(steps=steps)
    before = state_of(nomination)
    login(client, office["admin"])
    response = client.post(url("reopen_screening", nomination.pk), {"message": REASON})
    assert response.status_code == 200
    assert state_of(nomination) == before
    assert not log_rows(nomination, "reopen_screening").exists()


@pytest.mark.django_db
def test_reopening_an_unknown_or_draft_nomination_is_not_found(client, office, make):
    draft = make(steps=())
    login(client, office["admin"])
    assert client.post(url("reopen_screening", draft.pk), {"message": REASON}).status_code == 404
    assert client.get(url("reopen_screening", 999999)).status_code == 404
