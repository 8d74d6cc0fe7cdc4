"""The awards office's screening side in the Wagtail admin: listing, export, inspect,
the screening actions and bulk accept."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django_fsm_log.models import StateLog

from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.mfa import activate_totp
from nominations.models import Category, Nomination, NominationFile, NominationState
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory, advance
from tests.judging.helpers import messages_of
from tests.support import with_role

S = NominationState
NS = "wagtailsnippets_nominations_nomination"
LIST_URL = "/admin/snippets/nominations/nomination/"

# The listing's queries do not depend on how many rows it shows; this is the number for
# a screener (session, user, groups, permissions, the two-factor check (the user's
# authenticators), menu, filters, count, one page of rows, the locales Wagtail's admin
# lists once the site has two languages, the possible duplicates of the page's rows
# (nominations.screening.duplicates: one query), and the user's groups (asked by the
# "Messages to nominators" menu item)).
LISTING_QUERIES = 16


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


@pytest.fixture
def screener(db):
    return with_role("Screeners", "screener@example.net")


@pytest.fixture
def screener_client(client, screener):
    client.force_login(screener)
    return client


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def calls(call_index, cycle):
    return {
        code: CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code=code))
        for code in ("TEC", "MAT")
    }


@pytest.fixture
def make(calls):
    """A nomination in the given category, moved through `steps` (default: submitted)."""

    def build(category="TEC", steps=("submit",), by=None, **fields):
        nominator = UserFactory()
        nomination = NominationFactory(call=calls[category], nominator=nominator, **fields)
        for step in steps:
            advance(nomination, step, by=nominator if step == "submit" else by)
        return nomination

    return build


def state_of(nomination):
    return Nomination.objects.values_list("state", flat=True).get(pk=nomination.pk)


def log_rows(nomination, transition):
    return StateLog.objects.filter(object_id=nomination.pk, transition=transition)


# Listing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_listing_shows_submitted_nominations_but_never_drafts(screener_client, make):
    submitted = make(title="Solar road tiles")
    draft = make(steps=(), title="Secret draft idea")
    response = screener_client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert submitted.reference in body
    assert "Solar road tiles" in body
    assert "Submitted" in body
    assert "Secret draft idea" not in body
    assert screener_client.get(url("inspect", draft.pk)).status_code == 404


@pytest.mark.django_db
def test_listing_filters_by_state_and_category(screener_client, make, screener):
    tec = make(category="TEC", title="Tech one")
    mat = make(category="MAT", title="Materials one")
    eligible = make(category="TEC", steps=("submit", "accept"), by=screener, title="Accepted one")

    body = screener_client.get(LIST_URL, {"state": "eligible"}).content.decode()
    assert eligible.reference in body
    assert tec.reference not in body
    assert mat.reference not in body

    category = Category.objects.get(code="MAT")
    body = screener_client.get(LIST_URL, {"category": category.pk}).content.decode()
    assert mat.reference in body
    assert tec.reference not in body
    assert eligible.reference not in body

    # Drafts are not even offered as a state to filter by.
    assert 'value="draft"' not in screener_client.get(LIST_URL).content.decode()


@pytest.mark.django_db
def test_search_by_reference(screener_client, make):
    first, second = make(), make()
    response = screener_client.get(url("list_results"), {"q": second.reference})
    body = response.content.decode()
    assert second.reference in body
    assert first.reference not in body


@pytest.mark.django_db
def test_search_by_nominee_organisation(screener_client, make):
    hit = make(nominee_organisation="Yungang Robotics")
    miss = make()
    body = screener_client.get(url("list_results"), {"q": "yungang"}).content.decode()
    assert hit.reference in body
    assert miss.reference not in body


@pytest.mark.django_db
def test_csv_export_has_headings_and_the_answers(screener_client, make):
    nomination = make(title="=HYPERLINK(evil)")
    make(steps=(), title="Secret draft idea")
    response = screener_client.get(LIST_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="nominations.csv"'
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Reference", "State", "Category", "Cycle"]
    assert "Nominator's email" in rows[0]
    assert len(rows) == 2  # the heading and one nomination: drafts are not exported
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == nomination.reference
    assert row["State"] == "Submitted"
    assert row["Category"] == "TEC"
    assert row["Cycle"] == str(nomination.call.cycle.year)
    assert row["Nominator's email"] == nomination.nominator.email
    # A formula typed by the public stays text in a spreadsheet program.
    assert row["Title of the innovation"] == "'=HYPERLINK(evil)"


@pytest.mark.django_db
def test_xlsx_export_is_a_valid_workbook(screener_client, make):
    nomination = make()
    response = screener_client.get(LIST_URL, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == nomination.reference
    assert len(rows) == 2


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_rows(screener_client, make):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = screener_client.get(LIST_URL)
        assert response.status_code == 200
        return len(queries)

    for _ in range(3):
        make()
    screener_client.get(LIST_URL)  # warm per-process caches (content types, site)
    with_three = measure()
    for _ in range(9):
        make(category="MAT")
    with_twelve = measure()
    assert with_three == with_twelve == LISTING_QUERIES


# Inspect ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_inspect_shows_fields_files_and_history(screener_client, make):
    nomination = make(
        nominee_name="Datong Graphene Works", evidence="Lab report no. 42", partner_organisations="Shanxi University"
    )
    NominationFile.objects.create(
        nomination=nomination,
        kind=NominationFile.Kind.DOCUMENT,
        file=f"nominations/{nomination.pk}/report.pdf",
        original_name="test-report.pdf",
        content_type="application/pdf",
        size=2048,
    )
    response = screener_client.get(url("inspect", nomination.pk))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (nomination.reference, "Datong Graphene Works", "Lab report no. 42", "Shanxi University"):
        assert text in body
    for heading in ("Nominee", "Innovation", "Impact", "Declarations", "Files", "History"):
        assert heading in body
    assert "test-report.pdf" in body
    assert "2.0\xa0KB" in body or "2.0 KB" in body
    assert body.count("data-history-row") == 1  # draft -> submitted
    assert nomination.nominator.email in body
    # The three screening actions are offered for a submitted nomination.
    for name in ("accept", "return_for_amendment", "reject"):
        assert url(name, nomination.pk) in body


@pytest.mark.django_db
def test_inspect_history_is_oldest_first_with_messages(screener_client, make, screener):
    nomination = make()
    with_message = timezone.now() + timedelta(days=3)
    from nominations import services

    services.screen(
        nomination_id=nomination.pk,
        user=screener,
        action="return",
        message="Add the lab report.",
        deadline=with_message,
    )
    body = screener_client.get(url("inspect", nomination.pk)).content.decode()
    assert body.count("data-history-row") == 2
    assert body.index("Submitted") < body.index("Add the lab report.")
    assert "Returned for amendment" in body
    # Nothing left to screen: no action buttons.
    assert url("accept", nomination.pk) not in body


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
    nomination = make(steps=("submit", "accept"), by=screener)
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
    eligible = make(steps=("submit", "accept"), by=screener)
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
    winner = make(steps=("submit", "accept", "shortlist", "commend"), by=None)
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
