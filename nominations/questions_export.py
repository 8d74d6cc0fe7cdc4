"""The admin's nominations export with a column per question of the exported calls
(nominations.questions): headings in the active language, a choice in the active language,
a file answer by its file name. Four queries more whatever the number of rows: the calls,
their wording, and the answers and files prefetched."""

from collections import OrderedDict

from wagtail.coreutils import multigetattr

from nominations.models import CallPage
from nominations.questions import CHOICE, questions_for, wording_pages

PREFIX = "question:"


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
        if self.question_columns:
            queryset = queryset.prefetch_related("answers", "files")
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        row = OrderedDict()
        answers = files = None
        for field in self.list_export:
            if not field.startswith(PREFIX):
                row[field] = multigetattr(item, field)
                continue
            call_pk, question = self.question_columns[field]
            if item.call_id != call_pk:
                row[field] = ""
                continue
            if answers is None:
                answers = {a.question_id: a.value for a in item.answers.all()}
                files = {f.question_id: f.original_name for f in item.files.all() if f.question_id}
            if question.is_file:
                row[field] = files.get(question.id, "")
            else:
                value = answers.get(question.id, "")
                row[field] = question.display(value) if question.kind == CHOICE else value
        return row
