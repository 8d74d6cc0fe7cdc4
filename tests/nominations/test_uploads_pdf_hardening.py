"""Uploads: PDFs with active content are refused; clean ones are stored without metadata;
parsing work is bounded. The PDFs are real, built with pypdf or byte by byte (pdf_files)."""

from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from django.core.exceptions import ValidationError

from nominations import pdf_checks
from nominations.models import NominationFile
from nominations.uploads import validate_upload
from tests.nominations.helpers.pdf_files import (
    ALL_SECRETS,
    COMMENT_AUTHOR,
    PAGES,
    as_upload,
    blank_writer,
    incremental_update,
    many_free_objects_pdf,
    obfuscated_js_pdf,
    object_stream_pdf,
    pdf_with_metadata,
    raw_pdf,
    written,
)

JS = "JavaScript"
AUTO = "actions that run by themselves when it is opened or read"
EXTERNAL = "commands that open other programs, files or documents"
EMBEDDED = "embedded files"
FORMS = "an interactive form that sends or loads data (XFA or submit actions)"
MEDIA = "embedded multimedia or 3D content"


def refusal(name, *found):
    return (
        f"“{name}” cannot be accepted because it contains {'; '.join(found)}. Documents uploaded here "
        "may not contain these. Please save a plain copy (for example with “Print to PDF”) and upload that."
    )


def n(value):
    return NameObject(value)


def action(kind, **entries):
    return DictionaryObject({n("/S"): n(kind), **{n("/" + k): v for k, v in entries.items()}})


def with_catalog(**entries):
    writer = blank_writer()
    for key, value in entries.items():
        writer.root_object[n("/" + key)] = value
    return written(writer)


