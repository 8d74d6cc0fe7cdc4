"""The admin's nominations listing, its filters, search and export at two data sizes: the
same number of queries for 3 rows as for 12, and an export that streams every row
(bench/admin_scale.py measures the same at 2,000 and 20,000)."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations import questions_export
from nominations.models import Category, NominationAnswer, NominationFile
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers.questions import ask, question
from tests.support import with_role

LIST_URL = "/admin/snippets/nominations/nomination/"
STATES = ["submitted", "eligible", "returned", "shortlisted"]


@pytest.fixture
def office_client(client, db):
    client.force_login(with_role("Awards administrators", "office@example.net"))
    return client


@pytest.fixture
def calls(call_index):
    cycle = AwardCycleFactory()
    made = {}
    for code in ("TEC", "MAT"):
        call = CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code=code))
        made[code] = (call, *ask(call, question("团队规模"), question("检测报告", "file")))
    return made


@pytest.fixture
def grow(calls):
    """Adds nominations up to `total` (titles and names in Chinese; every other one with
    an answer and a file), in both categories and several states; a draft each time,
    which the admin never shows."""
    made = []
    nominator = UserFactory()

    def build(total):
        while len(made) < total:
            n = len(made)
            code = "TEC" if n % 2 else "MAT"
            call, short, upload = calls[code]
            nomination = NominationFactory(
                call=call,
                nominator=nominator,
                state=STATES[n % len(STATES)],
                reference=f"{call.cycle.year}-{code}-{n:04d}",
                title=f"石墨烯涂层 第{n}号" if n % 3 == 0 else f"智能煤矿 第{n}号",
                nominee_name=f"王{n // 2}",  # two by two: possible duplicates
                nominee_organisation="大同新材料有限公司",
                submitted_at=timezone.now() - timedelta(hours=n),
            )
            if n % 2:
                NominationAnswer.objects.create(nomination=nomination, question_id=short, value=f"{n}人")
                NominationFile.objects.create(
                    nomination=nomination,
                    kind=NominationFile.Kind.DOCUMENT,
                    file=f"nominations/{nomination.pk}/report.pdf",
                    original_name=f"报告{n}.pdf",
                    content_type="application/pdf",
                    size=100,
                    question_id=upload,
                )
            made.append(nomination)
        NominationFactory(call=calls["TEC"][0], nominator=nominator, title="草稿")
        return made

    return build


def count_queries(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def listings(calls):
    call = calls["TEC"][0]
    return {
        "all": {},
        "state": {"state": "eligible"},
        "category": {"category": call.category_id},
        "cycle": {"cycle": call.cycle_id},
        "region": {"region": "datong"},
        "nominee type": {"nominee_type": "enterprise"},
        "four filters": {"cycle": call.cycle_id, "category": call.category_id, "state": "eligible", "q": "王"},
        "possible duplicates": {"possible_duplicates": "yes"},
        "Chinese search": {"q": "石墨烯"},
        "by reference": {"ordering": "reference"},
        "by state": {"ordering": "-state"},
    }


@pytest.mark.django_db
def test_listing_filters_and_search_cost_the_same_queries_at_3_and_12_rows(office_client, calls, grow):
    cases = listings(calls)
    grow(3)
    for params in cases.values():
        office_client.get(LIST_URL, params)  # warm per-process caches (content types, site)
    small = {name: count_queries(office_client, LIST_URL, params) for name, params in cases.items()}
    grow(12)
    large = {name: count_queries(office_client, LIST_URL, params) for name, params in cases.items()}
    assert large == small
    # A filter or a search costs no query of its own beyond the listing's, but for
    # checking a chosen cycle or category (one each) and the possible duplicates' ids
    # (one: nominations.screening.duplicates).
    extra = {"cycle": 1, "category": 1, "four filters": 2, "possible duplicates": 1}
    assert small == {name: small["all"] + extra.get(name, 0) for name in cases}
    # The results fragment the filters fetch: the same at both sizes too.
    assert count_queries(office_client, f"{LIST_URL}results/", {"state": "eligible"}) == count_queries(
        office_client, f"{LIST_URL}results/", {"state": "eligible"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_costs_the_same_queries_at_3_and_12_rows(office_client, grow, export):
    grow(3)
    office_client.get(LIST_URL, {"export": export})
    small = count_queries(office_client, LIST_URL, {"export": export})
    grow(12)
    assert count_queries(office_client, LIST_URL, {"export": export}) == small


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_csv_export_streams_every_row_with_its_own_answers_across_chunks(office_client, calls, grow, monkeypatch):
    # Rows are read five at a time here, so twelve rows take three chunks, each with its
    # own prefetched answers and files.
    monkeypatch.setattr(questions_export, "CHUNK_SIZE", 5)
    made = grow(12)
    response = office_client.get(LIST_URL, {"export": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="nominations.csv"'
    rows = csv_rows(response)
    headings = rows[0]
    assert headings[:4] == ["Reference", "State", "Category", "Cycle"]
    assert headings[-4:] == ["团队规模 (MAT)", "检测报告 (MAT)", "团队规模 (TEC)", "检测报告 (TEC)"]
    by_reference = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
    assert sorted(by_reference) == sorted(n.reference for n in made)  # every row once; no draft
    assert len(rows) == 13
    for n, nomination in enumerate(made):
        row = by_reference[nomination.reference]
        code = nomination.call.category.code
        assert row["Title of the innovation"] == nomination.title
        assert row["Nominee's name"] == f"王{n // 2}"
        assert row["Organisation"] == "大同新材料有限公司"
        assert row["Category"] == code
        assert row[f"团队规模 ({code})"] == (f"{n}人" if n % 2 else "")
        assert row[f"检测报告 ({code})"] == (f"报告{n}.pdf" if n % 2 else "")
        other = "MAT" if code == "TEC" else "TEC"
        assert row[f"团队规模 ({other})"] == row[f"检测报告 ({other})"] == ""


@pytest.mark.django_db
def test_csv_export_of_a_filtered_search_has_only_what_the_listing_shows(office_client, grow):
    made = grow(12)
    rows = csv_rows(office_client.get(LIST_URL, {"export": "csv", "q": "石墨烯", "state": "submitted"}))
    expected = {n.reference for n in made if "石墨烯" in n.title and n.state == "submitted"}
    assert expected
    assert {row[0] for row in rows[1:]} == expected


@pytest.mark.django_db
def test_xlsx_export_streams_a_complete_workbook_from_a_file(office_client, grow, monkeypatch):
    monkeypatch.setattr(questions_export, "CHUNK_SIZE", 5)
    made = grow(12)
    response = office_client.get(LIST_URL, {"export": "xlsx"})
    assert isinstance(response, FileResponse)  # a StreamingHttpResponse over a temporary file
    assert isinstance(response, StreamingHttpResponse)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    headings = rows[0]
    by_reference = {row[0]: dict(zip(headings, row, strict=True)) for row in rows[1:]}
    assert sorted(by_reference) == sorted(n.reference for n in made)
    third = made[3]
    row = by_reference[third.reference]
    assert row["Title of the innovation"] == third.title == "石墨烯涂层 第3号"
    assert row["团队规模 (TEC)"] == "3人"
    assert row["检测报告 (TEC)"] == "报告3.pdf"


@pytest.mark.django_db
def test_chinese_search_finds_words_inside_titles_names_and_organisations(office_client, grow):
    made = grow(12)

    def found(query):
        body = office_client.get(LIST_URL, {"q": query}).content.decode()
        return {n.reference for n in made if n.reference in body}

    assert found("石墨烯") == {n.reference for n in made if "石墨烯" in n.title}
    assert found("煤矿") == {n.reference for n in made if "煤矿" in n.title}
    assert found("王3") == {made[6].reference, made[7].reference}
    assert found("新材料") == {n.reference for n in made}
    assert found(made[5].reference) == {made[5].reference}
    assert found("没有这个") == set()
