"""The methodology page: panel chairs and awards administrators only while the cycle is
judged, everyone from the announcement of its results on (AwardCycle.is_announced)."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from judging.models import MethodReport
from nominations.models import Category
from tests.factories import AwardCycleFactory, JudgeProfileFactory, PanelFactory, RoundFactory, UserFactory
from tests.support import with_role


@pytest.fixture
def cycle(db):
    cycle = AwardCycleFactory()
    RoundFactory(cycle=cycle)
    judges = [JudgeProfileFactory(user__first_name="Hortensia", user__last_name="Judgewell") for _ in range(2)]
    judges[0].user.groups.add(Group.objects.get(name="Panel chairs"))
    PanelFactory(cycle=cycle, category=Category.objects.get(code="TEC"), members=judges, chair=judges[0])
    cycle.chair = judges[0].user
    cycle.other_judge = judges[1].user
    return cycle


def announce(cycle, announced=True):
    cycle.announcement_at = timezone.now() + (timedelta(hours=-1) if announced else timedelta(days=30))
    cycle.save()


def visit(client, user, cycle):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("judging:methodology", args=[cycle.pk]))
    if response.status_code == 302:
        return response["Location"].split("?")[0]
    return response.status_code


@pytest.mark.django_db
def test_before_the_announcement_only_chairs_and_administrators_see_it(client, cycle):
    announce(cycle, announced=False)
    assert visit(client, None, cycle) == reverse("account_login")
    assert visit(client, UserFactory(email="nominator@example.net"), cycle) == 404
    assert visit(client, cycle.other_judge, cycle) == 404
    assert visit(client, cycle.chair, cycle) == 200
    assert visit(client, with_role("Awards administrators", "admin@example.net"), cycle) == 200


@pytest.mark.django_db
def test_after_the_announcement_everyone_sees_it_and_no_judge_is_named(client, cycle):
    announce(cycle)
    admin = with_role("Awards administrators", "admin@example.net")
    for user in (None, UserFactory(email="nominator@example.net"), cycle.other_judge, cycle.chair, admin):
        assert visit(client, user, cycle) == 200
    client.logout()
    body = client.get(reverse("judging:methodology", args=[cycle.pk])).content.decode()
    assert "Judgewell" not in body and "Hortensia" not in body
    assert "until the cycle" not in body  # the chairs-only note is gone
    assert reverse("judging:method_report", args=[cycle.pk]) not in body  # the report is not published


@pytest.mark.django_db
def test_an_unknown_cycle_is_a_404_for_everyone(client, cycle):
    assert client.get(reverse("judging:methodology", args=[cycle.pk + 1000])).status_code == 404


@pytest.mark.django_db
def test_staff_without_two_factors_are_still_asked_for_them_first(client, cycle):
    """The page is a judging view (accounts.mfa's rule): someone who needs two factors sets
    them up before reaching it, even once it is public. The public (signed out, nominators)
    never needs them."""
    announce(cycle)
    Authenticator.objects.filter(user=cycle.chair).delete()
    assert visit(client, cycle.chair, cycle) == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_the_public_page_links_the_judging_report_once_it_is_public(client, cycle):
    url = reverse("judging:method_report", args=[cycle.pk])
    MethodReport.objects.create(cycle=cycle, published_at=timezone.now())
    announce(cycle, announced=False)
    client.force_login(cycle.chair)
    assert url not in client.get(reverse("judging:methodology", args=[cycle.pk])).content.decode()
    client.logout()
    announce(cycle)
    body = client.get(reverse("judging:methodology", args=[cycle.pk])).content.decode()
    assert f'<a href="{url}">The judging report: how the results were reached, in figures</a>' in body
