"""The expert pool's chart for the admin's "Pool at a glance": one horizontal bar per
category, as long as its number of experts, split into segments by kind of body or by
region, with a legend. Plain SVG drawn on the server (no JavaScript, no CDN), painted with
SVG attributes rather than style attributes (the site's Content-Security-Policy), in the
house style of judging.charts; the page's table gives the same figures in words."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 170
RIGHT = 40
TOP = 10
ROW = 28
BAR = 16
LEGEND_ROW = 20
LEGEND_COLUMNS = 2
# One colour per segment value, in the order of the choices; "not stated" is grey.
PALETTE = ("#1d4ed8", "#b91c1c", "#047857", "#b45309", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f")
NOT_STATED_COLOUR = "#9ca3af"


def _short(label, limit=24):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def colours(choices):
    """{key: colour} for the segments' values (choices: [(key, label)]; key "" is "not stated")."""
    palette = iter(PALETTE)
    return {key: NOT_STATED_COLOUR if key == "" else next(palette) for key, _label in choices}


def _legend(choices, paint, top):
    column_width = (WIDTH - 20) // LEGEND_COLUMNS
    return format_html_join(
        "",
        '<g class="pool-chart__key"><rect x="{x}" y="{y}" width="12" height="12" fill="{fill}"/>'
        '<text x="{tx}" y="{ty}" font-size="12" fill="#1f2937">{label}</text></g>',
        (
            {
                "x": 10 + column_width * (index % LEGEND_COLUMNS),
                "y": top + LEGEND_ROW * (index // LEGEND_COLUMNS),
                "fill": paint[key],
                "tx": 28 + column_width * (index % LEGEND_COLUMNS),
                "ty": top + LEGEND_ROW * (index // LEGEND_COLUMNS) + 11,
                "label": label,
            }
            for index, (key, label) in enumerate(choices)
        ),
    )


def pool_svg(rows, choices, *, title, title_id="pool-chart-title", desc_id="pool-chart-desc"):
    """The chart as inline SVG markup.

    rows: [(code, label, buckets)], one per category, each bucket with .key, .label, .count
    in the order of `choices` ([(key, label)], the legend)."""
    if not rows:
        return ""
    paint = colours(choices)
    largest = max((sum(b.count for b in buckets) for _code, _label, buckets in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - RIGHT) / largest
    bars = []
    for index, (code, label, buckets) in enumerate(rows):
        y = TOP + ROW * index
        total = sum(b.count for b in buckets)
        x = LABEL_WIDTH
        segments = []
        for bucket in buckets:
            if not bucket.count:
                continue
            width = round(bucket.count * scale, 1)
            segments.append(
                format_html(
                    '<rect class="pool-chart__segment" data-key="{key}" x="{x}" y="{y}" width="{w}" height="{h}" '
                    'fill="{fill}"><title>{label}: {count}</title></rect>',
                    key=bucket.key,
                    x=round(x, 1),
                    y=y,
                    w=width,
                    h=BAR,
                    fill=paint[bucket.key],
                    label=bucket.label,
                    count=bucket.count,
                )
            )
            x += bucket.count * scale
        bars.append(
            format_html(
                '<g class="pool-chart__bar" data-category="{code}" data-total="{total}">'
                '<text x="{label_x}" y="{text_y}" text-anchor="end" font-size="13" fill="#1f2937">{short}'
                "<title>{label}</title></text>{segments}"
                '<text x="{total_x}" y="{text_y}" font-size="12" fill="#4b5563">{total}</text></g>',
                code=code,
                total=total,
                label_x=LABEL_WIDTH - 10,
                text_y=y + BAR - 3,
                short=_short(label),
                label=label,
                segments=mark_safe("".join(segments)),  # noqa: S308 - each part is built by format_html
                total_x=round(x + 6, 1),
            )
        )
    legend_top = TOP + ROW * len(rows) + 10
    legend_rows = -(-len(choices) // LEGEND_COLUMNS)
    height = legend_top + LEGEND_ROW * legend_rows + 4
    return format_html(
        '<svg class="pool-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{title_id}">{title}</title><desc id="{desc_id}">{desc}</desc>'
        '<line x1="{axis}" y1="{top}" x2="{axis}" y2="{bottom}" stroke="#6b7280"/>'
        "{bars}{legend}</svg>",
        w=WIDTH,
        h=height,
        title_id=title_id,
        desc_id=desc_id,
        title=title,
        desc=_(
            "One bar per category, as long as its number of experts, split into coloured parts as the legend "
            "says. The table below gives the same figures."
        ),
        axis=LABEL_WIDTH,
        top=TOP - 4,
        bottom=TOP + ROW * len(rows) - 8,
        bars=mark_safe("".join(bars)),  # noqa: S308 - each part is built by format_html
        legend=_legend(choices, paint, legend_top),
    )
