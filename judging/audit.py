"""The judging record as an appeal reads it: each score's changes (old and new value,
comment, who, when, why), the state logs of assignments and nominations, conflicts,
rubric versions and decisions. Reads only, each a fixed number of queries; shared by
the nomination's audit page and the round's audit workbook (judging.audit_export)."""

from dataclasses import dataclass
from datetime import datetime

from django_fsm_log.models import StateLog

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.bilingual import active_language, languages
from judging.models import Assignment, AssignmentState, Score
from nominations.models import Nomination, NominationState


@dataclass
class Change:
    """One row of a score's history, with the value it replaced (None when created)."""

    assignment_id: int
    criterion_id: int
    kind: str
    old: int | None
    new: int | None
    comment: str
    who: object
    when: datetime
    why: str


def score_changes(history):
    """Score history rows (any queryset of Score.history) as Changes, oldest first per
    score; a deletion's new value is None. One query."""
    rows = history.select_related("history_user").order_by("assignment_id", "criterion_id", "history_date", "pk")
    changes, previous = [], {}
    for row in rows:
        key = (row.assignment_id, row.criterion_id)
        deleted = row.history_type == "-"
        old = previous.get(key)
        changes.append(
            Change(
                assignment_id=row.assignment_id,
                criterion_id=row.criterion_id,
                kind=row.history_type,
                old=old,
                new=None if deleted else row.value,
                comment=row.comment,
                who=row.history_user,
                when=row.history_date,
                why=row.history_change_reason or "",
            )
        )
        previous[key] = None if deleted else row.value
    return changes


def score_history_of(assignment_ids):
    return score_changes(Score.history.filter(assignment_id__in=list(assignment_ids)))


def state_logs(assignment_ids=(), nomination_ids=()):
    """StateLog entries of these assignments and nominations, oldest first, each with
    .kind ("assignment" or "nomination"). One query (content types are cached)."""
    assignment_type = ContentType.objects.get_for_model(Assignment)
    nomination_type = ContentType.objects.get_for_model(Nomination)
    entries = list(
        StateLog.objects.filter(
            Q(content_type=assignment_type, object_id__in=list(assignment_ids))
            | Q(content_type=nomination_type, object_id__in=list(nomination_ids))
        )
        .select_related("by")
        .order_by("timestamp", "pk")
    )
    for entry in entries:
        entry.kind = "assignment" if entry.content_type_id == assignment_type.pk else "nomination"
        entry.state_label = state_label(AssignmentState if entry.kind == "assignment" else NominationState, entry.state)
    return entries


def state_label(states, value):
    try:
        return states(value).label
    except ValueError:
        return value


def rubric_criterion_names(entry, language=None):
    """A criterion as a rubric version recorded it, named in the asked (or active) language
    first, then in the other when the judges had it too: "新颖性 / Novelty". Versions recorded
    before both languages were kept have only "name"."""
    asked = language or active_language()
    names = entry.get("names") or {}
    ordered = [names.get(asked), *(names.get(lang) for lang in languages() if lang != asked)]
    shown = [name for name in ordered if name]
    return " / ".join(dict.fromkeys(shown)) or entry.get("name", "")
