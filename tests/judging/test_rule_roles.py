"""Who is a judge and who is an awards administrator: one rule each (accounts.roles), asked
by every place. Each test builds the people on whom the old definitions disagreed (a group
without a profile, an inactive profile, a profile without the group; a permission without
the group) and asks every place the same question."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import roles
from accounts.mfa import mfa_facts
from accounts.models import User
from judging import predicates as judging_predicates
from judging.decisions import may_sign_off
from judging.models import JudgeProfile, Panel
from nominations import predicates as nomination_predicates
from nominations.models import Category
from office.messaging import may_message_nominators
from tests.factories import AwardCycleFactory, JudgeProfileFactory, UserFactory
from tests.support import with_role


def fresh(user):
    """The user as a new request would load it, with nothing cached on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def people(db):
    only_group = with_role("Judges", "only-group@example.net")
    only_group.groups.add(Group.objects.get(name="Panel chairs"))  # in both groups
    inactive = JudgeProfileFactory(active=False).user
    no_group = JudgeProfileFactory().user
    no_group.groups.clear()
    judge = JudgeProfileFactory().user  # a profile and the group: the ordinary case
    nominator = UserFactory(email="nominator@example.net")
    return {
        "only group": only_group,
        "inactive profile": inactive,
        "no group": no_group,
        "judge": judge,
        "nominator": nominator,
    }


JUDGES = {"no group", "judge"}
# Two factors: every judge, and anyone else in the expert pool (they may be made a judge again).
NEEDS_TWO_FACTORS = {"no group", "judge", "inactive profile"}


@pytest.mark.django_db
def test_every_place_agrees_on_who_is_a_judge(people, client):
    cycle = AwardCycleFactory()
    for name, user in people.items():
        expected = name in JUDGES
        primed = fresh(user)
        needs, _has = mfa_facts(primed)  # primes User.is_active_judge from its SQL
        in_sql = JudgeProfile.objects.filter(JudgeProfile.judging_filter(), user=user).exists()
        answers = {
            "predicate": judging_predicates.is_judge(fresh(user)),
            "model": fresh(user).is_active_judge,
            "two-factor query": primed.is_active_judge,
            "filter": in_sql,
        }
        assert answers == dict.fromkeys(answers, expected), name
        assert needs is (name in NEEDS_TWO_FACTORS), name

        client.force_login(user)
        response = client.get(reverse("judging:dashboard"))
        assert (response.status_code == 200) is expected, name
        assert response.status_code in {200, 403, 404}, name
        home = client.get("/", follow=True)
        assert (f'href="{reverse("judging:dashboard")}"' in home.content.decode()) is expected, name
        client.logout()

        profile = getattr(fresh(user), "judge_profile", None)
        if profile is not None:  # a chair is a judge: an inactive profile chairs nothing
            category = Category.objects.get(code="TEC")
            panel, _ = Panel.objects.get_or_create(cycle=cycle, category=category)
            panel.chair = profile
            panel.save()
            assert judging_predicates.chairs_panel(fresh(user), panel) is expected, name
            assert judging_predicates.chairs_a_panel(fresh(user)) is expected, name
            assert may_sign_off(fresh(user), panel) is expected, name


@pytest.fixture
def administrators(db):
    member = with_role("Awards administrators", "member@example.net")
    # The permission the judging pages used to ask, given without the group.
    permission_only = UserFactory(email="permission@example.net")
    permission_only.user_permissions.add(Permission.objects.get(codename="change_round"))
    inactive = with_role("Awards administrators", "inactive@example.net")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    superuser = UserFactory(email="super@example.net", is_superuser=True)
    screener = with_role("Screeners", "screener@example.net")
    return {
        "member": member,
        "permission only": permission_only,
        "inactive": inactive,
        "superuser": superuser,
        "screener": screener,
    }


ADMINISTRATORS = {"member", "superuser"}


@pytest.mark.django_db
def test_every_place_agrees_on_who_is_an_awards_administrator(administrators):
    assert Group.objects.filter(name=roles.AWARDS_ADMINISTRATORS).exists()
    for name, user in administrators.items():
        expected = name in ADMINISTRATORS
        answers = {
            "roles": roles.is_awards_administrator(fresh(user)),
            "nominations": nomination_predicates.is_awards_administrator(fresh(user)),
            "judging": judging_predicates.manages_judging(fresh(user)),
            "decisions": nomination_predicates.can_decide_results(fresh(user)),
            "office": may_message_nominators(fresh(user)),
            "sign-off without a chair": may_sign_off(fresh(user), None),
        }
        assert answers == dict.fromkeys(answers, expected), name
