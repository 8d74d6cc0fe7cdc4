"""Checks on uploaded PDF documents, and the clean copy of them that is stored.

Active content is REFUSED, not removed. Rewriting a document without its scripts, forms and
attachments could silently change what the nominator meant judges to read (a form that no
longer computes its totals, an appendix that was an attachment), and a refusal that names the
problem lets them save a plain copy ("Print to PDF") that they have seen themselves. It is also
the smaller piece of code to get right.

Detection walks every object reachable from the catalog (names trees, pages and their
annotations, AcroForm fields, outlines...) as pypdf resolves them: names written with #xx
escapes are decoded by pypdf's parser, objects inside compressed object streams are resolved
like any other, and for a file with incremental updates pypdf reads the newest revision. What
is stored is a NEW file written by pypdf from exactly the objects that were checked, so an
older revision, an unreferenced object or bytes a viewer might "repair" differently are not
kept. The rewrite also drops the document information dictionary (/Info: Author, Title,
Creator, Producer...), XMP /Metadata streams and /PieceInfo wherever they are, and the author
names of comments, because in a blind round they name the nominee to the judges.
"""

import re
from io import BytesIO

from pypdf import PdfReader, PdfWriter, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject, is_null_or_none

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a viewer may do on its own or outside the document, by the plain words shown to the
# uploader. A plain hyperlink (/URI) or a jump inside the document (/GoTo) is allowed: it does
# nothing until the reader clicks it, and nothing below can click it for them.
JAVASCRIPT = gettext_lazy("JavaScript")
AUTOMATIC = gettext_lazy("actions that run by themselves when it is opened or read")
EXTERNAL = gettext_lazy("commands that open other programs, files or documents")
EMBEDDED = gettext_lazy("embedded files")
FORMS = gettext_lazy("an interactive form that sends or loads data (XFA or submit actions)")
MULTIMEDIA = gettext_lazy("embedded multimedia or 3D content")

# Keys that are active wherever they appear.
_ACTIVE_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # the catalog's /Names tree of document scripts
    "/AA": AUTOMATIC,  # additional actions: on page open/close, on focus, on keystroke...
    "/EmbeddedFiles": EMBEDDED,
    "/EF": EMBEDDED,  # a file specification that carries the file itself
    "/XFA": FORMS,
    "/RichMediaContent": MULTIMEDIA,
    "/RichMediaSettings": MULTIMEDIA,
}
# Action types (/S) that reach outside the document or run code.
_ACTIVE_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": EXTERNAL,
    "/GoToR": EXTERNAL,
    "/GoToE": EXTERNAL,
    "/ImportData": FORMS,
    "/SubmitForm": FORMS,
    "/RichMediaExecute": MULTIMEDIA,
    "/Rendition": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
}
_ACTIVE_SUBTYPES = {  # annotation kinds that carry files or players
    "/FileAttachment": EMBEDDED,
    "/RichMedia": MULTIMEDIA,
    "/Screen": MULTIMEDIA,
    "/Movie": MULTIMEDIA,
    "/Sound": MULTIMEDIA,
    "/3D": MULTIMEDIA,
}
_ACTIVE_TYPES = {"/EmbeddedFile": EMBEDDED}
_ORDER = [JAVASCRIPT, AUTOMATIC, EXTERNAL, EMBEDDED, FORMS, MULTIMEDIA]

# Removed wherever they appear: metadata that can name the author.
_METADATA_KEYS = ("/Metadata", "/PieceInfo")
# Comments (markup annotations) carry their author's name in /T; form fields use /T for the
# field's name, so it is removed only from these.
_MARKUP_SUBTYPES = {
    "/Text",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Stamp",
    "/Caret",
    "/Ink",
    "/Redact",
}

# Entries of arrays and dictionaries looked at, at most: bounds the walk of a file made of
# a few huge arrays as NOMINATION_MAX_PDF_OBJECTS bounds one made of many small objects.
MAX_ENTRIES = 5_000_000


