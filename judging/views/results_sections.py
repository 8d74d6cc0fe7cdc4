"""The results page's two costly sections (the ranking with its 200 rows, and how each
judge scored with its chart) kept in the default cache as HTML, for viewers who do not
decide (a chair, an administrator before the sign-off).

The key holds the panel's results' key (judging.results.results_key: the rubric and its
version, every assignment and conflict of the panel, the nominations' last change, so a
new state or title is in the next page, and the viewer's hidden rows), how many
nominations of the round wait, the round's and category's names, the language and
whether the round is open; the judges' names are checked on every read. On a read from
the cache the results themselves are not loaded. A viewer who decides gets the sections rendered with their forms."""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.cache import packed, unpacked

SECTIONS_CACHE_SECONDS = 60 * 60
TEMPLATES = {"ranking": "judging/chair/_ranking.html", "judges": "judging/chair/_judges.html"}


def sections_key(view, waiting):
    round_, category = view.round, view.category
    parts = (
        view.keyed[0],  # the panel's results' key (judging.results.results_key)
        waiting,
        str(round_.get_number_display()),
        str(category.display_name),
        view.round_open,
        translation.get_language(),
    )
    return "judging:results-sections:packed:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_sections(view, waiting, build):
    """{"ranking": html, "judges": html} from the cache, or rendered from `build(labels)`
    (the sections' template context) and kept. `waiting`: the round's nominations of this
    category, not hidden from the viewer, in the round's state (ranked or not). The judges'
    names are checked against the database on every read, not keyed: they are read by the
    judges' ids, which only the results know."""
    key = sections_key(view, waiting)
    entry = cache.get(key)
    if entry is not None and view.judge_labels(entry[0]) != entry[0]:
        entry = None
    if entry is None:
        labels = view.judge_labels()
        context = build(labels)
        sections = {name: render_to_string(template, context) for name, template in TEMPLATES.items()}
        cache.set(key, (labels, {name: packed(html) for name, html in sections.items()}), SECTIONS_CACHE_SECONDS)
    else:
        sections = {name: unpacked(blob) for name, blob in entry[1].items()}
    return {name: mark_safe(html) for name, html in sections.items()}  # noqa: S308 (rendered by templates)
