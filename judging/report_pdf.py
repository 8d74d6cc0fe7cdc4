"""The judging report (judging.report.build_report) as a PDF, in the active language, built in
memory with reportlab. Chinese (and any text Helvetica cannot show) is set in reportlab's
built-in CID font STSong-Light, which PDF readers supply: no font file is needed."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from judging.report import adjustment_words, agreement_words
from nominations.pdf_text import CJK_FONT, register_cjk, standard


class Styles:
    """Paragraph styles for the active language: Helvetica, or the CJK font (with CJK line
    breaking) for Chinese and for any text Helvetica has no glyphs for."""

    def __init__(self, cjk):
        base = getSampleStyleSheet()
        self.cjk = cjk
        self.latin = {
            "title": base["Title"],
            "h2": base["Heading2"],
            "h3": base["Heading3"],
            "body": base["BodyText"],
            "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11),
        }
        self.wide = {
            name: ParagraphStyle(f"{name}-cjk", parent=style, fontName=CJK_FONT, wordWrap="CJK")
            for name, style in self.latin.items()
        }

    def paragraph(self, text, name="body"):
        text = str(text)
        style = self.wide[name] if self.cjk or not standard(text) else self.latin[name]
        return Paragraph(escape(text), style)


def _date(value, format_name="DATE_FORMAT"):
    return formats.date_format(timezone.localtime(value), format_name) if value else ""


def _number(value, places=2):
    # Rounded first: number_format cuts the digits off (-9.999... would show as -9.99).
    return "—" if value is None else formats.number_format(round(float(value), places) + 0.0, places)


def _panel_table(styles, panel):
    p = styles.paragraph
    sign_off = (
        _("by %(who)s, %(when)s")
        % {"who": panel.sign_off.who, "when": _date(panel.sign_off.signed_at, "DATETIME_FORMAT")}
        if panel.sign_off
        else _("not yet")
    )
    effects = (
        "—"
        if panel.effect_low is None
        else _("%(low)s to %(high)s") % {"low": _number(panel.effect_low), "high": _number(panel.effect_high)}
    )
    rows = [
        (_("Nominations ranked"), panel.ranked),
        (_("Counted judges per nomination"), panel.judges_words or "—"),
        (_("Method"), panel.method_words),
        (_("Judges"), panel.judges),
        (_("Residual SD"), _number(panel.residual_sd)),
        (_("Judge effects"), effects),
        (_("ICC(1)"), _number(panel.agreement)),
        (_("Kendall's W"), panel.kendall_words),
        (_("Ranking signed off"), sign_off),
    ]
    table = Table(
        [[p(label, "small"), p(value, "small")] for label, value in rows],
        colWidths=[55 * mm, 110 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _round_story(styles, section):
    p = styles.paragraph
    story = [p(section.round.get_number_display(), "h2")]
    for panel in section.panels:
        story += [p(panel.category.display_name, "h3"), _panel_table(styles, panel)]
    story.append(p(_("Conflicts of interest"), "h3"))
    declared = ngettext("%(counter)s declared by a judge", "%(counter)s declared by judges", section.declared) % {
        "counter": section.declared
    }
    detected = ngettext(
        "%(counter)s detected automatically", "%(counter)s detected automatically", section.detected
    ) % {"counter": section.detected}
    story.append(p(f"{declared}; {detected}. {_('A judge never counts for a nomination they have a conflict with.')}"))
    story.append(p(_("Rubric versions"), "h3"))
    if section.rubric_versions:
        for version in section.rubric_versions:
            line = _("Version %(number)s, %(when)s") % {"number": version.number, "when": _date(version.created_at)}
            if version.reason:
                line += f": {version.reason}"
            elif version.number == 1:
                line += f": {_('the rubric as judging began')}"
            story.append(p(f"• {line}"))
    else:
        story.append(p(_("No rubric version is recorded for this round yet.")))
    story.append(p(_("Decisions"), "h3"))
    if section.decisions:
        for label, standing, undone in section.decisions:
            line = f"{label}: {standing}"
            if undone:
                more = ngettext("%(counter)s undone", "%(counter)s undone", undone) % {"counter": undone}
                line += f" ({more})"
            story.append(p(f"• {line}"))
    else:
        story.append(p(_("No decision is recorded in this round.")))
    for heading, notes, undone in (
        (_("Decided with fewer scores than the round asks for"), section.overrides, False),
        (_("Decisions undone"), section.undone, True),
    ):
        if not notes:
            continue
        story.append(p(heading, "h3"))
        for note in notes:
            prefix = f"{note.reference}: " if note.reference else ""
            detail = (
                _("undone on %(when)s") % {"when": _date(note.at)}
                if undone
                else _("%(submitted)s of %(required)s scores")
                % {"submitted": note.submitted, "required": note.required}
            )
            story.append(p(f"• {prefix}{note.outcome}, {detail}. {_('Reason:')} {note.reason}"))
    return story


def report_pdf(report):
    """The PDF's bytes."""
    language = translation.get_language() or "en"
    cjk = language.lower().startswith("zh")
    register_cjk()
    styles = Styles(cjk)
    p = styles.paragraph
    title = _("Judging report: how the results were reached")
    story = [
        p(report.cycle.name, "h3"),
        p(title, "title"),
        p(
            " · ".join(
                [
                    ngettext("%(counter)s judge", "%(counter)s judges", report.judge_count)
                    % {"counter": report.judge_count},
                    ngettext("%(counter)s panel", "%(counter)s panels", report.panel_count)
                    % {"counter": report.panel_count},
                    ngettext("%(counter)s round", "%(counter)s rounds", len(report.rounds))
                    % {"counter": len(report.rounds)},
                ]
            )
        ),
        p(_("The adjustment model"), "h2"),
        p(adjustment_words()),
        p(agreement_words()),
    ]
    for section in report.rounds:
        story += _round_story(styles, section)
    before = report.declared_before + report.detected_before
    if before:
        story.append(Spacer(1, 4 * mm))
        story.append(
            p(
                ngettext(
                    "%(counter)s more conflict of interest was known before any assignment, so the judge was never "
                    "assigned that nomination.",
                    "%(counter)s more conflicts of interest were known before any assignment, so the judges were "
                    "never assigned those nominations.",
                    before,
                )
                % {"counter": before}
            )
        )
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{title} · {report.cycle.name}",
        lang=language,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story)
    return buffer.getvalue()
