"""Possible duplicates: nominations in one cycle with the same nominee and organisation.

Names are compared after Unicode NFKC (full-width letters, digits and spaces become their
usual forms), case folding and collapsing runs of whitespace; Chinese text is otherwise
compared as it is (no segmentation, no simplified/traditional mapping). The normal form
is computed in Python, so each question costs one query of four columns, whatever the
number of rows asked about. Drafts and withdrawn nominations are not counted."""

from collections import defaultdict

from core.text import normalise
from nominations.models import Nomination, NominationState

S = NominationState
NOT_COUNTED = (S.DRAFT, S.WITHDRAWN)


def _key(cycle_id, name, organisation):
    name = normalise(name)
    return (cycle_id, name, normalise(organisation)) if name else None


def _counted(cycle_ids=None):
    rows = Nomination.objects.exclude(state__in=NOT_COUNTED)
    if cycle_ids is not None:
        rows = rows.filter(call__cycle_id__in=cycle_ids)
    return rows.values_list("pk", "call__cycle_id", "nominee_name", "nominee_organisation")


def _groups(rows):
    groups = defaultdict(list)
    for pk, cycle_id, name, organisation in rows:
        if key := _key(cycle_id, name, organisation):
            groups[key].append(pk)
    return groups


def duplicate_ids():
    """Every nomination (pk) that has a possible duplicate: one query."""
    return sorted(pk for pks in _groups(_counted()).values() if len(pks) > 1 for pk in pks)


def annotate(nominations):
    """Sets .possible_duplicates (the other nominations' pks) on each of `nominations`
    (with call.cycle_id loaded): one query for any number of them."""
    nominations = list(nominations)
    if not nominations:
        return nominations
    groups = _groups(_counted({nomination.call.cycle_id for nomination in nominations}))
    for nomination in nominations:
        key = _key(nomination.call.cycle_id, nomination.nominee_name, nomination.nominee_organisation)
        if key is None or nomination.state in NOT_COUNTED:
            nomination.possible_duplicates = []
        else:
            nomination.possible_duplicates = [pk for pk in groups.get(key, ()) if pk != nomination.pk]
    return nominations


def duplicates_of(nomination, queryset):
    """The possible duplicates of one nomination, from `queryset` (what the admin shows the
    user), in reference order."""
    annotate([nomination])
    if not nomination.possible_duplicates:
        return []
    return list(queryset.filter(pk__in=nomination.possible_duplicates).order_by("reference"))
