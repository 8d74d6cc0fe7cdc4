# ruff: noqa: RUF001 (full-width and Chinese text in expected values)
"""Bulk return and bulk reject (and bulk accept's confirmation) through the admin's
bulk-action pages: one message for the selection, the nominators emailed in their own
language, nominations not waiting for screening skipped and named."""

from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import LIST_URL, S, bulk_url, log_rows, login, messages_of, state_of

# The shared fixtures, bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office


def stamp(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@pytest.mark.django_db
def test_the_listing_offers_the_three_bulk_decisions_to_screeners(client, office, make):
    make()
    body = login(client, office["screener"]).get(LIST_URL).content.decode()
    for action in ("accept", "return", "reject"):
        assert bulk_url(action).rstrip("?") in body


@pytest.mark.django_db
def test_bulk_return_emails_each_nominator_in_their_language_and_skips_the_rest(
    client, office, make, django_capture_on_commit_callbacks
):
    english, chinese = make(language="en"), make(language="zh-hans")
    eligible = make(steps=("submit", "accept"))
    target = bulk_url("return", english, chinese, eligible)
    login(client, office["screener"])

    confirm = client.get(target)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "(will be skipped)" in page
    assert "the nominator is emailed your message at once" in page.lower()
    assert "only an awards administrator can reopen the decision" in page
    assert 'name="message"' in page and 'name="deadline"' in page

    deadline = (timezone.localtime() + timedelta(days=10)).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"message": "Add the test report.", "deadline": stamp(deadline)})
    assert response.status_code == 302
    for nomination in (english, chinese):
        nomination.refresh_from_db()
        assert nomination.state == S.RETURNED
        assert nomination.screener_message == "Add the test report."
        assert nomination.amendment_deadline == deadline
        row = log_rows(nomination, "return_for_amendment").get()
        assert (row.by, row.description) == (office["screener"], "Add the test report.")
    assert state_of(eligible) == S.ELIGIBLE
    assert not log_rows(eligible, "return_for_amendment").exists()

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {english.nominator.email, chinese.nominator.email}
    assert "Changes requested: " in by_recipient[english.nominator.email].subject
    assert "提名退回修改：" in by_recipient[chinese.nominator.email].subject
    assert by_recipient[chinese.nominator.email].body.startswith("尊敬的")
    for message in mail.outbox:
        assert "Add the test report." in message.body
    notes = messages_of(response)
    assert any("2 nominations returned for amendment" in note for note in notes)
    assert any("1 nomination was skipped" in note and eligible.reference in note for note in notes)


@pytest.mark.django_db
def test_bulk_reject_with_a_reason(client, office, make, django_capture_on_commit_callbacks):
    first, second = make(), make(language="zh-hans")
    withdrawn = make(steps=("submit", "withdraw"))
    target = bulk_url("reject", first, second, withdrawn)
    login(client, office["admin"])
    page = client.get(target).content.decode()
    assert "The nominator is emailed the reason at once" in page
    assert "Yes, reject and email the nominators" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"message": "Outside the city region."})
    assert response.status_code == 302
    for nomination in (first, second):
        nomination.refresh_from_db()
        assert nomination.state == S.INELIGIBLE
        assert nomination.screener_message == "Outside the city region."
        assert log_rows(nomination, "reject").get().by == office["admin"]
    assert state_of(withdrawn) == S.WITHDRAWN
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.nominator.email, second.nominator.email])
    chinese = next(message for message in mail.outbox if message.to == [second.nominator.email])
    assert chinese.subject.split("] ", 1)[-1].startswith("提名不符合条件：")
    notes = messages_of(response)
    assert any("2 nominations rejected as ineligible" in note for note in notes)
    assert any(withdrawn.reference in note for note in notes)


@pytest.mark.django_db
def test_bulk_accept_says_what_it_does_before_it_does_it(client, office, make):
    nomination = make()
    page = login(client, office["screener"]).get(bulk_url("accept", nomination)).content.decode()
    assert "emailed at once that the nomination goes forward to the judges" in page
    assert "Yes, accept" in page
    assert state_of(nomination) == S.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("reject", {"message": ""}, "message"),
        ("reject", {"message": "   "}, "message"),
        ("return", {"message": "", "deadline": "2099-01-01 10:00"}, "message"),
        ("return", {"message": "Add the report.", "deadline": ""}, "deadline"),
        ("return", {"message": "Add the report.", "deadline": "not a date"}, "deadline"),
    ],
)
def test_bulk_decision_without_its_message_or_deadline_is_a_form_error(
    client, office, make, action, data, field, django_capture_on_commit_callbacks
):
    nomination = make()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, office["screener"]).post(bulk_url(action, nomination), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert state_of(nomination) == S.SUBMITTED
    assert mail.outbox == []


@pytest.mark.django_db
def test_bulk_return_with_a_past_deadline_is_refused(client, office, make):
    nomination = make()
    yesterday = stamp(timezone.now() - timedelta(days=1))
    response = login(client, office["screener"]).post(
        bulk_url("return", nomination), {"message": "Add the report.", "deadline": yesterday}
    )
    assert response.status_code == 200
    assert "Set an amendment deadline in the future." in response.content.decode()
    assert state_of(nomination) == S.SUBMITTED


@pytest.mark.django_db
def test_bulk_decision_on_drafts_unknown_or_malformed_ids_is_not_found(client, office, make):
    draft = make(steps=())
    login(client, office["screener"])
    base = bulk_url("reject").rstrip("?")
    for query in (f"?id={draft.pk}", "?id=999999", "?id=abc", ""):
        assert client.get(base + query).status_code == 404
        assert client.post(base + query, {"message": "No."}).status_code == 404
    assert state_of(draft) == S.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "judge"])
def test_bulk_return_and_reject_are_only_for_the_awards_office(client, office, make, role):
    nomination = make()
    login(client, office[role])
    for action, data in (("reject", {"message": "No."}), ("return", {"message": "No.", "deadline": "2099-01-01"})):
        response = client.post(bulk_url(action, nomination), data)
        # Editors: the admin does not show them this nomination; judges have no admin.
        assert response.status_code in (302, 404)
        assert response.status_code == (404 if role == "editor" else 302)
    assert state_of(nomination) == S.SUBMITTED
    assert not log_rows(nomination, "reject").exists()


@pytest.mark.django_db
def test_bulk_action_with_nothing_waiting_offers_only_going_back(client, office, make):
    eligible = make(steps=("submit", "accept"))
    page = login(client, office["screener"]).get(bulk_url("reject", eligible)).content.decode()
    assert "(will be skipped)" in page
    assert 'name="message"' not in page
    assert "Go back" in page
