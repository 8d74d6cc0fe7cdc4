"""Server-drawn charts for the results page: plain SVG, no JavaScript, no CDN.

The judge distribution chart puts each judge on one line of a 0-100 axis: a grey bar
from their lowest to their highest total, a dot for every total they gave, and a dark
mark at their mean. A dashed line marks the mean of every total on the page, so a harsh
judge (marks left of it) or a lenient one (right of it) shows at a glance."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A judge whose mean is this many points below or above the panel's is called harsh or
# lenient in words (the chart shows the same thing as a position).
LEANING_POINTS = 10.0

WIDTH = 640
LABEL_WIDTH = 170
RIGHT = 24
TOP = 30
ROW = 30
BOTTOM = 12
TICKS = (0, 25, 50, 75, 100)


@dataclass
class JudgeDistribution:
    judge_id: int
    label: str
    totals: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.totals)

    @property
    def low(self):
        return min(self.totals)

    @property
    def high(self):
        return max(self.totals)

    @property
    def mean(self):
        return sum(self.totals) / len(self.totals)


def distributions(rows, labels):
    """Per judge, the totals they gave in `rows` (NominationResult), ordered by label.

    labels: {judge id: name}. Judges without a total in `rows` are left out."""
    by_judge = {}
    for row in rows:
        for judge_id, total in row.totals.items():
            by_judge.setdefault(judge_id, []).append(total)
    entries = [
        JudgeDistribution(judge_id=j, label=labels.get(j, str(j)), totals=sorted(t)) for j, t in by_judge.items()
    ]
    return sorted(entries, key=lambda e: (e.label.casefold(), e.judge_id))


def overall_mean(entries):
    values = [t for entry in entries for t in entry.totals]
    return sum(values) / len(values) if values else None


def leaning(entry, panel_mean):
    """The judge's tendency in words, compared with the mean of every total shown."""
    if panel_mean is None or entry.count < 2:
        return _("Too few scores to tell")
    if entry.mean <= panel_mean - LEANING_POINTS:
        return _("Harsher than the panel")
    if entry.mean >= panel_mean + LEANING_POINTS:
        return _("More lenient than the panel")
    return _("Close to the panel")


def _x(value):
    return round(LABEL_WIDTH + (WIDTH - LABEL_WIDTH - RIGHT) * max(0.0, min(100.0, value)) / 100.0, 1)


def _short(label, limit=22):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def distribution_svg(entries, *, title_id="judge-chart-title", desc_id="judge-chart-desc"):
    """The chart as inline SVG markup (safe to put in a template as it is)."""
    if not entries:
        return ""
    height = TOP + ROW * len(entries) + BOTTOM
    bottom = height - BOTTOM
    mean_all = overall_mean(entries)
    grid = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#e5e7eb"/>'
        '<text x="{0}" y="{3}" text-anchor="middle" font-size="12" fill="#4b5563">{4}</text>',
        ((_x(t), TOP - 6, bottom, TOP - 12, t) for t in TICKS),
    )
    lines = []
    for index, entry in enumerate(entries):
        y = TOP + ROW * index + ROW // 2
        # Numbers only, so no escaping: format_html per dot cost a 200-nomination panel's
        # results page more than the rest of the chart.
        dots = mark_safe(  # noqa: S308
            "".join(
                f'<circle cx="{_x(t)}" cy="{y}" r="4.5" fill="#b91c1c" fill-opacity="0.55">'
                f"<title>{t:.1f}</title></circle>"
                for t in entry.totals
            )
        )
        lines.append(
            format_html(
                '<g><text x="{label_x}" y="{text_y}" text-anchor="end" font-size="13" fill="#1f2937">{short}'
                "<title>{label}</title></text>"
                '<line x1="{lo}" y1="{y}" x2="{hi}" y2="{y}" stroke="#9ca3af" stroke-width="6" stroke-linecap="round"/>'
                "{dots}"
                '<line x1="{mean}" y1="{top}" x2="{mean}" y2="{bottom}" stroke="#1f2937" stroke-width="3">'
                "<title>{mean_title}</title></line></g>",
                label_x=LABEL_WIDTH - 10,
                text_y=y + 4,
                short=_short(entry.label),
                label=entry.label,
                lo=_x(entry.low),
                hi=_x(entry.high),
                y=y,
                dots=dots,
                mean=_x(entry.mean),
                top=y - 9,
                bottom=y + 9,
                mean_title=_("Mean %(mean).1f") % {"mean": entry.mean},
            )
        )
    reference = format_html(
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#1d4ed8" stroke-width="2" stroke-dasharray="5 4">'
        "<title>{3}</title></line>",
        _x(mean_all),
        TOP - 4,
        bottom,
        _("Mean of all totals shown: %(mean).1f") % {"mean": mean_all},
    )
    return format_html(
        '<svg class="judge-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{title_id}">{title}</title><desc id="{desc_id}">{desc}</desc>'
        "{grid}{reference}{lines}</svg>",
        w=WIDTH,
        h=height,
        title_id=title_id,
        desc_id=desc_id,
        title=_("Each judge's totals on a 0 to 100 scale"),
        desc=_(
            "One line per judge: a bar from their lowest to their highest total, a dot for each total, "
            "a dark mark at their mean. The dashed line is the mean of all totals shown. "
            "The table below gives the same figures."
        ),
        grid=grid,
        reference=reference,
        lines=mark_safe("".join(lines)),  # noqa: S308 - each part is built by format_html
    )