# Decoded bytes of all compressed object streams together, and of any one stream pypdf
# decodes (object and cross-reference streams: the only ones read; content and images are
# copied still encoded). Real documents stay far below: 20,000 objects take a few MB.
MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024
_STREAM_LIMIT = 16 * 1024 * 1024
_DECODING_LIMITS = {
    "zlib_maximum_output_length": _STREAM_LIMIT,
    "lzw_maximum_output_length": _STREAM_LIMIT,
    "run_length_maximum_output_length": _STREAM_LIMIT,
    "brotli_maximum_output_length": _STREAM_LIMIT,
    "array_based_stream_maximum_output_length": _STREAM_LIMIT,
    "jbig2_maximum_output_length": _STREAM_LIMIT,
}
_XREF_LINE = re.compile(rb"\d{10}[ ]\d{5}[ ][fn]")


class _TooComplex(Exception):
    pass


def clean_pdf(data: bytes, name: str) -> bytes:
    """The bytes to store for an uploaded PDF: checked, without active content or metadata.

    Raises ValidationError, with a message naming the file, on any problem."""
    invalid = ValidationError(
        _("“%(name)s” is not a valid PDF. It may be damaged; please try saving it again."),
        code="invalid_pdf",
        params={"name": name},
    )
    too_complex = ValidationError(
        _("“%(name)s” is too complex to check (it has too many parts). Please save a simpler copy of it."),
        code="pdf_too_complex",
        params={"name": name},
    )
    try:
        # A cross-reference table lists each object in a 20-byte line: counting the lines
        # bounds the parse before pypdf starts it (cross-reference streams are bounded below).
        if sum(1 for _ in _XREF_LINE.finditer(data)) > settings.NOMINATION_MAX_PDF_OBJECTS:
            raise _TooComplex
        with apply_configuration(**_DECODING_LIMITS):
            return _clean(data, name, invalid)
    except ValidationError:
        raise
    except (_TooComplex, LimitReachedError) as exc:
        raise too_complex from exc
    except _NotATree as exc:
        raise invalid from exc
    except Exception as exc:  # pypdf raises a variety of errors (and sometimes plain ones) on bad input
        if _hit_a_limit(exc):  # pypdf wraps some of its own LimitReachedErrors in a PdfReadError
            raise too_complex from exc
        raise invalid from exc


def _hit_a_limit(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, LimitReachedError) or "limit reached" in str(exc).lower():
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _clean(data: bytes, name: str, invalid: ValidationError) -> bytes:
    reader = PdfReader(BytesIO(data), xref_stream_maximum_entries=settings.NOMINATION_MAX_PDF_OBJECTS)
    if reader.is_encrypted:
        raise ValidationError(
            _(
                "“%(name)s” is password-protected: password-protected PDFs cannot be checked. "
                "Please upload it without a password."
            ),
            code="encrypted_pdf",
            params={"name": name},
        )
    # The cross-reference says how many objects there are before any is parsed.
    if _declared_objects(reader) > settings.NOMINATION_MAX_PDF_OBJECTS:
        raise _TooComplex
    _decode_object_streams(reader)
    pages = _count_pages(reader)
    if pages > settings.NOMINATION_MAX_PDF_PAGES:
        raise ValidationError(
            _("“%(name)s” has more than %(limit)s pages; documents may have at most %(limit)s pages."),
            code="pdf_too_many_pages",
            params={"name": name, "limit": f"{settings.NOMINATION_MAX_PDF_PAGES:,}"},
        )
    if pages < 1 or len(reader.pages) != pages:
        raise invalid
    reader.pages[0]  # parse the first page object, not just count it
    problems = _walk(reader)
    if problems:
        found = "; ".join(str(problem) for problem in _ORDER if problem in problems)
        raise ValidationError(
            _(
                "“%(name)s” cannot be accepted because it contains %(found)s. Documents uploaded here "
                "may not contain these. Please save a plain copy (for example with “Print to PDF”) "
                "and upload that."
            ),
            code="pdf_active_content",
            params={"name": name, "found": found},
        )
    writer = PdfWriter()
    # Only the catalog and what it reaches: no /Info, no trailer /ID, no old revisions.
    writer.clone_reader_document_root(reader)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _declared_objects(reader: PdfReader) -> int:
    return sum(len(entries) for entries in reader.xref.values()) + len(reader.xref_objStm)


