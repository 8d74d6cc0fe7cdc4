"""The mix of judges on each nomination, for automatic assignment (judging.assignment): judges
of different affiliations and, where one is eligible, a judge from outside the nomination's
region; and each judge's capacity for the cycle. No database: the judges and nominations
come loaded.

An affiliation is the judge's organisation in its normal form (judging.conflicts.name_key),
a blank one a group of its own. A judge is from outside a nomination's region when both
regions are known and differ; a judge or a nomination without a region never counts as
"outside". The flow (judging.assignment_flow) prefers the mix only below coverage and even
loads; `measure` then counts what the plan made, so the report is true whatever the flow or
the connectivity repair did."""

import numpy as np

from django.utils.translation import ngettext

from judging.conflicts import name_key


def affiliation(judge):
    return name_key(judge.organisation)


def room(judge):
    """The most counted assignments the judge may have in this round's category: their
    capacity for the cycle (`cycle_capacity`, judging.assignment.eligible_judges) less
    their counted assignments elsewhere in the cycle (`assigned_elsewhere`); None for no
    limit."""
    capacity = getattr(judge, "cycle_capacity", None)
    return None if capacity is None else capacity - getattr(judge, "assigned_elsewhere", 0)


class Mix:
    """The judges' affiliations and regions and the nominations' regions, by id."""

    def __init__(self, judges, nominations):
        self.judges, self.nominations = judges, nominations
        self.group = {j.pk: affiliation(j) for j in judges}
        self.region = {j.pk: j.region or None for j in judges}
        self.where = {n.pk: n.region or None for n in nominations}

    def flow_arguments(self, fixed, row, column):
        """balanced_pairs' keyword arguments for the mix; `fixed`: the counted (nomination
        id, judge id) pairs already made, `row`/`column`: ids to the matrix's indexes."""
        return {
            "groups": [self.group[j.pk] for j in self.judges],
            "judge_regions": [self.region[j.pk] for j in self.judges],
            "nomination_regions": [self.where[n.pk] for n in self.nominations],
            "fixed": [(row[n], column[j]) for n, j in fixed if n in row and j in column],
        }

    def outside(self, nomination_id, judge_id):
        here, there = self.where.get(nomination_id), self.region.get(judge_id)
        return here is not None and there is not None and here != there

    def deficit(self, nomination_id, judge_ids):
        """Judges beyond the first of each affiliation, plus one if the nomination has a
        region and none of its judges comes from elsewhere (judges not on the panel are
        not known here and count for nothing)."""
        keys = [self.group[j] for j in judge_ids if self.group.get(j) is not None]
        lacking = self.where.get(nomination_id) is not None and not any(
            self.outside(nomination_id, j) for j in judge_ids
        )
        return len(keys) - len(set(keys)) + lacking

    def measure(self, report, allowed, judges_on):
        """Fills the report's mix figures. allowed[row, col]: the judge could have been
        given the nomination (not conflicted, not on it already); judges_on: nomination id
        -> its counted judges' ids, old and new."""
        codes = {}
        here = np.array([codes.setdefault(self.where[n.pk], len(codes)) for n in self.nominations], dtype=np.int64)
        there = np.array([codes.setdefault(self.region[j.pk], len(codes)) for j in self.judges], dtype=np.int64)
        unknown = codes.get(None, -1)
        known = here != unknown
        elsewhere = known[:, None] & (there != unknown)[None, :] & (here[:, None] != there[None, :])
        could = (allowed & elsewhere).any(axis=1)
        report.judges_with_region = sum(r is not None for r in self.region.values())
        for at, nomination in enumerate(self.nominations):
            on = judges_on.get(nomination.pk, ())
            keys = [self.group[j] for j in on if self.group.get(j) is not None]
            report.shared_affiliation += len(keys) != len(set(keys))
            if known[at]:
                report.regional += 1
                if any(self.outside(nomination.pk, j) for j in on):
                    report.mixed_regions += 1
                elif not could[at]:
                    report.no_outside_judge += 1


def summary(plan):
    """The admin's sentence on the plan's mix (judging.admin_views), or None when the
    figures say nothing (no judge with a region, no affiliation shared)."""
    if not plan.mix_known:
        return None
    return ngettext(
        "Mix of judges: %(mixed)d of %(count)d nomination with a known region has a judge from outside its "
        "region (%(impossible)d with no eligible judge from elsewhere); nominations with two judges of one "
        "affiliation: %(shared)d.",
        "Mix of judges: %(mixed)d of %(count)d nominations with a known region have a judge from outside their "
        "region (%(impossible)d with no eligible judge from elsewhere); nominations with two judges of one "
        "affiliation: %(shared)d.",
        plan.regional,
    ) % {
        "mixed": plan.mixed_regions,
        "count": plan.regional,
        "impossible": plan.no_outside_judge,
        "shared": plan.shared_affiliation,
    }


def capacity_warning(plan):
    """The admin's warning when nominations lack judges and some judges are full, or None."""
    if not (plan.shortfalls and plan.at_capacity):
        return None
    return ngettext(
        "%(count)d judge has reached the most nominations they can take this cycle.",
        "%(count)d judges have reached the most nominations they can take this cycle.",
        len(plan.at_capacity),
    ) % {"count": len(plan.at_capacity)}
