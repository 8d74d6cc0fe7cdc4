"""The awards office's screening actions in the Wagtail admin: accept, return, reject,
who may take them, and bulk accept."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.mfa import activate_totp
from nominations.models import Nomination
from tests.factories import UserFactory
from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import LIST_URL, S, log_rows, messages_of, state_of, url
from tests.support import with_role

# The shared fixtures (tests.nominations.helpers.screening), bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office
screener = screening.screener
screener_client = screening.screener_client


# Screening actions ------------------------------------------------------------------


@pytest.mark.django_db
def test_accept_makes_it_eligible_with_one_log_row_and_one_email(
    screener_client, screener, make, django_capture_on_commit_callbacks
):
    nomination = make()
    assert screener_client.get(url("accept", nomination.pk)).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(url("accept", nomination.pk), {"message": "Clean and complete."})
    assert response.status_code == 302
    assert response["Location"] == url("inspect", nomination.pk)
    assert state_of(nomination) == S.ELIGIBLE
    rows = list(log_rows(nomination, "accept"))
    assert len(rows) == 1
    assert rows[0].by == screener
    assert rows[0].description == "Clean and complete."
    assert len(mail.outbox) == 1
    assert "accepted" in mail.outbox[0].subject.lower()
    assert mail.outbox[0].to == [nomination.nominator.email]
    assert any("accepted" in message for message in messages_of(response))


@pytest.mark.django_db
def test_accepting_an_already_eligible_nomination_explains_and_logs_nothing(
    screener_client, screener, make, django_capture_on_commit_callbacks
):
    nomination = make(steps=("submit", "accept"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(url("accept", nomination.pk), {})
    assert response.status_code == 200
    assert "This cannot be done while the nomination is “Eligible”." in response.content.decode()
    assert log_rows(nomination, "accept").count() == 1
    assert state_of(nomination) == S.ELIGIBLE
    assert mail.outbox == []
    # The form page says so before anyone tries, too.
    body = screener_client.get(url("accept", nomination.pk)).content.decode()
    assert "This action is not available" in body


@pytest.mark.django_db
def test_return_requires_a_message_and_a_future_deadline(screener_client, make):
    nomination = make()
    form_page = screener_client.get(url("return_for_amendment", nomination.pk))
    assert form_page.status_code == 200
    week = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%d")
    assert week in form_page.content.decode()  # the default deadline: a week from now

    response = screener_client.post(url("return_for_amendment", nomination.pk), {"message": "", "deadline": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "message" in errors
    assert "deadline" in errors

    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = screener_client.post(
        url("return_for_amendment", nomination.pk), {"message": "Add the lab report.", "deadline": yesterday}
    )
    assert response.status_code == 200
    assert "Set an amendment deadline in the future." in response.content.decode()
    assert state_of(nomination) == S.SUBMITTED
    assert not log_rows(nomination, "return_for_amendment").exists()


@pytest.mark.django_db
def test_return_with_message_and_deadline(screener_client, screener, make, django_capture_on_commit_callbacks):
    nomination = make()
    deadline = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(
            url("return_for_amendment", nomination.pk),
            {"message": "Add the lab report.", "deadline": deadline.strftime("%Y-%m-%d %H:%M")},
        )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == S.RETURNED
    assert nomination.screener_message == "Add the lab report."
    assert nomination.amendment_deadline == deadline
    assert log_rows(nomination, "return_for_amendment").get().by == screener
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reject_requires_a_reason(screener_client, make, django_capture_on_commit_callbacks):
    nomination = make()
    response = screener_client.post(url("reject", nomination.pk), {"message": "  "})
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert state_of(nomination) == S.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(url("reject", nomination.pk), {"message": "Outside the city region."})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == S.INELIGIBLE
    assert nomination.screener_message == "Outside the city region."


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("Judges", 302), ("Editors", 404), (None, 302)])
def test_only_screeners_can_accept(client, make, role, status):
    # Without admin access: sent to sign in; editors: the admin shows them only winners.
    nomination = make()
    user = with_role(role, "someone@example.net") if role else UserFactory()
    client.force_login(user)
    for response in (client.get(url("accept", nomination.pk)), client.post(url("accept", nomination.pk), {})):
        assert response.status_code == status
    assert state_of(nomination) == S.SUBMITTED
    assert not log_rows(nomination, "accept").exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client, make):
    nomination = make()
    response = client.post(url("accept", nomination.pk), {})
    assert response.status_code == 302
    assert state_of(nomination) == S.SUBMITTED


@pytest.mark.django_db
def test_screening_a_draft_or_unknown_nomination_is_not_found(screener_client, make):
    draft = make(steps=())
    assert screener_client.post(url("accept", draft.pk), {}).status_code == 404
    assert screener_client.get(url("reject", 999999)).status_code == 404
    assert state_of(draft) == S.DRAFT


# Read-only for everyone -------------------------------------------------------------


@pytest.mark.django_db
def test_no_add_edit_copy_or_delete_even_for_a_superuser(client, make):
    nomination = make()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(superuser)  # the admin needs two factors
    client.force_login(superuser)
    base = LIST_URL
    for path in ("add/", f"edit/{nomination.pk}/", f"delete/{nomination.pk}/", f"copy/{nomination.pk}/"):
        assert client.get(base + path).status_code == 404
        assert client.post(base + path, {"title": "Changed"}).status_code == 404

    listing = client.get(LIST_URL).content.decode()
    assert "Add nomination" not in listing
    assert f"edit/{nomination.pk}/" not in listing
    bulk_delete = reverse("wagtail_bulk_action", args=["nominations", "nomination", "delete"])
    assert bulk_delete not in listing
    assert client.get(bulk_delete, {"id": nomination.pk}).status_code in (302, 403)
    assert client.post(bulk_delete + f"?id={nomination.pk}").status_code in (302, 403)
    assert Nomination.objects.filter(pk=nomination.pk).exists()

    inspect = client.get(url("inspect", nomination.pk)).content.decode()
    assert f"edit/{nomination.pk}/" not in inspect
    assert f"delete/{nomination.pk}/" not in inspect


# Bulk accept ------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_accept_accepts_the_submitted_and_skips_the_rest(
    screener_client, screener, make, django_capture_on_commit_callbacks
):
    first, second = make(), make()
    eligible = make(steps=("submit", "accept"))
    bulk_accept = reverse("wagtail_bulk_action", args=["nominations", "nomination", "accept"])
    assert bulk_accept in screener_client.get(LIST_URL).content.decode()
    query = f"?id={first.pk}&id={second.pk}&id={eligible.pk}"

    confirm = screener_client.get(bulk_accept + query)
    assert confirm.status_code == 200
    assert "(will be skipped)" in confirm.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = screener_client.post(bulk_accept + query)
    assert response.status_code == 302
    assert state_of(first) == state_of(second) == S.ELIGIBLE
    assert log_rows(eligible, "accept").count() == 1
    assert log_rows(first, "accept").get().by == screener
    assert len(mail.outbox) == 2
    notes = messages_of(response)
    assert any("2 nominations accepted" in note for note in notes)
    assert any("1 nomination was skipped" in note and eligible.reference in note for note in notes)


@pytest.mark.django_db
def test_bulk_accept_is_only_for_users_who_may_screen(client, make):
    nomination = make()
    reader = UserFactory(email="reader@example.net")
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="nominations", codename="view_nomination"),
    )
    activate_totp(reader)
    client.force_login(reader)
    winner = make(steps=("submit", "accept", "shortlist", "commend"))
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    # Outside the awards office the admin shows only winners (for their stories).
    assert winner.reference in listing.content.decode()
    assert nomination.reference not in listing.content.decode()
    bulk_accept = reverse("wagtail_bulk_action", args=["nominations", "nomination", "accept"])
    assert bulk_accept not in listing.content.decode()
    assert "bulk-action-checkbox" not in listing.content.decode()
    assert url("accept", winner.pk) not in client.get(url("inspect", winner.pk)).content.decode()
    assert client.get(url("inspect", nomination.pk)).status_code == 404
    assert client.get(bulk_accept + f"?id={nomination.pk}").status_code == 404
    client.post(bulk_accept + f"?id={nomination.pk}")
    assert state_of(nomination) == S.SUBMITTED
    assert not log_rows(nomination, "accept").exists()
