"""CSV and XLSX exports of a round's results for one category (what the results page
shows, row for row). A shared rank is its label ("=3"): a text cell in XLSX and, in CSV,
behind the formula guard (a leading apostrophe), so a spreadsheet never runs it."""

import csv
import io

from openpyxl import Workbook

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these runs as a formula in a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def headings():
    return [
        _("Rank"),
        _("Reference"),
        _("Title"),
        _("Judges"),
        _("Adjusted score"),
        _("Standard error"),
        _("Raw weighted mean"),
        _("Spread"),
        _("Strong disagreement"),
        _("State"),
    ]


def values(line):
    """One results line (see judging.views.results) as a list of cell values."""
    row, nomination = line.row, line.nomination
    return [
        row.rank_label if row.tied else row.rank,
        nomination.reference or "",
        nomination.title,
        row.judges,
        round(row.adjusted, 2),
        "" if row.standard_error is None else round(row.standard_error, 2),
        round(row.raw_mean, 2),
        float(row.spread),
        _("Yes") if row.disagreement else _("No"),
        nomination.get_state_display(),
    ]


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def filename(round_, category, extension):
    return f"results-{slugify(round_.cycle.year)}-round-{round_.number}-{category.code.lower()}.{extension}"


def csv_response(lines, round_, category):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings())
    for line in lines:
        writer.writerow([_safe_text(value) for value in values(line)])
    # With a byte order mark, spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(round_, category, "csv")}"'
    return response


def xlsx_response(lines, round_, category):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    sheet.append(headings())
    for line in lines:
        sheet.append(values(line))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(round_, category, "xlsx")}"'
    return response


def export(export_format, lines, round_, category):
    if export_format == "xlsx":
        return xlsx_response(lines, round_, category)
    return csv_response(lines, round_, category)
