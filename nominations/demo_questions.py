# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The demo's extra questions (CallPage.questions) on the current cycle's technology call, in
Chinese and English, and the demo nominations' answers to them. Both pages of the call hold
the same block ids, as Wagtail's copy for translation leaves them: an answer is tied to the
question by its id whatever the reader's language (nominations.questions)."""

import uuid
from io import BytesIO

from PIL import Image, ImageDraw

from django.core.files.uploadedfile import SimpleUploadedFile

from nominations import questions, services
from nominations.models import NominationFile
from nominations.uploads import validate_upload

ZH, EN = "zh-hans", "en"
CATEGORY = "TEC"  # the current cycle's call that asks them


def _id(name):
    # Fixed ids: a second run, or a database an earlier demo made, finds the same questions.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://example.org/demo/questions/{name}"))


READINESS = [
    ("lab", "实验室研发", "Research in the laboratory"),
    ("pilot", "中试或示范应用", "Pilot or demonstration"),
    ("early", "已有首批用户", "First customers"),
    ("wide", "规模化推广应用", "In wide use"),
]
# (name, kind, required, {language: (question, help text)})
QUESTIONS = [
    (
        "readiness",
        questions.CHOICE,
        True,
        {
            ZH: ("技术成熟度", "请选择该技术目前所处的阶段。"),
            EN: ("Technology readiness", "Where the technology stands today."),
        },
    ),
    (
        "jobs",
        questions.NUMBER,
        False,
        {
            ZH: ("新增就业岗位（个）", "在本市新增的直接就业岗位数，可填写估计值。"),
            EN: ("Jobs created", "Direct jobs created in the city; an estimate will do."),
        },
    ),
    (
        "certificate",
        questions.FILE,
        False,
        {
            ZH: ("第三方检测或认证证书", "如有，请上传PDF或图片。"),
            EN: ("Third-party test or certification", "If you have one, upload it as a PDF or an image."),
        },
    ),
]


def question_stream(language):
    """The call page's questions in `language`, as raw stream data with the fixed ids."""
    stream = []
    for name, kind, required, texts in QUESTIONS:
        label, help_text = texts[language]
        choices = []
        if kind == questions.CHOICE:
            column = 1 if language == ZH else 2
            choices = [{"type": "item", "value": row[column], "id": _id(f"{name}/{row[0]}")} for row in READINESS]
        value = {"kind": kind, "label": label, "help_text": help_text, "required": required, "choices": choices}
        stream.append({"type": "question", "value": value, "id": _id(name)})
    return stream


def add_to_call(pages):
    """Gives the call's pages ({language: page}) their questions, when an earlier demo made
    them without: the first language's page first, then its translation, each published."""
    for language, page in pages.items():
        if not page.questions:
            page.questions = question_stream(language)
            page.save_revision().publish()


def _certificate_file():
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([40, 40, 555, 802], outline=(22, 101, 52), width=6)
    draw.text((80, 100), "Certificate of conformity: fuel-cell stack, 120 kW", fill="black")
    buffer = BytesIO()
    page.save(buffer, "PDF")
    return SimpleUploadedFile("certificate-of-conformity.pdf", buffer.getvalue())


# What the demo's nominations answer: every nomination in the call the required choice
# (it cannot be submitted without), the nominator's draft one more, one submitted all.
ANSWERS = {
    "Coal-mine safety sensors on a 5G private network": {"readiness": "pilot", "jobs": 45},
    "Hydrogen fuel-cell city buses": {"readiness": "wide", "jobs": 120, "certificate": True},
}
DEFAULT = {"readiness": "early"}


def answer(nomination):
    """Answers the call's questions for a demo nomination (none when its call asks none,
    or when it has answers already). Through nominations.questions, as the form saves them;
    the file as the form's upload would store it, outside the hourly upload limit the
    demo's many files would reach."""
    asked = {q.id: q for q in questions.questions_for(nomination.call)}
    if not asked or nomination.answers.exists():
        return
    wanted = ANSWERS.get(nomination.title, DEFAULT)
    values = {}
    for name, value in wanted.items():
        question = asked.get(_id(name))
        if question is None:
            continue
        if question.kind == questions.CHOICE:
            position = [row[0] for row in READINESS].index(value)
            values[question.id] = question.choices[position].value
        elif question.kind == questions.FILE:
            record = services.add_file(nomination=nomination, upload=validate_upload(_certificate_file()))
            NominationFile.objects.filter(pk=record.pk).update(question_id=question.id)
        else:
            values[question.id] = value
    questions.save_answers(nomination=nomination, questions=list(asked.values()), values=values)
