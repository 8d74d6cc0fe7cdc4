"""A copy of a nomination for its nominator, as a PDF: every answer in the form's step order
(nominations.forms.STEPS), labelled in the active language, the files by name, the answers
to the call's own questions, the reference, the submission's date and the state as the
nominator may see it (nominations.presentation.describe: no result before the
announcement). Built in memory with reportlab; Chinese in the built-in CID font."""

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from nominations.forms import STEPS
from nominations.pdf_text import CJK_FONT, markup, register_cjk, standard
from nominations.presentation import describe, field_text
from nominations.questions import answer_rows, call_questions, general_files

LATIN = "Helvetica"
LABEL_WIDTH = 55 * mm
VALUE_WIDTH = 115 * mm


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list  # (label, value) pairs


def _style(base, name, **overrides):
    return ParagraphStyle(name, parent=base, **overrides)


class Styles:
    def __init__(self):
        sheet = getSampleStyleSheet()
        self.title = _style(sheet["Title"], "copy-title", fontSize=17, leading=22, alignment=0)
        self.h2 = _style(sheet["Heading2"], "copy-h2", fontSize=12.5, leading=16, spaceBefore=10)
        self.body = _style(sheet["BodyText"], "copy-body", fontSize=9.5, leading=13.5)
        self.label = _style(self.body, "copy-label", textColor=colors.HexColor("#4b5563"))
        self.small = _style(self.body, "copy-small", fontSize=8, leading=10, textColor=colors.HexColor("#4b5563"))

    def paragraph(self, text, style=None):
        style = style or self.body
        text = str(text if text not in (None, "") else "—")
        if not standard(text):
            # Chinese breaks between any two characters, not only at spaces.
            style = _style(style, f"{style.name}-cjk", wordWrap="CJK")
        return Paragraph("<br/>".join(markup(line, LATIN) for line in text.splitlines() or [""]), style)


def _datetime(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"


def _questions(nomination):
    """(label, answer) rows for the call's own questions, in the call's order and the reader's
    language (nominations.questions), a file answer by its name."""
    rows = []
    for row in answer_rows(nomination, call_questions(nomination.call)):
        rows.append((row.label, row.file.original_name if row.file is not None else row.text))
    return rows


def sections(nomination):
    """The nomination's answers, step by step, as the form asked them."""
    fields = {field.name: field for field in nomination._meta.fields}
    result = []
    for slug, label, names in STEPS:
        if slug == "files":
            rows = [
                (record.original_name, f"{record.get_kind_display()}, {filesizeformat(record.size)}")
                for record in general_files(nomination)
            ] or [(_("Files"), _("None"))]
        elif slug == "questions":
            rows = _questions(nomination)
            if not rows:
                continue
        else:
            rows = [(capfirst(fields[name].verbose_name), field_text(nomination, name)) for name in names]
        result.append(Section(heading=str(label), rows=rows))
    return result


def _table(styles, rows):
    table = Table(
        [[styles.paragraph(label, styles.label), styles.paragraph(value)] for label, value in rows],
        colWidths=[LABEL_WIDTH, VALUE_WIDTH],
        hAlign="LEFT",
        # A long answer (a description may take 5,000 characters) runs on to the next page.
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def nomination_pdf(nomination, now=None):
    """The PDF's bytes, in the active language."""
    now = now or timezone.now()
    register_cjk()
    styles = Styles()
    p = styles.paragraph
    state = describe(nomination, now)
    reference = nomination.reference or _("Draft")
    title = _("Nomination %(reference)s") % {"reference": reference}
    facts = [
        (_("Reference"), reference),
        (_("Call"), f"{nomination.call.category.display_name} · {nomination.call.cycle.name}"),
        (_("Submitted"), _datetime(nomination.submitted_at)),
        (_("Status"), f"{state.label}. {state.next_step}"),
        (_("Copy made"), _datetime(now)),
    ]
    story = [p(title, styles.title), p(nomination.title or _("(untitled)"), styles.h2), _table(styles, facts)]
    for section in sections(nomination):
        story += [p(section.heading, styles.h2), _table(styles, section.rows)]
    story += [
        Spacer(1, 6 * mm),
        p(_("A copy for your records. The awards office keeps the nomination as you submitted it."), styles.small),
    ]

    footer = f"{reference} · {_('Copy made')} {_datetime(now)}"

    def on_page(canvas, document):
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#4b5563"))
        canvas.setFont(LATIN if standard(footer) else CJK_FONT, 8)
        canvas.drawString(20 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    buffer = BytesIO()
    language = translation.get_language() or "en"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{title} · {nomination.title}",
        lang=language,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
