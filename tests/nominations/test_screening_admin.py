"""The awards office's screening side in the Wagtail admin: the listing, its export and
the inspect page (the screening actions: test_screening_actions.py)."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.models import Category, NominationFile
from tests.nominations.helpers import screening
from tests.nominations.helpers.screening import LIST_URL, url

# The shared fixtures (tests.nominations.helpers.screening), bound here so pytest finds them.
calls = screening.calls
cycle = screening.cycle
make = screening.make
office = screening.office
screener = screening.screener
screener_client = screening.screener_client

# The listing's queries do not depend on how many rows it shows; this is the number for
# a screener (session, user, groups, permissions, the two-factor check (the user's
# authenticators), menu, filters, count, one page of rows, the locales Wagtail's admin
# lists once the site has two languages, the possible duplicates of the page's rows
# (nominations.screening.duplicates: one query), and the user's groups (asked by the
# "Messages to nominators" menu item)).
LISTING_QUERIES = 16


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
    eligible = make(category="TEC", steps=("submit", "accept"), title="Accepted one")

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
