"""Messages to nominators: the filters choose exactly the right people (each once), each reads
their own language, everything is logged, and a second click sends nothing more."""

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from nominations.models import Category, Nomination
from office.models import MessageRecipient, NominatorMessage
from office.tasks import send_nominator_message
from tests.factories import AwardCycleFactory, CallPageFactory
from tests.office.helpers.messages import (
    COMPOSE,
    admin_client,
    administrator,
    draft,
    form_data,
    person,
    preview,
    send,
    soon,
    submitted,
)
from tests.support import with_role

__all__ = ["admin_client", "administrator", "soon"]

pytestmark = pytest.mark.django_db

DRAFTS_CLOSING = {"states": ["draft"], "closes_within_days": "3"}


@pytest.fixture
def people(soon):
    closing, later = soon
    mei = person("zh-hans", first_name="Mei", last_name="Lin")
    ada = person("en", first_name="Ada", last_name="Byrne")
    two = [draft(closing, nominator=ada), draft(closing, nominator=ada)]  # two drafts: one email
    one = draft(closing, nominator=mei)
    others = {
        "submitted": submitted(closing, nominator=person()),
        "later": draft(later, nominator=person()),
        "inactive": draft(closing, nominator=person(is_active=False)),
        "no_email": draft(closing, nominator=person(email="")),
    }
    return {"mei": mei, "ada": ada, "drafts": [*two, one], "others": others}


def test_the_preview_counts_each_person_once_and_shows_no_drafts_contents(admin_client, people):
    response = preview(admin_client, form_data(DRAFTS_CLOSING))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-people="2" data-nominations="3"' in page
    assert "This message will be emailed to 2 people (3 matching nominations)." in page
    assert f'data-sample="{people["ada"].pk}"' in page
    assert f'data-sample="{people["mei"].pk}"' in page
    for nomination in Nomination.objects.all():
        assert nomination.title not in page  # a draft's contents are its nominator's
    assert "This cannot be undone" in page
    assert 'name="send"' in page
    assert not NominatorMessage.objects.exists()  # a preview sends nothing
    assert mail.outbox == []


