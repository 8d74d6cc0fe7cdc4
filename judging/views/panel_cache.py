"""The panel page's costly part (each judge's counts and the "who has scored what" rows
as HTML), kept in the default cache under a fingerprint of everything it shows.

The key holds: the panel's assignments (how many, which, their states through
updated_at, when they were submitted), the nominations' last change (references and
titles), the panel's members and every shown judge's name, the viewer's hidden rows,
whether the round is open, the language and the time zone. A submission, a reopening,
a recusal, a new assignment, a renamed judge or a new conflict of the viewer's is in
the very next page. The CSRF token in the reopen forms is per session: the HTML is kept
with a placeholder and the viewer's escaped token is put in after reading it."""

import hashlib
from html import escape as esc

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.cache import packed, unpacked
from judging.models import Assignment, JudgeProfile

PANEL_CACHE_SECONDS = 60 * 60
TOKEN_PLACEHOLDER = "\x00csrf\x00"  # noqa: S105 (a placeholder, never a secret)


def panel_version(round_, category):
    """A fingerprint, in one aggregate query, of the panel's assignments as the page
    shows them (which, their judges, states, submission times) and their nominations."""
    fingerprint = Assignment.objects.filter(round=round_, nomination__call__category=category).aggregate(
        assignments=Count("pk"),
        assignment_ids=Sum("pk"),
        judges=Count("judge_id", distinct=True),
        judge_ids=Sum("judge_id", distinct=True),
        changed=Max("updated_at"),
        submitted=Max("submitted_at"),
        nominations=Max("nomination__updated_at"),
    )
    return tuple(str(value) for value in fingerprint.values())


def _names(judges):
    return tuple((judge.pk, str(judge), judge.user.last_name) for judge in judges)


def cached_panel_parts(view, build):
    """(progress counts, work rows HTML with the viewer's token, non-member judges) for
    PanelView, from the cache when nothing shown has changed; else `build(members)` makes
    them (returning counts, html with TOKEN_PLACEHOLDER, {judge id: profile} of others).
    `counts`: [(judge id, member, assigned, in progress, submitted, recused)]."""
    members = list(view.panel.members.select_related("user")) if view.panel else []
    parts = (
        view.round.pk,
        view.category.pk,
        panel_version(view.round, view.category),
        _names(sorted(members, key=lambda judge: judge.pk)),
        sorted(view.hidden),
        view.round.is_open(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = "judging:panel:packed:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    entry = cache.get(key)
    others = {}
    if entry is not None:
        counts, html, other_names = entry
        html = unpacked(html)
        if other_names:
            # Judges assigned by hand outside the panel: their names are checked, not keyed.
            others = JudgeProfile.objects.select_related("user").in_bulk([pk for pk, _n, _l in other_names])
            if _names(others[pk] for pk, _n, _l in other_names if pk in others) != other_names:
                entry = None
    if entry is None:
        counts, html, others = build(members)
        other_names = _names(sorted(others.values(), key=lambda judge: judge.pk))
        cache.set(key, (counts, packed(html), other_names), PANEL_CACHE_SECONDS)
    return members, others, counts, html


def with_token(html, token):
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, esc(token)))  # noqa: S308 (escaped when built)
