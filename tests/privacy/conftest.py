import pytest

from django.contrib.auth.models import Group

from accounts.mfa import activate_totp
from judging.models import Assignment, Score
from tests.factories import AwardCycleFactory, CallPageFactory, JudgeProfileFactory, RoundFactory, UserFactory, advance
from tests.privacy.helpers import make_nomination


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def call(call_index, cycle):
    return CallPageFactory(parent=call_index, cycle=cycle)


@pytest.fixture
def nominator(db):
    return UserFactory(email="nominator@example.net", first_name="Li", last_name="Wei")


@pytest.fixture
def admin(db):
    user = UserFactory(email="awards-admin@example.net")
    user.groups.add(Group.objects.get(name="Awards administrators"))
    activate_totp(user)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@example.net", is_staff=True, is_superuser=True)
    activate_totp(user)
    return user


@pytest.fixture
def scored(call, nominator, admin):
    """An eligible nomination of the nominator's, scored by a judge."""
    nomination = make_nomination(call, nominator, "submit")
    advance(nomination, "accept", by=admin)
    judge = JudgeProfileFactory(organisation="Datong University", bio="Materials scientist.")
    round_ = RoundFactory(cycle=call.cycle)
    assignment = Assignment.objects.create(round=round_, nomination=nomination, judge=judge, overall_comment="Solid.")
    Score.objects.create(assignment=assignment, criterion=round_.criteria.first(), value=7, comment="Clear results.")
    return nomination, judge
