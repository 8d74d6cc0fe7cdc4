"""Plain helpers for the home app's tests: the hand-built cycle the public figures count."""

from datetime import UTC, datetime, timedelta

from judging.models import AffiliationKind
from nominations.models import AwardCycle, Category, Nomination, NominationState
from tests.factories import AwardCycleFactory, CallPageFactory, JudgeProfileFactory, NominationFactory, PanelFactory

S = NominationState
ANNOUNCED_AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def nomination_in(call, state, **fields):
    """A nomination in `state`, set directly (the figures count states; the transitions
    that lead there are tested in nominations)."""
    nomination = NominationFactory(call=call, **fields)
    Nomination.objects.filter(pk=nomination.pk).update(state=state)
    return nomination


def cycle_2025(call_index):
    """The 2025 cycle, announced at ANNOUNCED_AT, with calls in new technologies and new materials."""
    opened = ANNOUNCED_AT - timedelta(days=120)
    cycle = AwardCycleFactory(
        year=2025,
        nominations_open=opened,
        nominations_close=opened + timedelta(days=30),
        judging_open=opened + timedelta(days=40),
        judging_close=opened + timedelta(days=90),
        announcement_at=ANNOUNCED_AT,
    )
    calls = {
        code: CallPageFactory(parent=call_index, cycle=cycle, category=Category.objects.get(code=code))
        for code in ("TEC", "MAT")
    }
    return cycle, calls


def counted_world(call_index):
    """Four counted nominations (two cross-regional, one with a partner in its own region,
    one naming partners without their regions), a draft and a withdrawn one that are not
    counted, another cycle's nomination; three experts on the cycle's panels (one of them on
    both) and one on another cycle's."""
    cycle, calls = cycle_2025(call_index)
    tec, mat = calls["TEC"], calls["MAT"]
    nomination_in(tec, S.SUBMITTED, region="datong", partner_regions=["jing_jin_ji"], partner_organisations="Lab A")
    nomination_in(tec, S.ELIGIBLE, region="datong", partner_regions=["datong"], partner_organisations="Lab B")
    nomination_in(tec, S.INELIGIBLE, region="shanxi", partner_regions=[], partner_organisations="Lab C")
    nomination_in(mat, S.COMMENDED, region="greater_bay", partner_regions=["greater_bay", "yangtze_delta"])
    nomination_in(mat, S.DRAFT, region="datong", partner_regions=["jing_jin_ji"])
    nomination_in(mat, S.WITHDRAWN, region="jing_jin_ji", partner_regions=["datong"])
    other = AwardCycleFactory(year=2024, announcement_at=ANNOUNCED_AT - timedelta(days=365))
    nomination_in(CallPageFactory(parent=call_index, cycle=other), S.COMMENDED, region="other")
    university = JudgeProfileFactory(affiliation_kind=AffiliationKind.UNIVERSITY)
    enterprise = JudgeProfileFactory(affiliation_kind=AffiliationKind.ENTERPRISE)
    unstated = JudgeProfileFactory(affiliation_kind="")
    elsewhere = JudgeProfileFactory(affiliation_kind=AffiliationKind.THINK_TANK)
    PanelFactory(cycle=cycle, category=tec.category, members=[university, enterprise])
    PanelFactory(cycle=cycle, category=mat.category, members=[university, unstated])
    PanelFactory(cycle=other, members=[elsewhere])
    return AwardCycle.objects.get(pk=cycle.pk)


def add_counted(call, count, *, region="datong", partner_regions=("jing_jin_ji",)):
    """More submitted nominations (for the query count at a second size)."""
    return [
        nomination_in(call, S.SUBMITTED, region=region, partner_regions=list(partner_regions)) for _ in range(count)
    ]
