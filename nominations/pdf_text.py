"""Text in the PDFs the nominations app makes (certificates, the nominator's copy), with
reportlab: Chinese (and any text the standard fonts cannot show) in reportlab's built-in CID
font STSong-Light, which PDF readers supply, so no font file is shipped (the approach of
judging.report_pdf); everything else in a standard font. Also the two languages' versions of
an interface text, and lines fitted to a width."""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from django.utils import formats, timezone, translation

CJK_FONT = "STSong-Light"
CHINESE, ENGLISH = "zh-hans", "en"


def register_cjk():
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def standard(text):
    """Whether the standard fonts (WinAnsi encoding, as reportlab sets them) show every
    character: Latin text with its curly quotes, dashes and middle dots."""
    try:
        str(text).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(text, latin_font):
    """latin_font when it can show every character of the text, else the CJK font."""
    return latin_font if standard(text) else CJK_FONT


def _script(char, latin_font):
    """The font a character asks for, or None for an ASCII digit, space or punctuation mark,
    which both fonts show and which goes with its neighbours (so that "2031年" stays one run)."""
    if char.isascii() and not char.isalpha():
        return None
    return font_for(char, latin_font)


def runs(text, latin_font):
    """The text as (piece, font) runs: Latin letters in latin_font, Chinese (and whatever else
    the standard fonts lack) in the CJK font; digits, spaces and ASCII punctuation in the CJK
    font when next to Chinese ("2031年"), else in latin_font. A mixed line ("编号 Reference:
    2031-TEC-0007") so sets each script in its own face."""
    text = str(text)
    fonts = [_script(char, latin_font) for char in text]
    before, after = [None] * len(fonts), [None] * len(fonts)
    for index in range(1, len(fonts)):
        before[index] = fonts[index - 1] or before[index - 1]
    for index in range(len(fonts) - 2, -1, -1):
        after[index] = fonts[index + 1] or after[index + 1]
    pieces = []
    for index, char in enumerate(text):
        font = fonts[index] or (CJK_FONT if CJK_FONT in (before[index], after[index]) else latin_font)
        if pieces and pieces[-1][1] == font:
            pieces[-1][0] += char
        else:
            pieces.append([char, font])
    return [(piece, font) for piece, font in pieces]


def width(text, latin_font, size):
    return sum(pdfmetrics.stringWidth(piece, font, size) for piece, font in runs(text, latin_font))


def draw(canvas, text, x, y, latin_font, size, align="centre"):
    """Draws the text's runs on one line, centred on x (or starting at x for "left")."""
    if align == "centre":
        x -= width(text, latin_font, size) / 2
    for piece, font in runs(text, latin_font):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


@dataclass(frozen=True)
class Both:
    """A text in Chinese and in English. `lines` gives each once: a text with the same words
    in both (a name with no translation) is not printed twice."""

    zh: str
    en: str

    def lines(self):
        zh, en = str(self.zh or "").strip(), str(self.en or "").strip()
        if zh == en or not en:
            return [zh] if zh else []
        return [zh, en] if zh else [en]


def in_both(text):
    """An interface text (a gettext_lazy string, or a callable of no arguments returning one)
    in Chinese and in English."""

    def render(language):
        with translation.override(language):
            return str(text() if callable(text) else text)

    return Both(render(CHINESE), render(ENGLISH))


def date_in(value, language, format_name="DATE_FORMAT"):
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(timezone.localtime(value), format_name)


def _tokens(text):
    """Words for wrapping: a Latin word whole, each Chinese character on its own."""
    tokens, word = [], ""
    for char in text:
        if char.isspace():
            if word:
                tokens.append(word)
            word = ""
            tokens.append(" ")
        elif standard(char):
            word += char
        else:
            if word:
                tokens.append(word)
            word = ""
            tokens.append(char)
    if word:
        tokens.append(word)
    return tokens


def wrap(text, latin_font, size, line_width):
    """The text broken into lines no wider than line_width (a word longer than a line is cut)."""

    def wide(candidate):
        return width(candidate, latin_font, size) > line_width

    lines, line = [], ""
    for word in _tokens(text):
        if word.isspace() and not line:
            continue
        if not wide(line + word):
            line += word
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        if word.isspace():
            continue
        for char in word:
            if line and wide(line + char):
                lines.append(line)
                line = ""
            line += char
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit(text, latin_font, size, line_width, min_size, max_lines=2):
    """(lines, size): the largest size from size down to min_size at which the text takes
    one line; else wrapped at min_size, at most max_lines (the last one cut with an ellipsis)."""
    text = " ".join(str(text).split())
    current = size
    while current > min_size and width(text, latin_font, current) > line_width:
        current = max(min_size, current - 0.5)
    if width(text, latin_font, current) <= line_width:
        return [text], current
    lines = wrap(text, latin_font, current, line_width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and width(last + "…", latin_font, current) > line_width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines, current


def markup(text, latin_font):
    """The text as a platypus Paragraph's markup, escaped, with each run in its font."""
    return "".join(
        f'<font name="{font}">{escape(piece)}</font>' if font != latin_font else escape(piece)
        for piece, font in runs(text, latin_font)
    )
