"""Real PDFs built in memory for the upload-hardening tests: with pypdf where it can write
what is wanted, and byte by byte (raw_pdf) where a test needs exact control over names,
object streams or incremental updates."""

import zlib
from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from django.core.files.uploadedfile import SimpleUploadedFile

# Strings that identify the nominee, put in every metadata place a PDF has.
SECRETS = {
    "/Author": "Zhang Hiddenname",
    "/Title": "Secretive Graphene Works annual report",
    "/Subject": "NomineeSubjectMarker",
    "/Keywords": "NomineeKeywordsMarker",
    "/Creator": "NomineeCreatorMarker",
    "/Producer": "NomineeProducerMarker",
}
XMP_CATALOG = "NomineeXMPCatalogMarker"
XMP_PAGE = "NomineeXMPPageMarker"
PIECE_INFO = "NomineePieceInfoMarker"
COMMENT_AUTHOR = "NomineeCommentAuthor"
ALL_SECRETS = [*SECRETS.values(), XMP_CATALOG, XMP_PAGE, PIECE_INFO, COMMENT_AUTHOR]


def as_upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def written(writer):
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


def blank_writer(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    return writer


def _xmp(writer, marker):
    stream = DecodedStreamObject()  # not compressed, so that the marker is in the raw bytes
    stream.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{marker}</dc:creator></x:xmpmeta>'.encode())
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    return writer._add_object(stream)


def pdf_with_metadata():
    """A clean two-page PDF that names its author everywhere metadata can: /Info, XMP on
    the catalog and on a page, /PieceInfo, and a comment whose author is the nominee."""
    writer = blank_writer(pages=2)
    writer.add_metadata(SECRETS)
    writer.root_object[NameObject("/Metadata")] = _xmp(writer, XMP_CATALOG)
    page = writer.pages[0]
    page[NameObject("/Metadata")] = _xmp(writer, XMP_PAGE)
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Nominee"): DictionaryObject({NameObject("/Private"): TextStringObject(PIECE_INFO)})}
    )
    comment = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([NumberObject(10), NumberObject(10), NumberObject(30), NumberObject(30)]),
            NameObject("/T"): TextStringObject(COMMENT_AUTHOR),
            NameObject("/Contents"): TextStringObject("Looks good"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(comment)])
    return written(writer)


def raw_pdf(objects, *, root=1, extra_trailer=""):
    """A PDF written byte by byte: objects maps object numbers to their body (bytes or str),
    with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        body = objects[number]
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + (body.encode() if isinstance(body, str) else body) + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        if number in offsets:
            out += f"{offsets[number]:010d} 00000 n \n".encode()
        else:
            out += b"0000000000 65535 f \n"
    out += f"trailer\n<< /Size {size} /Root {root} 0 R {extra_trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PAGES = {
    2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
}


def obfuscated_js_pdf():
    """/OpenAction << /S /JavaScript /JS ... >> with every name spelt in #xx escapes."""
    return raw_pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R /#4Fpen#41ction 4 0 R >>",
            **PAGES,
            4: "<< /#53 /J#61va#53cript /#4A#53 (app.alert\\('hi'\\)) >>",
        }
    )


def object_stream_pdf(action):
    """The catalog and an action live inside a compressed object stream, found through a
    cross-reference stream; nothing about them is visible in the file's raw bytes."""
    inner = {1: "<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", 4: action}
    header, body = "", ""
    for number, text in inner.items():
        header += f"{number} {len(body)} "
        body += text + "\n"
    packed = zlib.compress((header + body).encode())
    objstm = f"<< /Type /ObjStm /N {len(inner)} /First {len(header)} /Filter /FlateDecode /Length {len(packed)} >>\n"
    objects = {**PAGES, 5: objstm.encode() + b"stream\n" + packed + b"\nendstream"}
    # Write the plain objects, then a cross-reference stream for all of them.
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        body = objects[number]
        out += f"{number} 0 obj\n".encode() + (body.encode() if isinstance(body, str) else body) + b"\nendobj\n"
    rows = [b"\x00\x00\x00\x00\xff\xff"]  # object 0: free
    for number in range(1, 7):
        if number in inner:
            index = list(inner).index(number)
            rows.append(b"\x02" + (5).to_bytes(4, "big") + index.to_bytes(1, "big"))
        elif number == 6:
            rows.append(b"\x01" + len(out).to_bytes(4, "big") + b"\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00")
    xref_data = b"".join(rows)
    xref_offset = len(out)
    out += (
        f"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 1] /Root 1 0 R /Length {len(xref_data)} >>\nstream\n".encode()
        + xref_data
        + b"\nendstream\nendobj\n"
    )
    out += f"startxref\n{xref_offset}\n%%EOF\n".encode()
    return bytes(out)


def many_free_objects_pdf(count):
    """A few hundred bytes: a cross-reference stream whose zlib-compressed data lists `count`
    free objects, which a parser would otherwise read one by one."""
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>", **PAGES}
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref_offset = len(out)
    rows = b"\x00\x00\x00\x00\xff\xff"
    rows += b"".join(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00" for number in (1, 2, 3))
    rows += b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00" + b"\x00" * 6 * count
    packed = zlib.compress(rows, 9)
    out += (
        f"4 0 obj\n<< /Type /XRef /Size {count + 5} /W [1 4 1] /Root 1 0 R /Filter /FlateDecode "
        f"/Length {len(packed)} >>\nstream\n".encode()
        + packed
        + f"\nendstream\nendobj\nstartxref\n{xref_offset}\n%%EOF\n".encode()
    )
    return bytes(out)


def incremental_update(original, catalog):
    """original followed by an incremental update that replaces the catalog (object 1)."""
    previous_xref = int(original.rsplit(b"startxref", 1)[1].split()[0])
    out = bytearray(original)
    offset = len(out)
    out += f"1 0 obj\n{catalog}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n1 1\n{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size 5 /Root 1 0 R /Prev {previous_xref} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
