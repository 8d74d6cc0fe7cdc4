"""The admin's nominations export with a column per question of the exported calls
(nominations.questions): headings in the active language, a choice in the active language,
a file answer by its file name.

Its memory does not grow with the rows: they are read in chunks (QuerySet.iterator), each
chunk with its answers and files prefetched; the CSV is streamed as it is written, and the
workbook is written to a temporary file and streamed from there. Queries: the calls and
their wording, then the rows, plus the answers and files once per chunk."""

import tempfile
from collections import OrderedDict

from django.db.models import F, Prefetch
from django.http import FileResponse

from wagtail.coreutils import multigetattr

from nominations.models import CallPage, NominationAnswer, NominationFile
from nominations.models.choices import Region
from nominations.questions import CHOICE, questions_for, wording_pages

PREFIX = "question:"
# Exported columns read through a relation: fetched as columns of the rows' own query.
JOINED_COLUMNS = {
    "call.category.code": "call__category__code",
    "call.cycle.year": "call__cycle__year",
    "nominator.email": "nominator__email",
}
# Rows read at a time (with their answers and files): the export's memory is about one chunk's.
CHUNK_SIZE = 500
# The CSV goes out in pieces of about this many bytes, not a write per row.
CSV_PIECE_BYTES = 64 * 1024
FILE_FIELDS = ("nomination_id", "question_id", "original_name")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChunkedRows:
    """A queryset read CHUNK_SIZE rows at a time, its prefetches done per chunk: iterating
    it keeps no rows once they are written (a QuerySet would keep them all)."""

    def __init__(self, queryset, chunk_size=None):
        self.queryset = queryset
        self.model = queryset.model
        self.chunk_size = chunk_size or CHUNK_SIZE

    def __iter__(self):
        return self.queryset.iterator(chunk_size=self.chunk_size)


class QuestionColumnsExportMixin:
    """For a Wagtail IndexView with SpreadsheetExportMixin over nominations."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        calls = list(
            CallPage.objects.filter(pk__in=queryset.values("call_id"))
            .select_related("category")
            .order_by("category__code", "pk")
        )
        wording = wording_pages(calls)
        self.question_columns = {}
        headings = dict(self.export_headings)
        several = len({call.pk for call in calls}) > 1
        for call in calls:
            for question in questions_for(call, wording.get(call.pk)):
                key = f"{PREFIX}{call.pk}:{question.id}"
                self.question_columns[key] = (call.pk, question)
                headings[key] = f"{question.label} ({call.category.code})" if several else question.label
        self.list_export = [*self.list_export, *self.question_columns]
        self.export_headings = headings
        # Each row reads its category, cycle and nominator as three columns of its own query
        # (no call page, category, cycle or user built per row), and its choices' labels
        # from a table made once (a model's get_FOO_display() re-reads the choices each time).
        self.joined_columns = {field: f"export_{path}" for field, path in JOINED_COLUMNS.items() if field in headings}
        queryset = queryset.select_related(None).annotate(
            **{alias: F(JOINED_COLUMNS[field]) for field, alias in self.joined_columns.items()}
        )
        self.choice_labels = {}
        for field in self.list_export:
            if field.startswith("get_") and field.endswith("_display"):
                model_field = queryset.model._meta.get_field(field[4:-8])
                # A list of codes (partner regions) reads with the regions' labels.
                choices = model_field.flatchoices or (Region.choices if model_field.name == "partner_regions" else ())
                self.choice_labels[field] = (model_field.attname, {k: str(v) for k, v in choices})
        if self.question_columns:
            queryset = queryset.prefetch_related(
                Prefetch(
                    "answers",
                    NominationAnswer.objects.only("nomination_id", "question_id", "value"),
                    to_attr="export_answers",  # lists: no queryset made per row
                ),
                Prefetch(
                    "files", NominationFile.objects.exclude(question_id="").only(*FILE_FIELDS), to_attr="export_files"
                ),
            )
        return super().as_spreadsheet(ChunkedRows(queryset), spreadsheet_format)

    def stream_csv(self, queryset):
        piece = []
        size = 0
        for line in super().stream_csv(queryset):
            piece.append(line)
            size += len(line)
            if size >= CSV_PIECE_BYTES:
                yield b"".join(piece)
                piece, size = [], 0
        if piece:
            yield b"".join(piece)

    def write_xlsx_response(self, queryset):
        # A temporary file, not memory: the workbook of 20,000 nominations is megabytes.
        output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output, as_attachment=True, content_type=XLSX_CONTENT_TYPE, filename=f"{self.get_filename()}.xlsx"
        )

    def to_row_dict(self, item):
        row = OrderedDict()
        answers = files = None
        for field in self.list_export:
            if not field.startswith(PREFIX):
                if field in self.joined_columns:
                    row[field] = getattr(item, self.joined_columns[field])
                elif field in self.choice_labels:
                    attname, labels = self.choice_labels[field]
                    value = getattr(item, attname)
                    if isinstance(value, list):
                        row[field] = ", ".join(labels.get(code, code) for code in value)
                    else:
                        row[field] = labels.get(value, value)
                else:
                    row[field] = multigetattr(item, field)
                continue
            call_pk, question = self.question_columns[field]
            if item.call_id != call_pk:
                row[field] = ""
                continue
            if answers is None:
                answers = {a.question_id: a.value for a in item.export_answers}
                files = {f.question_id: f.original_name for f in item.export_files}
            if question.is_file:
                row[field] = files.get(question.id, "")
            else:
                value = answers.get(question.id, "")
                row[field] = question.display(value) if question.kind == CHOICE else value
        return row
