"""A round's rubric as a whole: whether it is frozen, and copying another round's rubric
into a round, the criteria it had being replaced.

The freeze (judging.services.submit_assignment): the first submitted score in a round
records rubric version 1, and from then on its criteria change only one by one with a
reason, each change a new version (judging.admin_forms.RoundAdminForm). A copy replaces
every criterion at once, so it is refused once the rubric is frozen, and also while judges
have saved scores they have not submitted (replacing the criteria would delete them). A
copy therefore always happens before version 1, which then records the copied criteria
as judging began; the copy itself is kept in the round's history (Wagtail's log, action
COPY_ACTION, with the source round)."""

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from core.bilingual import column, languages
from judging.models import Assignment, AssignmentState, Criterion, Round, RubricVersion, Score
from judging.services import JudgingError

COPY_ACTION = "judging.copy_rubric"
# What a copy carries over: each criterion's name and guidance in every language, its
# weight, its scale and its place in the order.
COPIED_FIELDS = (
    *(column(field, lang) for field in ("name", "guidance") for lang in languages()),
    "weight",
    "scale_min",
    "scale_max",
    "sort_order",
)


def rubric_frozen(round_):
    """A score was submitted in the round (or a rubric version was recorded)."""
    return (
        RubricVersion.objects.filter(round=round_).exists()
        or Assignment.objects.filter(round=round_, state=AssignmentState.SUBMITTED).exists()
    )


def copy_sources(round_):
    """The rounds whose rubric `round_` may copy: any other round of its cycle or of an
    earlier cycle, latest cycle first, then by number."""
    return (
        Round.objects.filter(cycle__year__lte=round_.cycle.year)
        .exclude(pk=round_.pk)
        .select_related("cycle")
        .order_by("-cycle__year", "number")
    )


def copy_refusal(round_):
    """Why `round_`'s criteria cannot be replaced by a copy now, in words; "" when they can."""
    if rubric_frozen(round_):
        return _(
            "Scores have been submitted in %(round)s, so its rubric is frozen: it can no longer be replaced by a "
            "copy. Change its criteria one by one, with the reason for a new rubric version."
        ) % {"round": round_.get_number_display()}
    if Score.objects.filter(criterion__round=round_).exists():
        return _(
            "Judges have started scoring in %(round)s: replacing its criteria would delete their scores. "
            "Change its criteria one by one instead."
        ) % {"round": round_.get_number_display()}
    return ""


def copy_rubric(*, source_id, target_id, user):
    """Replaces the target round's criteria with copies of the source round's (see
    COPIED_FIELDS) and logs the copy in the target's history. The target round is locked
    first, as a first submission locks it (judging.services.submit_assignment), so a copy
    and the freeze never cross. Returns the new criteria."""
    with transaction.atomic():
        target = Round.objects.select_for_update().select_related("cycle").get(pk=target_id)
        source = copy_sources(target).filter(pk=source_id).first()
        if source is None:
            raise JudgingError(_("Choose a round of this cycle or an earlier one to copy from."))
        refusal = copy_refusal(target)
        if refusal:
            raise JudgingError(refusal)
        originals = list(Criterion.objects.filter(round=source).order_by("sort_order", "pk").values(*COPIED_FIELDS))
        if not originals:
            raise JudgingError(_("%(round)s has no criteria to copy.") % {"round": source})
        replaced = Criterion.objects.filter(round=target).count()
        Criterion.objects.filter(round=target).delete()
        copies = [Criterion.objects.create(round=target, **values) for values in originals]
        log(
            instance=target,
            action=COPY_ACTION,
            user=user,
            data={"source": source.pk, "source_name": str(source), "copied": len(copies), "replaced": replaced},
        )
    return copies
