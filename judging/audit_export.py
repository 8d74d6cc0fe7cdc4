"""A round's audit record as an XLSX workbook (awards administrators, for an appeal or
an auditor): scores, every change to them, conflicts, no-conflict declarations, state
logs, rubric versions, judge effects per category and decisions. Built with a
write-only workbook; text is always written as text, so a comment such as "=1+1" never
runs as a formula. A fixed number of queries plus one ranking per category."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from judging import audit
from judging.exports import XLSX_TYPE
from judging.models import Assignment, Conflict, Criterion, Decision, JudgeProfile, Score
from judging.results import panel_results
from nominations.models import Category, Nomination


def _cell(sheet, value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    elif value is not None and not isinstance(value, int | float) and not hasattr(value, "year"):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    return cell


def _sheet(workbook, title, headings, rows):
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, heading) for heading in headings])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _who(user):
    return str(user) if user is not None else ""


def _text(value):
    return "" if value is None else value


def round_record(round_):
    """The round's rows, sheet by sheet: {title: (headings, rows)}."""
    assignments = list(
        Assignment.objects.filter(round=round_)
        .select_related("judge__user", "nomination__call__category")
        .order_by("nomination__reference", "nomination_id", "judge__user__last_name", "pk")
    )
    by_id = {a.pk: a for a in assignments}
    position = {a.pk: index for index, a in enumerate(assignments)}
    decisions = list(
        Decision.objects.filter(round=round_)
        .select_related("nomination__call__category", "decided_by", "undone_by", "level")
        .order_by("decided_at", "pk")
    )
    nomination_ids = {a.nomination_id for a in assignments} | {d.nomination_id for d in decisions}
    nominations = Nomination.objects.in_bulk(nomination_ids)
    criteria = {c.pk: c for c in Criterion.objects.filter(round=round_).order_by("sort_order", "pk")}
    order = {pk: index for index, pk in enumerate(criteria)}

    def reference(nomination_id):
        nomination = nominations.get(nomination_id)
        return (nomination.reference or "") if nomination else ""

    def criterion_name(criterion_id):
        criterion = criteria.get(criterion_id)
        return criterion.name if criterion else _("(removed criterion %(id)s)") % {"id": criterion_id}

    scores = sorted(
        Score.objects.filter(assignment__round=round_),
        key=lambda s: (position[s.assignment_id], order.get(s.criterion_id, 0)),
    )
    score_rows = []
    for score in scores:
        a = by_id[score.assignment_id]
        score_rows.append(
            [
                a.nomination.call.category.display_name,
                a.nomination.reference or "",
                str(a.judge),
                criterion_name(score.criterion_id),
                score.value,
                score.comment,
                a.overall_comment,
                a.get_state_display(),
                a.submitted_at,
            ]
        )
    history_rows = [
        [
            reference(by_id[c.assignment_id].nomination_id) if c.assignment_id in by_id else "",
            str(by_id[c.assignment_id].judge) if c.assignment_id in by_id else "",
            criterion_name(c.criterion_id),
            c.old,
            c.new,
            c.comment,
            _who(c.who),
            c.when,
            c.why,
        ]
        for c in audit.score_history_of(by_id)
    ]
    conflict_rows = [
        [c.nomination.reference or "", str(c.judge), c.get_source_display(), c.reason, c.created_at, _who(c.created_by)]
        for c in Conflict.objects.filter(nomination__in=nomination_ids)
        .select_related("judge__user", "nomination", "created_by")
        .order_by("nomination__reference", "created_at", "pk")
    ]
    declaration_rows = [
        [a.nomination.reference or "", str(a.judge), a.declared_no_conflict_at, a.no_conflict_wording]
        for a in assignments
        if a.declared_no_conflict_at
    ]
    log_rows = []
    for entry in audit.state_logs(assignment_ids=by_id, nomination_ids=nomination_ids):
        if entry.kind == "assignment":
            a = by_id[entry.object_id]
            what, ref, judge = _("Assignment"), reference(a.nomination_id), str(a.judge)
        else:
            what, ref, judge = _("Nomination"), reference(entry.object_id), ""
        log_rows.append(
            [
                what,
                ref,
                judge,
                entry.transition,
                _text(entry.source_state),
                entry.state_label,
                _who(entry.by),
                entry.timestamp,
                _text(entry.description),
            ]
        )
    version_rows = [
        [
            v.number,
            v.created_at,
            _who(v.created_by),
            v.reason,
            "; ".join(
                _("%(name)s (weight %(weight)s, scale %(low)s to %(high)s)")
                % {
                    "name": audit.rubric_criterion_names(c),
                    "weight": c["weight"],
                    "low": c["scale_min"],
                    "high": c["scale_max"],
                }
                for c in v.criteria
            ),
        ]
        for v in round_.rubric_versions.select_related("created_by").order_by("number")
    ]
    decision_rows = [
        [
            d.nomination.call.category.display_name,
            d.nomination.reference or "",
            d.get_outcome_display(),
            str(d.level) if d.level else "",
            _who(d.decided_by),
            d.decided_at,
            d.scores_submitted,
            d.scores_required,
            d.override_reason,
            d.undone_at,
            _who(d.undone_by),
            d.undo_reason,
        ]
        for d in decisions
    ]
    category_ids = {a.nomination.call.category_id for a in assignments}
    return {
        _("Scores"): (
            [
                _("Category"),
                _("Reference"),
                _("Judge"),
                _("Criterion"),
                _("Score"),
                _("Comment"),
                _("Overall comment"),
                _("State"),
                _("Submitted at"),
            ],
            score_rows,
        ),
        _("Score history"): (
            [
                _("Reference"),
                _("Judge"),
                _("Criterion"),
                _("Old"),
                _("New"),
                _("Comment"),
                _("Who"),
                _("When"),
                _("Why"),
            ],
            history_rows,
        ),
        _("Conflicts"): (
            [_("Reference"), _("Judge"), _("Source"), _("Reason"), _("Recorded"), _("Recorded by")],
            conflict_rows,
        ),
        _("Declarations"): ([_("Reference"), _("Judge"), _("Declared no conflict"), _("Wording")], declaration_rows),
        _("State logs"): (
            [
                _("Record"),
                _("Reference"),
                _("Judge"),
                _("Transition"),
                _("From"),
                _("To"),
                _("By"),
                _("When"),
                _("Description"),
            ],
            log_rows,
        ),
        _("Rubric versions"): ([_("Version"), _("Recorded"), _("By"), _("Reason"), _("Criteria")], version_rows),
        _("Judge effects"): (
            [_("Category"), _("Judge"), _("Estimate"), _("Standard error"), _("Nominations"), _("Method")],
            judge_effects(round_, category_ids),
        ),
        _("Decisions"): (
            [
                _("Category"),
                _("Reference"),
                _("Decision"),
                _("Award level"),
                _("Decided by"),
                _("Decided"),
                _("Submitted scores"),
                _("Scores required"),
                _("Override reason"),
                _("Undone"),
                _("Undone by"),
                _("Reason for undoing"),
            ],
            decision_rows,
        ),
    }


def judge_effects(round_, category_ids):
    """Per category of the round: each judge's estimated leniency (judging.results)."""

    rows = []
    for category in Category.objects.filter(pk__in=category_ids).order_by("sort_order", "pk"):
        results = panel_results(round_, category)
        judges = JudgeProfile.objects.select_related("user").in_bulk(results.severities)
        for judge_id, severity in sorted(results.severities.items(), key=lambda item: str(judges.get(item[0]))):
            rows.append(
                [
                    category.display_name,
                    str(judges.get(judge_id, judge_id)),
                    round(severity.estimate, 2),
                    "" if severity.standard_error is None else round(severity.standard_error, 2),
                    severity.count,
                    results.method,
                ]
            )
    return rows


def workbook_bytes(round_):
    workbook = Workbook(write_only=True)
    for title, (headings, rows) in round_record(round_).items():
        _sheet(workbook, title, headings, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(round_):
    result = HttpResponse(workbook_bytes(round_), content_type=XLSX_TYPE)
    name = f"audit-{round_.cycle.year}-round-{round_.number}.xlsx"
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
