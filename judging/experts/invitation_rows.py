"""The experts an administrator invites, read from a pasted list or an uploaded spreadsheet
(.csv or .xlsx) into rows, each with its line number; every bad line gives an error that
names it. Nothing here writes: judging.experts.invitations invites the rows.

A pasted line is `email`, `Name <email>`, or `email, name, organisation, language`
(commas or tabs; the language is optional). A spreadsheet's first row names its columns
(email, name, organisation, language, categories; or 邮箱, 姓名, 单位, 语言, 类别)."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from nominations.models import Category

MAX_ROWS = 500
MAX_FILE_BYTES = 1024 * 1024
# An .xlsx is a zip: what it holds unpacked, at most (a "zip bomb" is refused before openpyxl opens it).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_COLUMNS = 30

LANGUAGE_NAMES = {
    "zh-hans": "zh-hans",
    "zh_hans": "zh-hans",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "cn": "zh-hans",
    "chinese": "zh-hans",
    "中文": "zh-hans",
    "简体中文": "zh-hans",
    "汉语": "zh-hans",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}
HEADERS = {
    "email": {"email", "e-mail", "email address", "mail", "邮箱", "电子邮箱", "电子邮件", "邮件"},
    "name": {"name", "full name", "姓名", "名字"},
    "organisation": {"organisation", "organization", "affiliation", "单位", "工作单位", "机构"},
    "language": {"language", "语言"},
    "categories": {"categories", "category", "类别", "类别代码"},
}
ANGLE = re.compile(r"^\s*\"?(?P<name>[^<>\"]*?)\"?\s*<(?P<email>[^<>]+)>\s*$")
SEPARATORS = re.compile("[,\t\uff0c]")
CATEGORY_SEPARATORS = re.compile("[,;/|\uff0c\uff1b\u3001]")


@dataclass
class Row:
    line: int
    email: str
    name: str = ""
    organisation: str = ""
    language: str = ""  # empty: the form's default language
    categories: tuple = ()  # empty: the form's suggested categories


class FileRefused(Exception):
    """A file that cannot be read at all (too big, not a spreadsheet): its message is the form's error."""


def normalise_email(email):
    """As the User manager stores an address: trimmed, lower-case."""
    return BaseUserManager.normalize_email((email or "").strip()).lower()


def language_code(value):
    """A language as written ("zh-hans", "中文", "English"…) as one of settings.LANGUAGES' codes, or None."""
    code = LANGUAGE_NAMES.get(str(value or "").strip().lower())
    return code if code in dict(settings.LANGUAGES) else None


def category_lookup():
    """Each category by its code and by its name in every language, compared without case."""
    lookup = {}
    for category in Category.objects.all():
        names = [
            category.code,
            *(getattr(category, f"name_{code.replace('-', '_')}", "") for code, _n in settings.LANGUAGES),
        ]
        for name in names:
            if name:
                lookup[name.strip().casefold()] = category
    return lookup


def line_error(line, message):
    return _("Line %(line)d: %(message)s") % {"line": line, "message": message}


def make_row(line, fields, lookup, seen):
    """A Row from one line's fields, or raises ValidationError with the line's message."""
    if fields.get("too_many"):
        raise ValidationError(_("too many fields: write email, name, organisation, language."))
    email = normalise_email(fields.get("email"))
    if not email:
        raise ValidationError(_("no email address."))
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("“%(email)s” is not an email address.") % {"email": email}) from None
    if email in seen:
        raise ValidationError(_("%(email)s is already on line %(first)d.") % {"email": email, "first": seen[email]})
    name = " ".join(str(fields.get("name") or "").split())
    organisation = " ".join(str(fields.get("organisation") or "").split())
    if len(name) > 200 or len(organisation) > 200:
        raise ValidationError(_("a name or organisation longer than 200 characters."))
    language = ""
    if str(fields.get("language") or "").strip():
        language = language_code(fields["language"])
        if language is None:
            raise ValidationError(
                _("unknown language “%(language)s” (write zh-hans or en).") % {"language": fields["language"]}
            )
    categories = []
    for part in CATEGORY_SEPARATORS.split(str(fields.get("categories") or "")):
        if not part.strip():
            continue
        category = lookup.get(part.strip().casefold())
        if category is None:
            raise ValidationError(_("unknown category “%(category)s”.") % {"category": part.strip()})
        if category not in categories:
            categories.append(category)
    seen[email] = line
    return Row(line, email, name, organisation, language, tuple(categories))