def _decode_object_streams(reader: PdfReader) -> None:
    """Decodes the compressed object streams up front, against a budget for all of them
    together: pypdf keeps each decoded stream, and a file of many small compressed streams
    that each inflate to the per-stream limit would otherwise fill the worker's memory."""
    budget = MAX_OBJECT_STREAM_BYTES
    for number in sorted({stream_number for stream_number, _index in reader.xref_objStm.values()}):
        stream = reader.get_object(number)
        if isinstance(stream, StreamObject):
            budget -= len(stream.get_data())
            if budget < 0:
                raise _TooComplex


class _NotATree(Exception):
    pass


def _count_pages(reader: PdfReader) -> int:
    """The leaves of the page tree, counted up to one past the limit. Done before pypdf lists
    the pages: a "tree" whose nodes share children lists 2**depth pages from a few objects."""
    limit = settings.NOMINATION_MAX_PDF_PAGES
    seen: set[tuple[int, int]] = set()
    pages = 0
    stack = [reader.root_object.raw_get("/Pages")]
    while stack:
        ref = stack.pop()
        if not isinstance(ref, IndirectObject) or (ref.idnum, ref.generation) in seen:
            raise _NotATree  # every page and node is an object of its own, reached once
        seen.add((ref.idnum, ref.generation))
        node = ref.get_object()
        if not isinstance(node, DictionaryObject):
            raise _NotATree
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            kids = node.get("/Kids")
            if not isinstance(kids, ArrayObject):
                raise _NotATree
            stack.extend(kids)
        else:
            pages += 1
            if pages > limit:
                break
    return pages


def _walk(reader: PdfReader) -> set:
    """Every object reachable from the catalog, once each, without recursion (a deeply nested
    file cannot exhaust the stack). Returns the problems found, and removes metadata from the
    objects as pypdf holds them, before they are copied into the file that is stored."""
    problems = set()
    max_objects = settings.NOMINATION_MAX_PDF_OBJECTS
    seen: set[tuple[int, int]] = set()
    entries = 0
    stack = [reader.trailer.raw_get("/Root")]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > max_objects:
                raise _TooComplex
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # streams too: their dictionary is checked, not their data
            _check(obj, problems)
            _strip(obj)
            children = list(obj.values())
        elif isinstance(obj, ArrayObject):
            children = list(obj)
        else:
            continue
        entries += len(children)
        if entries > MAX_ENTRIES:
            raise _TooComplex
        stack.extend(child for child in children if isinstance(child, IndirectObject | DictionaryObject | ArrayObject))
    return problems


def _check(obj: DictionaryObject, problems: set) -> None:
    for key in obj:
        if key in _ACTIVE_KEYS:
            problems.add(_ACTIVE_KEYS[key])
    for key, table in (("/S", _ACTIVE_ACTIONS), ("/Subtype", _ACTIVE_SUBTYPES), ("/Type", _ACTIVE_TYPES)):
        value = obj.get(key)
        if isinstance(value, NameObject) and value in table:
            problems.add(table[value])
    if "/OpenAction" in obj:
        # An explicit destination ("open at page 1, fit width", as LaTeX writes) is a view
        # setting; any other action on opening is run without the reader asking for it.
        action = obj["/OpenAction"]
        if not isinstance(action, ArrayObject) and not (
            isinstance(action, DictionaryObject)
            and action.get("/S") == "/GoTo"
            and is_null_or_none(action.get("/Next"))  # a chained action would run by itself too
        ):
            problems.add(AUTOMATIC)


def _strip(obj: DictionaryObject) -> None:
    for key in _METADATA_KEYS:
        if key in obj:
            del obj[key]
    if obj.get("/Subtype") in _MARKUP_SUBTYPES and "/T" in obj:
        del obj["/T"]
