"""The winners' certificates as one PDF: A4 landscape, one page per certificate, each line in
Chinese with its English beneath. Built from plain data: the award level (which judging
keeps) and the emblem and signatures (which the site settings keep) are gathered by the
caller, judging.certificates, since nominations imports neither."""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from django.utils.translation import gettext_lazy as _

from nominations.pdf_text import CHINESE, ENGLISH, Both, date_in, draw, fit, in_both, register_cjk

PAGE = landscape(A4)
ACCENT = HexColor("#b91c1c")  # the site's accent (static/css/site.css)
ACCENT_DARK = HexColor("#7f1d1d")
GOLD = HexColor("#a16207")
INK = HexColor("#1f2937")
MUTED = HexColor("#4b5563")
SERIF, SERIF_BOLD, SERIF_ITALIC = "Times-Roman", "Times-Bold", "Times-Italic"
TEXT_WIDTH = 200 * mm


@dataclass(frozen=True)
class Certificate:
    """What one certificate says. `award` is the award level's name in both languages (or
    "Commended" when the office gave none); names and titles are as the nominator wrote them."""

    reference: str
    nominee: str
    organisation: str
    title: str
    award: Both
    category: Both
    cycle: Both
    announced_at: datetime | None


@dataclass(frozen=True)
class Signatory:
    name: Both
    title: Both
    signature: bytes | None = None  # an image file's bytes; None leaves a line to sign on


@dataclass(frozen=True)
class Decoration:
    """What every certificate of the site carries: the awards' and the organiser's names,
    the emblem (an image file's bytes) and the signatories, from the site settings."""

    awards_name: Both
    organiser: Both
    emblem: bytes | None = None
    signatories: tuple = ()


def commended_words():
    return in_both(_("Commended"))


def _image(data):
    """An ImageReader for the bytes, or None when they are not an image reportlab reads
    (a site setting's image is checked by Wagtail on upload; this is the last guard)."""
    if not data:
        return None
    try:
        reader = ImageReader(BytesIO(data))
        reader.getSize()
    except Exception:  # PIL raises many kinds: a certificate without the image beats none
        return None
    return reader


def _draw_image(canvas, reader, centre_x, bottom, max_width, max_height):
    width, height = reader.getSize()
    scale = min(max_width / width, max_height / height)
    drawn_width, drawn_height = width * scale, height * scale
    canvas.drawImage(
        reader, centre_x - drawn_width / 2, bottom, drawn_width, drawn_height, mask="auto", preserveAspectRatio=True
    )


