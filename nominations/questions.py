"""A call's extra questions (CallPage.questions) and a nomination's answers to them: the
one home of their rules.

Which questions. A nomination stores its call's first-made page (core.locales.canonical_page).
That page's question blocks decide which questions exist, their kind, whether an answer is
required and which choices there are. The same call's page in the reader's language gives
the wording (label, help text, the choices' labels) for each question it has: matched by the
block's id, which Wagtail's copy for translation keeps (list items keep theirs too). A
question added to the original after it was translated and written again on the
translation has a new id there: the original's unmatched questions are then paired, in
order, with the translation's own, when their kinds agree. Anything without a match reads
in the original's wording.

What is stored. One NominationAnswer per answered question, as text: short and long text
as typed, a number as a plain decimal ("12.5"), a date in ISO form ("2026-05-01"), a choice
as the original page's text of that choice (readable in the database and the exports, and
still meaningful if an editor later rewords or removes the choice; it is shown in the
reader's language through the choice's list item id, or its position). A file question's
answer is a NominationFile with the question's id, validated and limited like every other
file (nominations.uploads, nominations.limits, the nomination's own limits) and shown under
its question, never again among the general evidence.

Questions removed after a nominator answered them: the answers stay and the awards office
sees them as "(question no longer asked)"; they count for nothing in completeness.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import get_supported_content_language_variant

from nominations.models import CallPage, Nomination, NominationAnswer, NominationFile

SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
CHOICE = "choice"
NUMBER = "number"
DATE = "date"
FILE = "file"

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = NominationAnswer._meta.get_field("value").max_length
NO_LONGER_ASKED = _("(question no longer asked)")


@dataclass(frozen=True)
class Choice:
    value: str  # the original page's text: what is stored
    label: str  # in the reader's language


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    help_text: str
    required: bool
    choices: tuple[Choice, ...] = ()

    @property
    def field_name(self):
        return f"question_{self.id}"

    @property
    def is_file(self):
        return self.kind == FILE

    def display(self, value):
        """A stored value as the reader reads it."""
        if self.kind == CHOICE:
            return next((c.label for c in self.choices if c.value == value), value)
        if self.kind == DATE and value:
            try:
                return date_format(date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                return value
        return value


def question_blocks(page):
    return [block for block in page.questions if block.block_type == "question"] if page is not None else []


def has_questions(call):
    """Whether the call asks anything of its own (no query: the page holds its questions)."""
    return bool(question_blocks(call))


def _wording_blocks(originals, translated):
    """{original block id: the translated block giving its wording}."""
    by_id = {block.id: block for block in translated}
    matched = {block.id: by_id[block.id] for block in originals if block.id in by_id}
    original_ids = {block.id for block in originals}
    own = [block for block in translated if block.id not in original_ids]
    unmatched = [block for block in originals if block.id not in matched]
    for original, block in zip(unmatched, own, strict=False):
        if original.value["kind"] == block.value["kind"]:
            matched[original.id] = block
    return matched


def _choices(original, worded):
    items = list(original.value["choices"].bound_blocks)
    if worded is None:
        return tuple(Choice(item.value, item.value) for item in items)
    words = list(worded.value["choices"].bound_blocks)
    by_id = {item.id: item.value for item in words}
    choices = []
    for position, item in enumerate(items):
        label = by_id.get(item.id)
        if label is None and len(words) == len(items):
            label = words[position].value
        choices.append(Choice(item.value, label or item.value))
    return tuple(choices)


def questions_for(call, wording=None):
    """The call's questions (call: the first-made page), worded from `wording`, the same
    call's page in the reader's language (None: the original's wording). No query."""
    originals = question_blocks(call)
    worded = (
        _wording_blocks(originals, question_blocks(wording)) if wording is not None and wording.pk != call.pk else {}
    )
    questions = []
    for block in originals:
        words = worded.get(block.id)
        source = (words or block).value
        questions.append(
            Question(
                id=block.id,
                kind=block.value["kind"],
                label=source["label"] or block.value["label"],
                help_text=source["help_text"] or ("" if words else block.value["help_text"]),
                required=bool(block.value["required"]),
                choices=_choices(block, words) if block.value["kind"] == CHOICE else (),
            )
        )
    return questions


def _language_code(language=None):
    try:
        return get_supported_content_language_variant(language or get_language())
    except LookupError:
        return None


def wording_pages(calls, language=None):
    """{call pk: the same call's page in `language` (the active one)}, one query for all."""
    calls = [call for call in calls if call is not None and has_questions(call)]
    code = _language_code(language)
    if not calls or code is None:
        return {}
    keys = {call.translation_key: call.pk for call in calls}
    pages = CallPage.objects.filter(translation_key__in=keys, locale__language_code=code).only(
        "id", "translation_key", "questions"
    )
    return {keys[page.translation_key]: page for page in pages}


def call_questions(call, language=None):
    """The call's questions in the reader's language: one query when it has any, else none."""
    if not has_questions(call):
        return []
    return questions_for(call, wording_pages([call], language).get(call.pk))


def steps_for(call):
    """The nomination form's steps for a call: the questions step only when it asks any."""
    from nominations.forms import STEPS  # noqa: PLC0415 (nominations.forms imports this module through nominations.models.nomination)

    return [step for step in STEPS if step[0] != "questions" or has_questions(call)]


# Answers ------------------------------------------------------------------------------


def stored_answers(nomination):
    """{question id: NominationAnswer} (uses a prefetch of "answers" when there is one)."""
    return {answer.question_id: answer for answer in nomination.answers.all()}


def stored_files(nomination):
    """{question id: NominationFile} of file answers (uses a prefetch of "files")."""
    return {record.question_id: record for record in nomination.files.all() if record.question_id}


def general_files(nomination):
    """The nomination's evidence files, without those answering a question."""
    return [record for record in nomination.files.all() if not record.question_id]


def is_answered(question, answers, files):
    if question.is_file:
        return question.id in files
    answer = answers.get(question.id)
    return answer is not None and bool(answer.value.strip())


def unanswered_required(nomination):
    """The call's required questions this nomination has not answered (the original's
    questions: no wording needed, so no query for it)."""
    questions = [q for q in questions_for(nomination.call) if q.required]
    if not questions:
        return []
    answers, files = stored_answers(nomination), stored_files(nomination)
    return [q for q in questions if not is_answered(q, answers, files)]


@dataclass
class AnswerRow:
    label: str
    text: str
    question: Question | None = None
    file: NominationFile | None = None
    file_url: str = ""
    file_label: str = ""

    @property
    def removed(self):
        return self.question is None

    @property
    def answered(self):
        return bool(self.text) or self.file is not None


def answer_rows(nomination, questions, *, removed=False, files=None, file_link=None):
    """The nomination's answers, one row per question in the call's order; with
    removed=True (the awards office) also answers to questions no longer asked. `files`:
    {question id: file} the reader may open (default: all of the nomination's);
    `file_link(record)` gives (url, label) for a file answer."""
    answers = stored_answers(nomination)
    files = stored_files(nomination) if files is None else files
    rows = []
    for question in questions:
        row = AnswerRow(label=question.label, text="", question=question)
        if question.is_file:
            row.file = files.get(question.id)
        elif question.id in answers:
            row.text = question.display(answers[question.id].value)
        rows.append(row)
    if removed:
        asked = {q.id for q in questions}
        for question_id, answer in answers.items():
            if question_id not in asked and answer.value:
                rows.append(AnswerRow(label=f"{answer.question_label} {NO_LONGER_ASKED}", text=answer.value))
        for question_id, record in files.items():
            if question_id not in asked:
                rows.append(AnswerRow(label=str(NO_LONGER_ASKED), text="", file=record))
    for row in rows:
        if row.file is not None:
            row.file_url, row.file_label = file_link(row.file) if file_link else ("", row.file.original_name)
    return rows


# Saving -------------------------------------------------------------------------------


def stored_value(question, value):
    """A cleaned form value as the text stored for it."""
    if value in (None, ""):
        return ""
    if question.kind == NUMBER:
        return format(Decimal(value).normalize(), "f")
    if question.kind == DATE:
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class SavedAnswers:
    saved: dict  # field name -> the text now stored, for each answer written or equal already
    conflicts: tuple  # nominations.autosave.Conflict, by field name, for answers not written


def save_answers(*, nomination, questions, values, bases=None, uploads=None, remove_files=()):
    """Stores a nomination's answers, all or none, with its row locked so that two saves at
    once are decided one after the other. values: {question id: cleaned value} of the
    non-file questions to save; bases: {field name: the text the page showed}, so an answer
    the person did not change is not written, and one changed meanwhile elsewhere is a
    conflict, not overwritten (nominations.autosave.merge, the other steps' rule); uploads:
    {question id: ValidatedUpload}, each replacing the question's earlier file;
    remove_files: question ids whose file is removed. Raises services.AccountLimitReached,
    storing nothing, past the account's limits."""
    from nominations import autosave, services  # noqa: PLC0415 (nominations.autosave imports this module through nominations.services)

    uploads = uploads or {}
    asked = {q.field_name: q for q in questions if not q.is_file and q.id in values}
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).values_list("pk").get()
        existing = {a.question_id: a for a in NominationAnswer.objects.filter(nomination=nomination)}
        stored = {name: existing[q.id].value if q.id in existing else "" for name, q in asked.items()}
        new = {name: stored_value(q, values[q.id]) for name, q in asked.items()}
        result = autosave.merge(stored=stored, new=new, bases=bases or {})
        for name, value in result.apply.items():
            question, answer = asked[name], existing.get(asked[name].id)
            label = question.label[:200]
            if not value:
                if answer is not None:
                    answer.delete()
            elif answer is None:
                NominationAnswer.objects.create(
                    nomination=nomination, question_id=question.id, question_label=label, value=value
                )
            else:
                answer.value, answer.question_label = value, label
                answer.save(update_fields=["value", "question_label", "updated_at"])
        replaced = set(uploads) | set(remove_files)
        old = list(NominationFile.objects.filter(nomination=nomination, question_id__in=replaced)) if replaced else []
        if uploads:
            ids = list(uploads)
            records = services.add_files(nomination=nomination, uploads=[uploads[i] for i in ids])
            for question_id, record in zip(ids, records, strict=True):
                record.question_id = question_id
                record.save(update_fields=["question_id"])
        for record in old:
            services.delete_file(nomination_file=record)
        nomination.save(update_fields=["updated_at"])
    saved = {name: new[name] for name in (*result.apply, *result.same)}
    return SavedAnswers(saved=saved, conflicts=result.conflicts)


def owner_file_link(record):
    """(URL, name) of a file answer for its nominator and the awards office."""

    return reverse("nominations:file", args=[record.pk]), record.original_name


def office_answer_rows(nomination, user):
    """The answers as the admin shows them: with those to questions no longer asked, and
    links to the files this user may open (nominations.predicates.can_open_files)."""
    from nominations.queries import files_visible_to  # noqa: PLC0415 (nominations.queries imports this module through nominations.models)

    visible = set(files_visible_to(user).filter(nomination=nomination).values_list("pk", flat=True))

    def link(record):
        return (owner_file_link(record)[0] if record.pk in visible else ""), record.original_name

    return answer_rows(nomination, call_questions(nomination.call), removed=True, file_link=link)