def with_annotation(subtype, **entries):
    writer = blank_writer()
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(50), FloatObject(50)])
    annotation = DictionaryObject(
        {n("/Type"): n("/Annot"), n("/Subtype"): n(subtype), n("/Rect"): rect}
        | {n("/" + k): v for k, v in entries.items()}
    )
    writer.pages[0][n("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return written(writer)


def names_tree_script():
    writer = blank_writer()
    writer.add_open_action(JavaScript("app.alert('hi')"))  # the catalog's /Names /JavaScript tree
    return written(writer)


def page_open_script():
    writer = blank_writer()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert('hi')"))
    return written(writer)


def attachment():
    writer = blank_writer()
    writer.add_attachment("payload.exe", b"MZ not really a program")
    return written(writer)


def xfa_form():
    xfa = DictionaryObject({n("/Fields"): ArrayObject(), n("/XFA"): TextStringObject("<xdp:xdp/>")})
    return with_catalog(AcroForm=xfa)


def js_added_by_incremental_update():
    clean = raw_pdf({1: "<< /Type /Catalog /Pages 2 0 R >>", **PAGES, 4: "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"})
    return incremental_update(clean, "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")


ACTIVE = {
    "names-tree-js": (names_tree_script, [JS]),
    "open-action-js": (lambda: with_catalog(OpenAction=action("/JavaScript", JS=TextStringObject("x"))), [JS, AUTO]),
    "open-action-print": (lambda: with_catalog(OpenAction=action("/Named", N=n("/Print"))), [AUTO]),
    "open-action-launch": (
        lambda: with_catalog(OpenAction=action("/Launch", F=TextStringObject("calc"))),
        [AUTO, EXTERNAL],
    ),
    "goto-then-uri-on-open": (
        lambda: with_catalog(OpenAction=action("/GoTo", D=ArrayObject([NumberObject(0)]), Next=action("/URI"))),
        [AUTO],
    ),
    "catalog-aa": (lambda: with_catalog(AA=DictionaryObject({n("/WC"): action("/URI")})), [AUTO]),
    "page-open-js": (page_open_script, [JS, AUTO]),
    "link-launch": (lambda: with_annotation("/Link", A=action("/Launch", F=TextStringObject("cmd.exe"))), [EXTERNAL]),
    "link-remote-goto": (lambda: with_annotation("/Link", A=action("/GoToR", F=TextStringObject("x.pdf"))), [EXTERNAL]),
    "link-submit-form": (lambda: with_annotation("/Link", A=action("/SubmitForm")), [FORMS]),
    "link-import-data": (lambda: with_annotation("/Link", A=action("/ImportData")), [FORMS]),
    "widget-keystroke-js": (
        lambda: with_annotation(
            "/Widget", AA=DictionaryObject({n("/K"): action("/JavaScript", JS=TextStringObject("x"))})
        ),
        [JS, AUTO],
    ),
    "attachment": (attachment, [EMBEDDED]),
    "file-attachment-annotation": (lambda: with_annotation("/FileAttachment"), [EMBEDDED]),
    "rich-media": (lambda: with_annotation("/RichMedia"), [MEDIA]),
    "xfa": (xfa_form, [FORMS]),
    "hex-escaped-names": (obfuscated_js_pdf, [JS, AUTO]),
    "in-object-stream": (lambda: object_stream_pdf("<< /S /JavaScript /JS (app.alert\\(1\\)) >>"), [JS, AUTO]),
    "incremental-update": (js_added_by_incremental_update, [JS, AUTO]),
}


@pytest.mark.parametrize("case", list(ACTIVE))
def test_pdf_with_active_content_is_refused_naming_it(case):
    build, found = ACTIVE[case]

    with pytest.raises(ValidationError) as excinfo:
        validate_upload(as_upload(f"{case}.pdf", build()))

    assert excinfo.value.code == "pdf_active_content"
    assert excinfo.value.messages == [refusal(f"{case}.pdf", *found)]


PASSIVE = {
    # What LaTeX's hyperref writes: open at page 1, fit the width.
    "open-at-destination": lambda: object_stream_pdf("[3 0 R /FitH 200]"),
    "open-with-goto": lambda: with_catalog(OpenAction=action("/GoTo", D=ArrayObject([NumberObject(0), n("/Fit")]))),
    "web-link": lambda: with_annotation("/Link", A=action("/URI", URI=TextStringObject("https://example.org/"))),
}


@pytest.mark.parametrize("case", list(PASSIVE))
def test_pdf_with_links_and_an_opening_view_is_accepted(case):
    result = validate_upload(as_upload(f"{case}.pdf", PASSIVE[case]()))

    assert result.kind == "document"
    assert len(PdfReader(BytesIO(result.content)).pages) == 1


def test_script_removed_by_a_later_revision_is_not_stored():
    data = raw_pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            **PAGES,
            4: "<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
        }
    )
    updated = incremental_update(data, "<< /Type /Catalog /Pages 2 0 R >>")
    assert b"app.alert" in updated

    result = validate_upload(as_upload("revised.pdf", updated))

    assert b"app.alert" not in result.content
    assert b"JavaScript" not in result.content


def test_stored_pdf_carries_none_of_the_metadata():
    original = pdf_with_metadata()
    for secret in ALL_SECRETS:
        assert secret.encode() in original, secret

    stored = validate_upload(as_upload("report.pdf", original)).content

    for secret in ALL_SECRETS:
        assert secret.encode() not in stored, secret
    reader = PdfReader(BytesIO(stored))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Info" not in reader.trailer
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert "/Metadata" not in page
        assert "/PieceInfo" not in page
    comment = reader.pages[0]["/Annots"][0].get_object()
    assert comment["/Contents"] == "Looks good"  # the comment stays; only its author goes
    assert "/T" not in comment
    assert COMMENT_AUTHOR not in str(comment)


# --- bounded work ----------------------------------------------------------------------------

TOO_COMPLEX = "“{}” is too complex to check (it has too many parts). Please save a simpler copy of it."
INVALID = "“{}” is not a valid PDF. It may be damaged; please try saving it again."


def refused(name, data):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(as_upload(name, data))
    return excinfo.value.code, excinfo.value.messages


def test_too_many_pages_is_refused(settings):
    settings.NOMINATION_MAX_PDF_PAGES = 2
    assert validate_upload(as_upload("two.pdf", written(blank_writer(pages=2)))).kind == "document"

    assert refused("three.pdf", written(blank_writer(pages=3))) == (
        "pdf_too_many_pages",
        ["“three.pdf” has more than 2 pages; documents may have at most 2 pages."],
    )