class _Page:
    """One certificate page. The middle is written from the top down (self.y is the next
    line's top), first measured without drawing: when long names would run into the
    signatures, every size is scaled down to fit."""

    top = PAGE[1] - 22 * mm
    bottom = 49 * mm  # above the signatures
    signature_line = 32 * mm
    slot = 70 * mm

    def __init__(self, canvas, decoration, images):
        self.canvas = canvas
        self.decoration = decoration
        self.images = images
        self.width, self.height = PAGE
        self.centre = self.width / 2
        self.scale = 1.0
        self.drawing = False
        self.y = self.top

    def line(self, text, latin_font, size, colour=INK, min_size=None, gap=0.3, max_lines=2):
        """A centred line (two at most), the font chosen for its characters, shrunk to fit."""
        if not text:
            return
        size *= self.scale
        lines, size = fit(text, latin_font, size, TEXT_WIDTH, min_size or size * 0.6, max_lines=max_lines)
        self.canvas.setFillColor(colour)
        for line in lines:
            self.y -= size
            if self.drawing:
                draw(self.canvas, line, self.centre, self.y, latin_font, size)
            self.y -= size * gap

    def both(self, text, size, colour=INK, bold=False, english_size=None):
        """Chinese first, English beneath, a little smaller."""
        lines = text.lines()
        for index, line in enumerate(lines):
            english = index == 1
            self.line(line, SERIF_BOLD if bold else SERIF, (english_size or size * 0.8) if english else size, colour)

    def space(self, amount):
        self.y -= amount * self.scale

    def frame(self):
        c = self.canvas
        c.setStrokeColor(ACCENT)
        c.setLineWidth(3)
        c.rect(9 * mm, 9 * mm, self.width - 18 * mm, self.height - 18 * mm)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.8)
        c.rect(13 * mm, 13 * mm, self.width - 26 * mm, self.height - 26 * mm)
        c.setFillColor(GOLD)
        for x in (13 * mm, self.width - 13 * mm):
            for y in (13 * mm, self.height - 13 * mm):
                path = c.beginPath()
                path.moveTo(x, y + 3 * mm)
                path.lineTo(x + 3 * mm, y)
                path.lineTo(x, y - 3 * mm)
                path.lineTo(x - 3 * mm, y)
                path.close()
                c.drawPath(path, stroke=0, fill=1)

    def emblem(self):
        reader = self.images.get("emblem")
        if reader is None:
            self.space(4 * mm)
            return
        size = 20 * mm * self.scale
        self.y -= size
        if self.drawing:
            _draw_image(self.canvas, reader, self.centre, self.y, size, size)
        self.space(3 * mm)

    def rule(self):
        if self.drawing:
            self.canvas.setStrokeColor(GOLD)
            self.canvas.setLineWidth(0.6)
            self.canvas.line(self.centre - 30 * mm, self.y, self.centre + 30 * mm, self.y)

    def middle(self, certificate):
        title = in_both(_("Certificate of Award"))
        self.emblem()
        self.both(self.decoration.awards_name, 13, MUTED, english_size=10.5)
        self.space(2 * mm)
        self.line(title.zh, SERIF_BOLD, 32, ACCENT)
        if title.en != title.zh:
            self.line(title.en.upper(), SERIF_BOLD, 14, ACCENT_DARK)
        self.space(1.5 * mm)
        self.rule()
        self.space(4 * mm)
        self.both(in_both(_("This certifies that")), 11, MUTED, english_size=9.5)
        self.line(certificate.nominee, SERIF_BOLD, 24, INK, min_size=14)
        self.line(certificate.organisation, SERIF, 12, MUTED, min_size=9, max_lines=1)
        self.space(1.5 * mm)
        self.both(in_both(_("for the innovation")), 11, MUTED, english_size=9.5)
        self.line(f"“{certificate.title}”", SERIF_ITALIC, 16, INK, min_size=11)
        self.space(1.5 * mm)
        self.both(in_both(_("has been awarded")), 11, MUTED, english_size=9.5)
        self.both(certificate.award, 22, ACCENT, bold=True, english_size=14)
        self.space(1.5 * mm)
        self.both(
            Both(
                " · ".join(part for part in (certificate.cycle.zh, certificate.category.zh) if part),
                " · ".join(part for part in (certificate.cycle.en, certificate.category.en) if part),
            ),
            11,
            INK,
            english_size=9.5,
        )

    def footer(self, certificate):
        """The reference and the announcement's date, small, centred between the signatures."""
        reference, announced = in_both(_("Reference")), in_both(_("Announced"))
        rows = [f"{' '.join(reference.lines())}: {certificate.reference or '—'}"]
        if certificate.announced_at:
            zh, en = date_in(certificate.announced_at, CHINESE), date_in(certificate.announced_at, ENGLISH)
            english = en if announced.zh == announced.en else f"{announced.en} {en}"
            rows.append(f"{announced.zh} {zh} · {english}")
        y = 24 * mm
        self.canvas.setFillColor(MUTED)
        for row in rows:
            lines, size = fit(row, SERIF, 9, 100 * mm, 6.5, max_lines=1)
            draw(self.canvas, lines[0], self.centre, y, SERIF, size)
            y -= 4.5 * mm

    def signatures(self):
        signatories = [s for s in self.decoration.signatories if s.name.lines()][:2]
        if not signatories:
            # No one named in the settings: a line to sign (or stamp) above the organiser.
            signatories = [Signatory(name=self.decoration.organiser, title=Both("", ""))]
        left, right = 26 * mm + self.slot / 2, self.width - 26 * mm - self.slot / 2
        centres = [right] if len(signatories) == 1 else [left, right]
        for signatory, centre in zip(signatories, centres, strict=True):
            reader = self.images.get(("signature", id(signatory)))
            if reader is not None:
                _draw_image(self.canvas, reader, centre, self.signature_line + 1 * mm, self.slot - 10 * mm, 15 * mm)
            self.canvas.setStrokeColor(INK)
            self.canvas.setLineWidth(0.5)
            half = self.slot / 2 - 5 * mm
            self.canvas.line(centre - half, self.signature_line, centre + half, self.signature_line)
            y = self.signature_line - 4.5 * mm
            for text, size, colour in (
                *((line, 9.5, INK) for line in signatory.name.lines()),
                *((line, 8, MUTED) for line in signatory.title.lines()),
            ):
                lines, fitted = fit(text, SERIF, size, self.slot, size * 0.7, max_lines=1)
                self.canvas.setFillColor(colour)
                draw(self.canvas, lines[0], centre, y, SERIF, fitted)
                y -= fitted + 1.5

    def draw(self, certificate):
        self.middle(certificate)  # measured
        needed, room = self.top - self.y, self.top - self.bottom
        self.scale = min(1.0, room / needed)
        # What room is left goes above and below, half each (at most 30 mm above).
        self.y, self.drawing = self.top - min((room - needed * self.scale) / 2, 30 * mm), True
        self.frame()
        self.middle(certificate)
        self.footer(certificate)
        self.signatures()


def certificates_pdf(certificates, decoration):
    """The PDF's bytes: one page per certificate, in the order given."""
    register_cjk()
    buffer = BytesIO()
    title = in_both(_("Certificate of Award"))
    canvas = Canvas(buffer, pagesize=PAGE, lang=CHINESE, invariant=1)
    canvas.setTitle(" · ".join(title.lines()))
    canvas.setAuthor(" · ".join(decoration.organiser.lines() or decoration.awards_name.lines()))
    # Each image once: reportlab also embeds an image used on many pages only once.
    images = {"emblem": _image(decoration.emblem)}
    for signatory in decoration.signatories:
        images[("signature", id(signatory))] = _image(signatory.signature)
    for certificate in certificates:
        _Page(canvas, decoration, images).draw(certificate)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