def test_drafts_in_a_call_closing_within_three_days_reach_their_owners_in_their_language(
    admin_client, people, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(admin_client, form_data(DRAFTS_CLOSING), people=2)

    message = NominatorMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office_messages:detail", args=[message.pk])
    # Exactly the two owners, once each, in their own language.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["ada"].email, people["mei"].email])
    by_person = {m.to[0]: m for m in mail.outbox}
    english, chinese = by_person[people["ada"].email], by_person[people["mei"].email]
    assert english.subject.endswith("] Your call closes soon")
    assert english.body.startswith("Dear Ada Byrne,\n\nPlease submit your nomination before the call closes.")
    assert chinese.subject.endswith("] 提名即将截止")
    assert chinese.body.startswith("尊敬的")
    assert "请在截止前提交您的提名。" in chinese.body
    assert "Please submit" not in chinese.body
    # The log: the message, its filters in JSON and in words, one row per person.
    assert message.created_by == administrator
    assert message.recipient_count == 2
    assert message.nomination_count == 3
    assert message.filters["states"] == ["draft"]
    assert message.filters["closes_within_days"] == 3
    assert message.filters_text == "state: Draft; the call closes within 3 days"
    assert message.status == NominatorMessage.Status.SENT
    assert message.sent_at is not None
    rows = {row.user_id: row for row in MessageRecipient.objects.filter(message=message)}
    assert set(rows) == {people["ada"].pk, people["mei"].pk}
    assert rows[people["ada"].pk].language == "en"
    assert rows[people["mei"].pk].language == "zh-hans"
    assert {n.pk for n in rows[people["ada"].pk].nominations.all()} == {n.pk for n in people["drafts"][:2]}
    assert [n.pk for n in rows[people["mei"].pk].nominations.all()] == [people["drafts"][2].pk]
    assert all(row.sent_at is not None for row in rows.values())


def test_a_language_left_empty_is_replaced_by_the_other(admin_client, soon, django_capture_on_commit_callbacks):
    reader = person("en", first_name="Ada", last_name="Byrne")
    draft(soon[0], nominator=reader)
    data = form_data(DRAFTS_CLOSING, texts={"subject_en": "", "body_en": "", "greet": ""})

    with django_capture_on_commit_callbacks(execute=True):
        send(admin_client, data, people=1)

    [message] = mail.outbox
    assert message.subject.endswith("] 提名即将截止")
    assert message.body.startswith("请在截止前提交您的提名。")  # no greeting asked for


def test_a_second_click_on_send_sends_nothing_more(admin_client, people, django_capture_on_commit_callbacks):
    data = form_data(DRAFTS_CLOSING)
    with django_capture_on_commit_callbacks(execute=True):
        first = send(admin_client, data, people=2)
        second = send(admin_client, data, people=2)

    assert NominatorMessage.objects.count() == 1
    assert len(mail.outbox) == 2
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_the_task_run_again_emails_nobody_twice(admin_client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(admin_client, form_data(DRAFTS_CLOSING), people=2)
    message = NominatorMessage.objects.get()

    assert send_nominator_message.enqueue(message_id=message.pk).return_value == 0
    assert len(mail.outbox) == 2


def test_an_account_closed_before_the_sending_is_skipped(admin_client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(admin_client, form_data(DRAFTS_CLOSING), people=2)
    people["mei"].is_active = False
    people["mei"].save()
    for callback in callbacks:
        callback()

    assert [m.to for m in mail.outbox] == [[people["ada"].email]]
    skipped = MessageRecipient.objects.get(user=people["mei"])
    assert skipped.skipped and skipped.sent_at is None
    assert NominatorMessage.objects.get().status == NominatorMessage.Status.SENT


def test_filters_matching_nobody_say_so(admin_client, soon):
    submitted(soon[0])
    response = preview(admin_client, form_data(DRAFTS_CLOSING))

    assert response.status_code == 200
    assert "No nominator matches these filters: nobody would receive this message." in response.content.decode()
    assert 'name="send"' not in response.content.decode()


def test_sending_to_nobody_sends_nothing(admin_client, soon):
    response = send(admin_client, form_data(DRAFTS_CLOSING), people=1)

    assert response.status_code == 200
    assert "No nominator matches these filters" in response.content.decode()
    assert not NominatorMessage.objects.exists()


def test_if_the_numbers_changed_since_the_preview_it_is_shown_again(admin_client, people):
    response = send(admin_client, form_data(DRAFTS_CLOSING), people=1)

    assert response.status_code == 200
    assert "The number of people changed since you last looked" in response.content.decode()
    assert 'data-people="2"' in response.content.decode()
    assert not NominatorMessage.objects.exists()


def test_cycle_category_and_state_filters(admin_client, call_index):
    cycle = AwardCycleFactory()
    tec = CallPageFactory(parent=call_index, cycle=cycle)
    mat = CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code="MAT"))
    other_cycle = CallPageFactory(parent=call_index)
    wanted = submitted(tec)
    submitted(mat)
    submitted(other_cycle)
    draft(tec)
    filters = {"cycle": cycle.pk, "category": tec.category.pk, "states": ["submitted", "returned"]}

    response = preview(admin_client, form_data(filters))

    page = response.content.decode()
    assert 'data-people="1" data-nominations="1"' in page
    assert f'data-sample="{wanted.nominator.pk}"' in page
    assert wanted.reference in page


def test_results_stay_secret_until_the_announcement(admin_client, call_index):
    cycle = AwardCycleFactory()
    response = preview(admin_client, form_data({"cycle": cycle.pk, "states": ["commended"]}))

    assert response.status_code == 200
    assert "stay secret until the cycle" in response.content.decode()
    assert 'name="send"' not in response.content.decode()


def test_a_subject_and_a_message_are_needed_in_one_language(admin_client, soon):
    empty = {"subject_zh_hans": "", "body_zh_hans": "", "subject_en": " ", "body_en": ""}
    response = preview(admin_client, form_data(DRAFTS_CLOSING, texts=empty))

    page = response.content.decode()
    assert "Write the subject in at least one language." in page
    assert "Write the message in at least one language." in page


def test_the_detail_lists_who_received_it_without_drafts_contents(
    admin_client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(admin_client, form_data(DRAFTS_CLOSING), people=2)
    message = NominatorMessage.objects.get()

    page = admin_client.get(reverse("office_messages:detail", args=[message.pk])).content.decode()

    assert f'data-recipient="{people["ada"].pk}"' in page
    assert f'data-recipient="{people["mei"].pk}"' in page
    assert "请在截止前提交您的提名。" in page and "Please submit your nomination" in page
    assert 'data-status="sent"' in page
    assert 'id="version-zh-hans-section"' in page and 'id="version-en-section"' in page
    for nomination in people["drafts"]:
        assert nomination.title not in page
    listing = admin_client.get(reverse("office_messages:index")).content.decode()
    assert f'data-message="{message.pk}"' in listing
    assert "state: Draft; the call closes within 3 days" in listing


def test_an_unknown_message_is_a_404(admin_client):
    assert admin_client.get(reverse("office_messages:detail", args=[999999])).status_code == 404


def test_the_compose_page_opens_with_a_fresh_token(admin_client):
    first = admin_client.get(COMPOSE).content.decode()
    second = admin_client.get(COMPOSE).content.decode()
    token = 'name="token" value="'
    assert token in first
    assert first.split(token)[1][:36] != second.split(token)[1][:36]


def test_back_to_the_message_keeps_what_was_written(admin_client, people):
    response = admin_client.post(COMPOSE, {**form_data(DRAFTS_CLOSING), "people": "2", "edit": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "data-compose" in page
    assert "Please submit your nomination before the call closes." in page
    assert 'value="5e0b1bb5-3f2c-4d8e-9a55-6c4a7f1b2e01"' in page  # the same message: one token
    assert not NominatorMessage.objects.exists()


def test_only_administrators_see_the_menu_item(client, admin_client):
    assert reverse("office_messages:index") in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(with_role("Screeners", "screener@example.net"))
    assert reverse("office_messages:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


# Listings keep a fixed number of queries ------------------------------------------------


def _messages(count, by):
    for n in range(count):
        message = NominatorMessage.objects.create(
            subject_en=f"Message {n}", body_en="Text", filters_text="Every nominator", created_by=by
        )
        for _ in range(2):
            MessageRecipient.objects.create(message=message, user=person(), language="en", sent_at=timezone.now())


@pytest.mark.parametrize("count", [2, 12])
def test_the_sent_messages_listing_has_a_fixed_number_of_queries(
    admin_client, administrator, count, django_assert_num_queries
):
    _messages(count, administrator)
    admin_client.get(reverse("office_messages:index"))  # warm the session and the admin's caches
    with django_assert_num_queries(QUERIES["index"]):
        response = admin_client.get(reverse("office_messages:index"))
    assert response.content.decode().count("data-message=") == count


@pytest.mark.parametrize("count", [2, 12])
def test_a_messages_recipients_have_a_fixed_number_of_queries(
    admin_client, administrator, soon, count, django_assert_num_queries
):
    message = NominatorMessage.objects.create(subject_en="Hello", body_en="Text", created_by=administrator)
    for _ in range(count):
        row = MessageRecipient.objects.create(message=message, user=person(), language="en")
        row.nominations.add(draft(soon[0], nominator=row.user), submitted(soon[0], nominator=row.user))
    url = reverse("office_messages:detail", args=[message.pk])
    admin_client.get(url)
    with django_assert_num_queries(QUERIES["detail"]):
        response = admin_client.get(url)
    assert response.content.decode().count("data-recipient=") == count


QUERIES = {"index": 14, "detail": 16}