def test_too_many_objects_is_refused_before_they_are_parsed(settings):
    settings.NOMINATION_MAX_PDF_OBJECTS = 30
    objects = {1: "<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>", **PAGES}
    objects[4] = "[" + " ".join(f"{i} 0 R" for i in range(5, 45)) + "]"
    objects.update(dict.fromkeys(range(5, 45), "<< >>"))

    assert refused("many.pdf", raw_pdf(objects)) == ("pdf_too_complex", [TOO_COMPLEX.format("many.pdf")])


def test_huge_cross_reference_stream_is_refused(settings):
    settings.NOMINATION_MAX_PDF_OBJECTS = 1000
    data = many_free_objects_pdf(1_000_000)
    assert len(data) < 10_000

    assert refused("xref.pdf", data) == ("pdf_too_complex", [TOO_COMPLEX.format("xref.pdf")])


def test_object_streams_inflating_past_the_budget_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_checks, "MAX_OBJECT_STREAM_BYTES", 64)
    data = object_stream_pdf("[3 0 R /Fit]")  # its object stream inflates to about 80 bytes

    assert refused("inflating.pdf", data) == ("pdf_too_complex", [TOO_COMPLEX.format("inflating.pdf")])


def test_page_tree_sharing_its_nodes_is_refused_without_listing_them():
    # 2**40 pages from 43 objects if the shared nodes were followed.
    objects = {1: "<< /Type /Catalog /Pages 100 0 R >>", 3: "<< /Type /Page /Parent 100 0 R /MediaBox [0 0 9 9] >>"}
    below = 3
    for level in range(40):
        objects[60 + level] = f"<< /Type /Pages /Kids [{below} 0 R {below} 0 R] /Count {2 ** (level + 1)} >>"
        below = 60 + level
    objects[100] = f"<< /Type /Pages /Kids [{below} 0 R] /Count {2**40} >>"

    assert refused("dag.pdf", raw_pdf(objects)) == ("invalid_pdf", [INVALID.format("dag.pdf")])


def test_deeply_nested_pdf_is_a_clear_error():
    depth = 20_000
    page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] /Deep " + "[" * depth + "]" * depth + " >>"

    assert refused("deep.pdf", raw_pdf({1: "<< /Type /Catalog /Pages 2 0 R >>", 2: PAGES[2], 3: page})) == (
        "invalid_pdf",
        [INVALID.format("deep.pdf")],
    )


# --- through the nominator's form ---------------------------------------------------------------


@pytest.fixture
def draft(call_index, nominator):
    from tests.factories import CallPageFactory, NominationFactory

    return NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)


def post_files(client, nomination, *files):
    return client.post(f"/nominations/{nomination.pk}/edit/files/", {"files": list(files), "save": "1"})


@pytest.mark.django_db
def test_active_pdf_is_a_form_error_and_saved_files_stay(client, nominator, draft):
    client.force_login(nominator)
    assert post_files(client, draft, as_upload("kept.pdf", written(blank_writer()))).status_code == 302

    response = post_files(
        client, draft, as_upload("clean.pdf", written(blank_writer())), as_upload("js.pdf", names_tree_script())
    )

    assert response.status_code == 200
    assert refusal("js.pdf", JS) in response.content.decode()
    assert list(NominationFile.objects.values_list("original_name", flat=True)) == ["kept.pdf"]
    with NominationFile.objects.get().file.open("rb") as handle:
        assert PdfReader(handle).pages[0].mediabox.width == 200


@pytest.mark.django_db
def test_clean_pdf_arrives_stripped_of_metadata(client, nominator, draft):
    client.force_login(nominator)

    assert post_files(client, draft, as_upload("report.pdf", pdf_with_metadata())).status_code == 302

    record = NominationFile.objects.get()
    with record.file.open("rb") as handle:
        stored = handle.read()
    assert record.size == len(stored)
    assert [secret for secret in ALL_SECRETS if secret.encode() in stored] == []
    assert PdfReader(BytesIO(stored)).metadata is None
