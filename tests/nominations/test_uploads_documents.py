"""Uploads: PDF documents, size limits and file names."""

from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter

from django.core.exceptions import ValidationError

from nominations import pdf_checks
from nominations.uploads import ValidatedUpload, validate_upload
from tests.nominations.helpers.uploads import image_bytes, pdf_bytes, upload

# --- PDFs ----------------------------------------------------------------------------------------


def test_real_pdf_is_accepted_and_rewritten():
    data = pdf_bytes()

    result = validate_upload(upload("evidence.pdf", data, "application/pdf"))

    # Stored as pypdf rewrote it (no metadata; nominations.pdf_checks), with the same page.
    assert result == ValidatedUpload(
        kind="document",
        content=result.content,
        content_type="application/pdf",
        extension="pdf",
        original_name="evidence.pdf",
        width=None,
        height=None,
        thumbnail=None,
    )
    assert result.content.startswith(b"%PDF-")
    assert result.content != data
    rewritten = PdfReader(BytesIO(result.content))
    assert len(rewritten.pages) == 1
    assert rewritten.pages[0].mediabox == PdfReader(BytesIO(data)).pages[0].mediabox


def test_pdf_named_as_image_is_still_a_document():
    result = validate_upload(upload("photo.jpg", pdf_bytes(), "image/jpeg"))

    assert result.kind == "document"
    assert result.extension == "pdf"


def test_pdf_header_with_garbage_is_refused():
    data = b"%PDF-1.7\n" + b"<html><script>alert(1)</script></html>" * 20

    with pytest.raises(ValidationError, match=r"“fake\.pdf” is not a valid PDF") as excinfo:
        validate_upload(upload("fake.pdf", data, "application/pdf"))

    assert excinfo.value.code == "invalid_pdf"


def test_truncated_pdf_is_refused():
    data = pdf_bytes()

    with pytest.raises(ValidationError, match=r"is not a valid PDF"):
        validate_upload(upload("half.pdf", data[: len(data) // 3]))


def test_pdf_without_pages_is_refused():
    buf = BytesIO()
    PdfWriter().write(buf)

    with pytest.raises(ValidationError, match=r"“empty\.pdf” is not a valid PDF"):
        validate_upload(upload("empty.pdf", buf.getvalue()))


def test_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = BytesIO()
    writer.write(buf)

    with pytest.raises(ValidationError, match=r"“locked\.pdf” is password-protected: password-protected PDFs") as e:
        validate_upload(upload("locked.pdf", buf.getvalue()))

    assert e.value.code == "encrypted_pdf"


def test_unexpected_pypdf_exception_becomes_validation_error(monkeypatch):
    def boom(*args, **kwargs):
        raise RecursionError("deeply nested")

    monkeypatch.setattr(pdf_checks, "PdfReader", boom)

    with pytest.raises(ValidationError, match=r"“doc\.pdf” is not a valid PDF"):
        validate_upload(upload("doc.pdf", pdf_bytes()))


# --- size ----------------------------------------------------------------------------------------


def test_zero_byte_file_is_refused():
    with pytest.raises(ValidationError, match=r"“nothing\.jpg” is empty\.") as excinfo:
        validate_upload(upload("nothing.jpg", b""))

    assert excinfo.value.code == "empty"


def test_file_over_the_size_setting_is_refused(settings):
    settings.NOMINATION_MAX_FILE_BYTES = 512 * 1024
    data = pdf_bytes() + b"\0" * (512 * 1024)

    with pytest.raises(ValidationError, match=r"“huge\.pdf” is too big: files may be at most 0\.5 MB\.") as e:
        validate_upload(upload("huge.pdf", data))

    assert e.value.code == "file_too_large"


def test_default_size_limit_is_named_in_mb():
    data = b"\0" * (10 * 1024 * 1024 + 1)

    with pytest.raises(ValidationError, match=r"at most 10 MB\."):
        validate_upload(upload("huge.jpg", data))


def test_file_exactly_at_the_size_setting_is_accepted(settings):
    data = image_bytes("PNG")
    settings.NOMINATION_MAX_FILE_BYTES = len(data)

    assert validate_upload(upload("exact.png", data)).kind == "image"


def test_size_is_checked_on_the_bytes_read_not_only_the_declared_size(settings):
    settings.NOMINATION_MAX_FILE_BYTES = 1024 * 1024
    f = upload("liar.png", b"\0" * (2 * 1024 * 1024))
    f.size = 10  # a declared size that understates the content

    with pytest.raises(ValidationError, match=r"“liar\.png” is too big: files may be at most 1 MB\."):
        validate_upload(f)


def test_declared_size_is_checked_before_reading(settings):
    settings.NOMINATION_MAX_FILE_BYTES = 1024 * 1024
    f = upload("big.jpg", image_bytes("JPEG"))
    f.size = 5 * 1024 * 1024

    class Unreadable(BytesIO):
        def read(self, *args):
            pytest.fail("the file was read")

    f.file = Unreadable()

    with pytest.raises(ValidationError, match=r"is too big"):
        validate_upload(f)


# --- names ----------------------------------------------------------------------------------------


def test_original_name_keeps_only_the_basename():
    result = validate_upload(upload("../../etc/passwd.jpg", image_bytes("JPEG")))

    assert result.original_name == "passwd.jpg"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\me\\Pictures\\photo.jpg", "photo.jpg"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("pho\x00to\r\n\t.jpg", "photo.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("  spaced.png  ", "spaced.png"),
        ("", "unnamed file"),
        ("..", "unnamed file"),
        ("dir/", "unnamed file"),
    ],
)
def test_original_name_is_cleaned(raw, expected):
    f = upload("placeholder.jpg", image_bytes("JPEG"))
    f._name = raw  # bypass Django's own clean-up, as a differently built UploadedFile might

    assert validate_upload(f).original_name == expected


def test_long_original_name_is_cut_to_200_characters_keeping_the_extension():
    f = upload("placeholder.jpg", image_bytes("JPEG"))
    f._name = "a" * 300 + ".jpeg"

    name = validate_upload(f).original_name

    assert len(name) == 200
    assert name == "a" * 195 + ".jpeg"


def test_error_message_uses_the_cleaned_name():
    f = upload("placeholder.svg", b"<svg/>")
    f._name = "C:\\tmp\\bad\x07.svg"

    with pytest.raises(ValidationError, match=r"^\['“bad\.svg” is not an accepted file type"):
        validate_upload(f)
