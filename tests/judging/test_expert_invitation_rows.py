# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Reading the experts to invite (judging.experts.invitation_rows, through the admin's
InviteExpertsForm): a pasted list in its several forms, .csv (UTF-8 with or without BOM,
GB18030) and .xlsx with English or Chinese headers; every bad line named by its number;
corrupt workbooks, zip bombs, oversized and other files refused as form errors."""

import csv
import io
import zipfile

import openpyxl
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from judging.experts import invitation_rows
from judging.experts.invitation_forms import InviteExpertsForm

# Reading a pasted list -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_form_of_pasted_line_is_read():
    rows, errors = invitation_rows.parse_text(
        "\n  plain@example.org  \n\n"
        '"Wang Fang" <Wang.Fang@Example.cn>\n'
        "zhao@example.cn, 赵六, 河北工业大学, 中文\n"
        "kim@example.org\tKim Lee\tSeoul Lab\tEnglish\n"
        "amy@example.org，Amy，Fudan，zh\n"
    )
    assert errors == []
    assert [(r.line, r.email, r.name, r.organisation, r.language) for r in rows] == [
        (2, "plain@example.org", "", "", ""),
        (4, "wang.fang@example.cn", "Wang Fang", "", ""),
        (5, "zhao@example.cn", "赵六", "河北工业大学", "zh-hans"),
        (6, "kim@example.org", "Kim Lee", "Seoul Lab", "en"),
        (7, "amy@example.org", "Amy", "Fudan", "zh-hans"),
    ]


@pytest.mark.django_db
def test_every_bad_line_is_named_and_no_row_is_kept():
    rows, errors = invitation_rows.parse_text(
        "good@example.org\nnot an address\nx@example.org, X, Org, Klingon\ngood@EXAMPLE.org\na@b.org, 1, 2, 3, 4"
    )
    assert rows == []
    assert errors == [
        "Line 2: “not an address” is not an email address.",
        "Line 3: unknown language “Klingon” (write zh-hans or en).",
        "Line 4: good@example.org is already on line 1.",
        "Line 5: too many fields: write email, name, organisation, language.",
    ]


@pytest.mark.django_db
def test_more_than_five_hundred_lines_are_refused():
    rows, errors = invitation_rows.parse_text("\n".join(f"e{n}@example.org" for n in range(501)))
    assert rows == []
    assert errors == ["More than 500 experts at once: split the list."]


@pytest.mark.django_db
def test_the_form_keeps_the_pasted_list_and_shows_every_error():
    text = "ok@example.org\nwrong\nalso wrong"
    form = InviteExpertsForm(data={"experts": text, "language": "en"})
    assert not form.is_valid()
    assert form.errors["experts"] == [
        "Line 2: “wrong” is not an email address.",
        "Line 3: “also wrong” is not an email address.",
    ]
    assert form["experts"].value() == text


# Reading a spreadsheet -------------------------------------------------------------------


def xlsx(rows, name="experts.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, encoding="utf-8-sig", name="experts.csv"):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def form_with(upload, **data):
    return InviteExpertsForm(data={"language": "zh-hans", **data}, files={"file": upload})


@pytest.mark.django_db
def test_an_xlsx_with_chinese_headers_and_categories_is_read():
    upload = xlsx(
        [
            ["姓名", "邮箱", "单位", "语言", "类别"],
            ["李雷", "LiLei@Example.cn", "南开大学", "中文", "TEC, 新材料"],
            [None, None, None, None, None],
            ["Jane Roe", "jane@example.org", "MIT", "en", "new infrastructure"],
        ]
    )
    form = form_with(upload)
    assert form.is_valid(), form.errors
    rows = form.cleaned_data["rows"]
    assert [(r.line, r.email, r.name, r.organisation, r.language) for r in rows] == [
        (2, "lilei@example.cn", "李雷", "南开大学", "zh-hans"),
        (4, "jane@example.org", "Jane Roe", "MIT", "en"),
    ]
    assert [[c.code for c in r.categories] for r in rows] == [["TEC", "MAT"], ["INF"]]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    upload = csv_file([["邮箱", "姓名", "单位"], ["chen@example.cn", "陈静", "浙江大学"]], encoding=encoding)
    form = form_with(upload)
    assert form.is_valid(), form.errors
    [row] = form.cleaned_data["rows"]
    assert (row.line, row.email, row.name, row.organisation) == (2, "chen@example.cn", "陈静", "浙江大学")


@pytest.mark.django_db
def test_a_spreadsheets_bad_rows_are_named_by_their_row_number():
    upload = csv_file([["email", "categories"], ["a@example.org", "TEC"], ["b@example.org", "XYZ"], ["nope", ""]])
    form = form_with(upload)
    assert not form.is_valid()
    assert form.errors["file"] == ["Line 3: unknown category “XYZ”.", "Line 4: “nope” is not an email address."]


@pytest.mark.django_db
def test_a_spreadsheet_without_an_email_column_is_refused():
    form = form_with(csv_file([["name", "organisation"], ["Ann", "Org"]]))
    assert not form.is_valid()
    assert form.errors["file"] == ["The first row must name the columns, with one called “email” (or 邮箱)."]


@pytest.mark.django_db
def test_a_corrupt_xlsx_is_a_form_error():
    form = form_with(SimpleUploadedFile("experts.xlsx", b"PK\x03\x04 this is not really a workbook"))
    assert not form.is_valid()
    assert form.errors["file"] == ["This is not an Excel workbook (.xlsx): it cannot be opened."]


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_a_form_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    form = form_with(SimpleUploadedFile("experts.xlsx", buffer.getvalue()))
    assert not form.is_valid()
    assert form.errors["file"] == ["This is not an Excel workbook (.xlsx): it cannot be opened."]


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    form = form_with(SimpleUploadedFile("experts.xlsx", buffer.getvalue()))
    assert not form.is_valid()
    assert form.errors["file"] == ["This workbook unpacks to too much data to be read: save a smaller .xlsx or a .csv."]


@pytest.mark.django_db
def test_a_file_over_one_megabyte_is_refused():
    form = form_with(SimpleUploadedFile("experts.csv", b"email\n" + b"x" * (1024 * 1024)))
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is larger than 1 MB: split it into smaller files."]


@pytest.mark.django_db
def test_another_kind_of_file_and_both_a_list_and_a_file_are_refused():
    form = form_with(SimpleUploadedFile("experts.pdf", b"%PDF-1.7"))
    assert not form.is_valid()
    assert form.errors["file"] == ["Upload a .csv or .xlsx file."]
    form = form_with(csv_file([["email"], ["a@example.org"]]), experts="b@example.org")
    assert not form.is_valid()
    assert form.non_field_errors() == ["Paste a list or upload a file, not both."]
