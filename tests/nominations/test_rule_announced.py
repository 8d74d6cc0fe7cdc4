"""One rule, one home: "the results are announced" is AwardCycle.is_announced (and
nominations.models.cycles.announced, the same rule as a query filter). Every place that
used to compare announcement_at itself now asks it; these tests put a cycle one second
either side of its announcement and check that every former copy gives the same answer."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from judging.certificates import may_download
from nominations import consent
from nominations.models import AwardCycle, NominationState, WinnerStoryPage
from nominations.models.cycles import announced
from nominations.models.winners import winners_visible
from nominations.queries import current_cycle
from privacy.models import RetentionPolicy
from privacy.retention import due
from tests.factories import AwardCycleFactory
from tests.nominations.helpers.winners import publish

S = NominationState
SECOND = timedelta(seconds=1)
NOT_YET = "not yet: nominators cannot download theirs before"


@pytest.fixture
def cycle_world(in_state, winners_index, awards_admin):
    """A commended nomination with a live story (its nominee agreed), a not-commended one
    whose data is kept 0 months after the announcement, and the next year's cycle."""
    commended = in_state("commended", consent_public_name=True)
    commended.nominee_publication_consent = True
    commended.save(update_fields=["nominee_publication_consent"])
    cycle = commended.call.cycle
    not_commended = in_state("not_commended", call=commended.call)
    RetentionPolicy.objects.create(cycle=cycle, months_after_announcement=0)
    publish(commended, awards_admin)
    AwardCycleFactory(nominations_open=cycle.announcement_at + timedelta(days=30))
    return cycle, commended, not_commended


def answers_at(now, cycle, commended, not_commended):
    """Each former copy of the rule, asked at `now`."""
    commended.refresh_from_db()
    return {
        "AwardCycle.is_announced": cycle.is_announced(now),
        "the announced() filter": AwardCycle.objects.filter(announced(now), pk=cycle.pk).exists(),
        "the nominator sees the result": commended.visible_state(now) == S.COMMENDED,
        "the nominator's certificate": may_download(commended.nominator, commended, now),
        "the winners' pages": winners_visible(WinnerStoryPage.objects.all(), now).exists(),
        "the retention query": due(now).filter(pk=not_commended.pk).exists(),
        "the current cycle has moved on": current_cycle(now) != cycle,
        # The consent link lives a year past the announcement: the same rule, a year later.
        "the consent link has expired": _expired(commended, now + consent.LINK_AFTER_ANNOUNCEMENT),
    }


def _expired(nomination, now):
    try:
        consent.nomination_for_token(consent.token_for(nomination), now=now)
    except consent.LinkExpired:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "expected"), [(-SECOND, False), (SECOND, True)])
def test_every_place_agrees_one_second_either_side_of_the_announcement(cycle_world, offset, expected):
    cycle, commended, not_commended = cycle_world
    answers = answers_at(cycle.announcement_at + offset, cycle, commended, not_commended)
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.django_db
@pytest.mark.parametrize("announced_now", [False, True])
def test_the_certificate_admin_and_the_nominators_download_agree(client, in_state, awards_admin, announced_now):
    commended = in_state("commended")
    cycle = commended.call.cycle
    cycle.announcement_at = timezone.now() + (-timedelta(minutes=5) if announced_now else timedelta(minutes=5))
    cycle.save(update_fields=["announcement_at"])
    client.force_login(awards_admin)
    listing = client.get(reverse("judging_certificates")).content.decode()
    client.force_login(commended.nominator)
    download = client.get(reverse("judging:certificate", args=[commended.pk]))
    assert cycle.is_announced() is announced_now
    assert (NOT_YET not in listing) is announced_now
    assert (download.status_code == 200) is announced_now
