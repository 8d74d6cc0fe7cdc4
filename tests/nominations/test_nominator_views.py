import json
from datetime import timedelta

import pytest

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.models import Nomination
from outbox.models import OutgoingEmail
from tests.factories import CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers import NOMINEE


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.mark.django_db
def test_call_page_nominate_button_leads_to_the_form(client, call):
    html = client.get(call.url).content.decode()
    assert f'href="/nominate/{call.pk}/"' in html
    response = client.get(f"/nominate/{call.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/nominate/{call.pk}/"


@pytest.mark.django_db
def test_start_saves_a_draft_and_a_double_click_makes_one(client, call, nominator):
    client.force_login(nominator)
    token = client.get(f"/nominate/{call.pk}/").context["form_token"]
    data = {**NOMINEE, "form_token": token, "continue": "1"}
    first = client.post(f"/nominate/{call.pk}/", data)
    second = client.post(f"/nominate/{call.pk}/", data)
    nomination = Nomination.objects.get()
    assert first["Location"] == f"/nominations/{nomination.pk}/edit/innovation/"
    assert second["Location"] == f"/nominations/{nomination.pk}/edit/nominee/"
    assert (nomination.state, nomination.nominee_name, nomination.nominator) == (
        "draft",
        "Datong Graphene Co.",
        nominator,
    )
    assert nomination.reference is None


@pytest.mark.django_db
def test_start_refused_when_the_call_is_closed(client, call, nominator):
    call.closes_at = timezone.now()
    call.save()
    client.force_login(nominator)
    response = client.post(f"/nominate/{call.pk}/", {**NOMINEE, "form_token": "t"})
    assert response.status_code == 302
    assert response["Location"] == call.url
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_too_long_text_is_a_form_error_and_keeps_what_was_saved(client, nominator, call):
    nomination = NominationFactory(call=call, nominator=nominator, summary="The saved summary.")
    client.force_login(nominator)
    response = client.post(
        f"/nominations/{nomination.pk}/edit/innovation/",
        {"title": "New title", "summary": "x" * 301, "description": "d", "novelty": "n"},
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters (it has 301)." in response.content.decode()
    assert 'value="New title"' in response.content.decode()  # what was typed is shown again
    nomination.refresh_from_db()
    assert (nomination.summary, nomination.title.startswith("Graphene coating")) == ("The saved summary.", True)


@pytest.mark.django_db
def test_autosave_saves_a_valid_step_and_refuses_an_invalid_one(client, nominator, call):
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    url = f"/nominations/{nomination.pk}/edit/impact/"
    ok = client.post(
        url, {"results": "Costs down 50%.", "stage": "pilot", "evidence": "e"}, headers={"X-Autosave": "1"}
    )
    assert ok.status_code == 200
    assert json.loads(ok.content)["saved"] is True
    bad = client.post(url, {"results": "r", "stage": "moon", "evidence": "e"}, headers={"X-Autosave": "1"})
    assert bad.status_code == 400
    assert "stage" in json.loads(bad.content)["errors"]
    nomination.refresh_from_db()
    assert (nomination.results, nomination.stage) == ("Costs down 50%.", "pilot")


@pytest.mark.django_db
def test_what_was_typed_survives_an_expired_session(client, nominator, call):
    nomination = NominationFactory(call=call, nominator=nominator)
    url = f"/nominations/{nomination.pk}/edit/innovation/"
    typed = {"title": "Typed while signed out", "summary": "s", "description": "d", "novelty": "n"}
    response = client.post(url, typed)  # the session has expired: anonymous now
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    client.post("/accounts/login/", {"login": nominator.email, "password": "correct horse battery staple"})
    page = client.get(url)
    assert 'value="Typed while signed out"' in page.content.decode()
    assert "We kept what you typed" in page.content.decode()
    nomination.refresh_from_db()
    assert nomination.title != "Typed while signed out"  # kept for review, saved only on save


@pytest.mark.django_db
def test_review_lists_what_is_missing_and_refuses_to_submit(client, nominator, call):
    nomination = NominationFactory(call=call, nominator=nominator, novelty="", consent_processing=False)
    client.force_login(nominator)
    html = client.get(f"/nominations/{nomination.pk}/review/").content.decode()
    assert "2 answers are missing" in html
    assert f'href="/nominations/{nomination.pk}/edit/innovation/">What is new</a>' in html
    assert "Submit the nomination" not in html
    response = client.post(f"/nominations/{nomination.pk}/submit/", follow=True)
    assert "Some required answers are still missing" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == "draft"


@pytest.mark.django_db
def test_submit_sends_one_receipt_with_the_reference_even_when_clicked_twice(
    client, nominator, call, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/nominations/{nomination.pk}/submit/", follow=True)
        second = client.post(f"/nominations/{nomination.pk}/submit/", follow=True)
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert nomination.reference == f"{call.cycle.year}-TEC-0001"
    assert f"Your reference is {nomination.reference}" in first.content.decode()
    assert "already submitted" in second.content.decode()
    # One receipt to the nominator, one request to the nominee to confirm (nominations.consent).
    assert [m.to for m in mail.outbox] == [[nominator.email], [nomination.nominee_email]]
    assert mail.outbox[0].subject == f"[Innovation Awards] Nomination received: {nomination.reference}"
    assert nomination.reference in mail.outbox[0].body
    assert mail.outbox[0].to == [nominator.email]


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_fail_the_submission(
    client, nominator, call, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_EMAIL_BACKEND = "tests.support.BrokenEmailBackend"
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nominations/{nomination.pk}/submit/")
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    # The receipt was tried and kept for the administrators (outbox), not lost.
    receipt = OutgoingEmail.objects.get(recipients=nominator.email)
    assert (receipt.status, receipt.attempts, receipt.recipients) == ("failed", 5, nominator.email)
    assert receipt.subject == f"[Innovation Awards] Nomination received: {nomination.reference}"


@pytest.mark.django_db
def test_returned_nomination_is_edited_and_resubmitted(client, nominator, in_state, screener):
    from nominations import services

    nomination = in_state("submitted")
    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message="Please add the lab report.",
        deadline=timezone.now() + timedelta(days=5),
    )
    client.force_login(nominator)
    mine = client.get("/nominations/").content.decode()
    assert "Changes requested" in mine
    assert "Edit and resubmit" in mine
    step = client.get(f"/nominations/{nomination.pk}/edit/impact/").content.decode()
    assert "Please add the lab report." in step
    client.post(f"/nominations/{nomination.pk}/edit/impact/", {"results": "r", "stage": "pilot", "evidence": "Lab"})
    client.post(f"/nominations/{nomination.pk}/submit/")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.evidence) == ("submitted", "Lab")


@pytest.mark.django_db
def test_submitted_nomination_cannot_be_edited(client, nominator, in_state):
    nomination = in_state("submitted")
    client.force_login(nominator)
    response = client.post(f"/nominations/{nomination.pk}/edit/innovation/", {"title": "Changed"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.title != "Changed"


@pytest.mark.django_db
def test_withdraw_asks_first_then_withdraws_and_emails(client, nominator, in_state, django_capture_on_commit_callbacks):
    nomination = in_state("submitted")
    client.force_login(nominator)
    assert "Withdraw the nomination?" in client.get(f"/nominations/{nomination.pk}/withdraw/").content.decode()
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nominations/{nomination.pk}/withdraw/", {"reason": "Duplicate."})
    nomination.refresh_from_db()
    assert nomination.state == "withdrawn"
    assert [m.subject for m in mail.outbox] == [f"[Innovation Awards] Nomination withdrawn {nomination.reference}"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/nominations/{pk}/",
        "/nominations/{pk}/edit/nominee/",
        "/nominations/{pk}/edit/files/",
        "/nominations/{pk}/review/",
        "/nominations/{pk}/withdraw/",
    ],
)
def test_another_users_nomination_is_404(client, nominator, call, url):
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(UserFactory(email="intruder@example.net"))
    assert client.get(url.format(pk=nomination.pk)).status_code == 404
    assert client.post(url.format(pk=nomination.pk), {"title": "x"}).status_code in (404, 405)
    assert client.post(f"/nominations/{nomination.pk}/submit/").status_code == 404
    nomination.refresh_from_db()
    assert nomination.state == "draft"


@pytest.mark.django_db
def test_unknown_step_is_404(client, nominator, call):
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    assert client.get(f"/nominations/{nomination.pk}/edit/secrets/").status_code == 404


def _count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# Session, user, the count for pagination, the nominations with their call, category,
# cycle and file count in one query, the menu (site, pages), the two-factor check (one
# query, on every signed-in page: it also tells the menu whether to link to judging and
# the page whether to show Wagtail's user bar, which read four more before), the site
# settings (the header shows the awards' name in the reader's language).
MY_NOMINATIONS_QUERIES = 8


@pytest.mark.django_db
def test_my_nominations_query_count_is_pinned_at_two_sizes(client, nominator, in_state):
    client.force_login(nominator)
    for state in ("draft", "submitted"):
        in_state(state)
    small = _count_queries(client, "/nominations/")
    for state in ("draft", "submitted", "returned", "eligible", "withdrawn", "ineligible", "commended") * 2:
        in_state(state)
    large = _count_queries(client, "/nominations/")
    assert (small, large) == (MY_NOMINATIONS_QUERIES, MY_NOMINATIONS_QUERIES)


@pytest.mark.django_db
def test_my_nominations_speaks_plain_words_and_hides_results_before_announcement(client, nominator, in_state):
    in_state("draft")
    in_state("commended")
    client.force_login(nominator)
    html = client.get("/nominations/").content.decode()
    assert "Not sent yet. Complete it and submit it before the call closes." in html
    assert "In judging" in html
    assert "Commended" not in html
