"""The submissions chart, drawn on the server as an inline SVG: bars placed with SVG
attributes (x, y, width, height; never a style attribute, which the site's CSP forbids
outside the admin and which we do not rely on inside it), colours from static/css/office.css.

Horizontal positions are percentages, so the chart fills its panel at any width while
the text keeps its size; vertical positions are pixels."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

PLOT_TOP = 16  # room for the top gridline's label
PLOT_HEIGHT = 140
AXIS_HEIGHT = 24  # the date labels under the bars
HEIGHT = PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT
BAR_SHARE = 0.7  # of each day's slot; the rest is the gap between bars
LABEL_EVERY = 7  # a date under every seventh bar, ending with today


@dataclass(frozen=True)
class Bar:
    day: object
    count: int
    x: str  # percent
    width: str  # percent
    y: int
    height: int
    label: str


@dataclass(frozen=True)
class Tick:
    value: int
    y: int


@dataclass(frozen=True)
class DateLabel:
    text: str
    x: str
    anchor: str


def nice_top(peak):
    """The smallest of 1, 2, 5 times a power of ten at or above `peak` (at least 4, so a
    quiet month still has gridlines at whole numbers)."""
    peak = max(peak, 4)
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= peak:
                return step * scale
        scale *= 10


def _percent(value):
    return f"{value:.3f}%"


def chart(days):
    """Everything the template draws for [Day(day, count)], oldest first."""
    count = len(days)
    top = nice_top(max((d.count for d in days), default=0))
    slot = 100 / count if count else 100
    baseline = PLOT_TOP + PLOT_HEIGHT
    bars = []
    for index, day in enumerate(days):
        # A single submission stays visible; a day without any gets a faint mark on the
        # baseline (office.css), so the empty days read as days.
        height = max(round(PLOT_HEIGHT * day.count / top), 2)
        when = date_format(day.day, "MONTH_DAY_FORMAT")
        bars.append(
            Bar(
                day=day.day,
                count=day.count,
                x=_percent(slot * index + slot * (1 - BAR_SHARE) / 2),
                width=_percent(slot * BAR_SHARE),
                y=baseline - height,
                height=height,
                label=ngettext("%(day)s: %(count)s submission", "%(day)s: %(count)s submissions", day.count)
                % {"day": when, "count": day.count},
            )
        )
    # Gridlines at whole numbers, each at its own height: a quarter of the top when that is
    # whole (20 -> 5, 10, 15, 20), else a fifth (5 -> 1..5, 10 -> 2..10, 50 -> 10..50).
    step = top // 4 if top % 4 == 0 else top // 5
    ticks = [Tick(value=value, y=baseline - round(PLOT_HEIGHT * value / top)) for value in range(step, top + 1, step)]
    # A short date under the bars; the translator picks its form ("n月j日" in Chinese).
    axis_format = pgettext("a Django date format for the dates under a chart's bars", "M j")
    labels = []
    for index in range(count - 1, -1, -LABEL_EVERY):
        centre = slot * index + slot / 2
        anchor = "end" if index == count - 1 else ("start" if centre < 8 else "middle")
        x = 100 if anchor == "end" else (0 if anchor == "start" else centre)
        labels.append(DateLabel(text=date_format(days[index].day, axis_format), x=_percent(x), anchor=anchor))
    total = sum(d.count for d in days)
    busiest = max(days, key=lambda d: (d.count, d.day), default=None)
    if days and total:
        summary = ngettext(
            "%(total)s submission from %(first)s to %(last)s; the busiest day was %(busiest)s with %(most)s.",
            "%(total)s submissions from %(first)s to %(last)s; the busiest day was %(busiest)s with %(most)s.",
            total,
        ) % {
            "total": total,
            "first": date_format(days[0].day, "MONTH_DAY_FORMAT"),
            "last": date_format(days[-1].day, "MONTH_DAY_FORMAT"),
            "busiest": date_format(busiest.day, "MONTH_DAY_FORMAT"),
            "most": busiest.count,
        }
    elif days:
        summary = _("No submissions from %(first)s to %(last)s.") % {
            "first": date_format(days[0].day, "MONTH_DAY_FORMAT"),
            "last": date_format(days[-1].day, "MONTH_DAY_FORMAT"),
        }
    else:
        summary = _("No days to show.")
    return {
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "height": HEIGHT,
        "baseline": baseline,
        "label_y": baseline + AXIS_HEIGHT - 6,
        "total": total,
        "summary": summary,
        "days": days,
    }
