"""Horizontal bar charts drawn on the server as plain SVG (no JavaScript, no CDN, no style
attribute: the site's Content-Security-Policy holds, and the page can be cached). Each chart
is shown with a table of the same numbers as its text alternative (templates/home/figures)."""

from django.utils.html import format_html, format_html_join

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 50
TOP = 8
ROW = 28
BAR = 18
BOTTOM = 8
LABEL_CHARS = 30


def _short(label, limit=LABEL_CHARS):
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows, *, chart_id, title, description):
    """rows: objects with .label and .count. The chart names itself by its title and
    description (role img, aria-labelledby); a row's full label is its tooltip."""
    if not rows:
        return ""
    largest = max(row.count for row in rows) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW * len(rows) + BOTTOM
    bars = format_html_join(
        "",
        '<g><text x="{label_x}" y="{text_y}" text-anchor="end" font-size="13" fill="#1f2937">{short}'
        "<title>{label}</title></text>"
        '<rect x="{bar_x}" y="{bar_y}" width="{width}" height="{bar}" rx="3" fill="#1d4ed8"/>'
        '<text x="{value_x}" y="{text_y}" font-size="13" fill="#1f2937">{count}</text></g>',
        (
            {
                "label_x": LABEL_WIDTH - 8,
                "text_y": TOP + ROW * index + ROW // 2 + 5,
                "short": _short(row.label),
                "label": row.label,
                "bar_x": LABEL_WIDTH,
                "bar_y": TOP + ROW * index + (ROW - BAR) // 2,
                "width": round(span * row.count / largest, 1),
                "bar": BAR,
                "value_x": LABEL_WIDTH + round(span * row.count / largest, 1) + 6,
                "count": row.count,
            }
            for index, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="figures-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>{bars}</svg>',
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
    )