def collect(numbered_fields):
    """(rows, errors) from (line number, fields) pairs; no rows when there is any error."""
    lookup = category_lookup()
    rows, errors, seen = [], [], {}
    for line, fields in numbered_fields:
        if len(rows) + len(errors) >= MAX_ROWS:
            return [], [_("More than %(max)d experts at once: split the list.") % {"max": MAX_ROWS}]
        try:
            rows.append(make_row(line, fields, lookup, seen))
        except ValidationError as error:
            errors.append(line_error(line, error.messages[0]))
    if not rows and not errors:
        errors.append(_("No experts found: write one email address a line."))
    return ([] if errors else rows), errors


def pasted_fields(line):
    match = ANGLE.match(line)
    if match:
        return {"email": match["email"], "name": match["name"]}
    parts = [part.strip() for part in SEPARATORS.split(line)]
    first = ANGLE.match(parts[0])
    if first:  # "Name <email>, organisation"
        return {"email": first["email"], "name": first["name"], "organisation": parts[1] if len(parts) > 1 else ""}
    if len(parts) > 4:
        return {"too_many": True}
    return dict(zip(("email", "name", "organisation", "language"), parts, strict=False))


def parse_text(text):
    """(rows, errors) from a pasted list, one expert a line; blank lines are skipped."""
    numbered = (
        (number, pasted_fields(line)) for number, line in enumerate(str(text or "").splitlines(), 1) if line.strip()
    )
    return collect(numbered)


# Spreadsheets ----------------------------------------------------------------------


def header_names(cells):
    """Each column's field name (None for a column we do not read)."""
    names = []
    for cell in cells:
        label = " ".join(str(cell or "").replace("\ufeff", "").split()).casefold()
        names.append(next((field for field, labels in HEADERS.items() if label in labels), None))
    if "email" not in names:
        raise FileRefused(_("The first row must name the columns, with one called “email” (or 邮箱)."))
    return names


def table_fields(rows):
    """(line number, fields) for each non-empty row under the header row (line 1)."""
    rows = iter(rows)
    names = header_names(next(rows, ()))
    for number, cells in enumerate(rows, 2):
        values = ["" if cell is None else str(cell).strip() for cell in cells]
        if not any(values):
            continue
        yield number, {name: value for name, value in zip(names, values, strict=False) if name}


def decode(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("The file is neither UTF-8 nor GB18030 text: save it as CSV UTF-8 and try again."))


def csv_rows(data):
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise FileRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def check_zip(data):
    """Refuses what is not a zip, or unpacks to too much, before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(_("This is not an Excel workbook (.xlsx): it cannot be opened.")) from None
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise FileRefused(_("This workbook unpacks to too much data to be read: save a smaller .xlsx or a .csv."))


def xlsx_rows(data):
    check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise FileRefused(_("This is not an Excel workbook (.xlsx): it cannot be opened.")) from None
    try:
        rows = []
        for cells in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(cells)
            if len(rows) > MAX_ROWS * 2 + 1:  # blank rows are skipped later; stop reading a sheet far too long
                break
        return rows
    except Exception:
        raise FileRefused(_("This is not an Excel workbook (.xlsx): it cannot be opened.")) from None
    finally:
        book.close()


def parse_file(upload):
    """(rows, errors) from an uploaded .csv or .xlsx; raises FileRefused for a file that
    cannot be read at all."""
    if upload.size > MAX_FILE_BYTES:
        raise FileRefused(_("The file is larger than 1 MB: split it into smaller files."))
    name = (upload.name or "").lower()
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(_("The file is larger than 1 MB: split it into smaller files."))
    if name.endswith(".xlsx"):
        rows = xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        rows = csv_rows(data)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    if not rows:
        raise FileRefused(_("The file is empty."))
    return collect(table_fields(rows))
