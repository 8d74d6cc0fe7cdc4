"""Plain helpers for the judging tests: the chairs' pages, the judging admin and its
emails, and the judge's pages (whose fixtures are in tests/judging/conftest.py).

Some fixtures live here too: test modules bind the ones they use as module attributes
(e.g. `world = helpers.world`), so pytest finds them without a conftest."""

import re
from io import BytesIO

import pytest
from PIL import Image

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.mfa import activate_totp
from judging import services
from judging.models import RankingSignOff, Round, Score
from nominations.models import Category
from tests.factories import (
    AssignmentFactory,
    AwardCycleFactory,
    CallPageFactory,
    JudgeProfileFactory,
    NominationFactory,
    PanelFactory,
    RoundFactory,
    UserFactory,
    advance,
)
from tests.support import with_role


def messages_of(response):
    # Wagtail's admin messages end with (empty) buttons markup: compare the words only.
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def client_for(client, user):
    client.force_login(user)
    return client


def rows_order(body):
    """The nominations' ids in the order of the results table's rows."""
    return [int(pk) for pk in re.findall(r'<tr data-nomination="(\d+)"', body)]


def admin_url(model, name, *args):
    return reverse(f"wagtailsnippets_judging_{model}:{name}", args=args)


def stamp(value):
    """A datetime as the admin's date-time inputs take it."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def score_all(assignment, submit=True):
    """Scores every criterion (one above the lowest), then submits unless told not to."""
    for criterion in assignment.round.criteria.all():
        Score.objects.create(assignment=assignment, criterion=criterion, value=criterion.scale_min + 1)
    if submit:
        assignment.submit(by=assignment.judge.user)
        assignment.save()


class World:
    """A cycle with a TEC call, a three-judge panel (the first chairs it) and round 1."""

    def __init__(self, call_index):
        self.cycle = AwardCycleFactory()
        self.tec = Category.objects.get(code="TEC")
        self.call = CallPageFactory(parent=call_index, cycle=self.cycle, category=self.tec)
        self.screener = with_role("Screeners", "screener@example.net")
        self.admin = with_role("Awards administrators", "awards-admin@example.net")
        self.judges = [JudgeProfileFactory() for _ in range(3)]
        self.chair = self.judges[0]
        self.chair.user.groups.add(Group.objects.get(name="Panel chairs"))
        self.panel = PanelFactory(cycle=self.cycle, members=self.judges, chair=self.chair)
        self.round = RoundFactory(cycle=self.cycle)

    def nomination(self, *steps, **fields):
        """A nomination moved through `steps` (default: accepted as eligible)."""
        nomination = NominationFactory(call=self.call, **fields)
        advance(nomination, "submit", by=nomination.nominator)
        for step in steps or ("accept",):
            advance(nomination, step, by=self.screener if step == "accept" else self.admin)
        return nomination

    def assign(self, nomination, judge, round_=None, declared=True):
        """An assignment whose judge has confirmed no conflict of interest (unless told not
        to), and their statement for the cycle (tests.factories.AssignmentFactory)."""
        extra = {"declared_no_conflict_at": timezone.now()} if declared else {}
        return AssignmentFactory(round=round_ or self.round, nomination=nomination, judge=judge, **extra)

    def score(self, assignment, values, submit=True):
        """values: one score per criterion, in the rubric's order."""
        criteria = list(assignment.round.criteria.order_by("sort_order"))
        for criterion, value in zip(criteria, values, strict=True):
            Score.objects.create(assignment=assignment, criterion=criterion, value=value)
        if submit:
            assignment.submit(by=assignment.judge.user)
            assignment.save()
        return assignment

    def close_and_sign_off(self, round_=None):
        """Closes the round by hand and has the chair sign off its TEC ranking."""
        from judging.decisions import sign_off

        round_ = round_ or self.round
        Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
        round_.refresh_from_db()
        return sign_off(round_=round_, category=self.tec, user=self.chair.user)

    def url(self, name, round_=None):
        return reverse(f"judging:{name}", args=[(round_ or self.round).pk, self.tec.code])


# The judge's pages ----------------------------------------------------------------------

# Who must never show in a blind round, and the nomination that carries them.
NOMINATOR = {"first_name": "Wilhelmina", "last_name": "Nominatorova", "email": "wilhelmina@nominator-house.example"}
IDENTITY = {
    "nominee_name": "Zhang Hiddenname",
    "nominee_organisation": "Secretive Graphene Works",
    "nominee_email": "zhang@secretive-graphene.example",
    "nominee_phone": "+86 351 987 6543",
    "team_members": "Liu Teammember, lead engineer\nChen Teammate, chemist",
    "partner_organisations": "Undisclosed Partner Institute",
}
IMAGE_NAME = "zhang-hiddenname-portrait.jpg"
PDF_NAME = "secretive-graphene-report.pdf"


def jpeg(name):
    buffer = BytesIO()
    Image.new("RGB", (320, 240), "#1d4ed8").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name):
    buffer = BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, "PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def assign(round_, nomination, judge, declared=True, statement=True):
    """An assignment whose judge has confirmed no conflict of interest (unless told not to),
    and their statement for the cycle (unless told not to: tests.factories.AssignmentFactory)."""
    return AssignmentFactory(
        round=round_, nomination=nomination, judge=judge, statement=statement, **declaration(declared)
    )


def declaration(declared=True):
    """The fields of a judge's no-conflict declaration, for creating an assignment."""
    if not declared:
        return {}
    return {"declared_no_conflict_at": timezone.now(), "no_conflict_wording": str(services.NO_CONFLICT_WORDING)}


def url(assignment, suffix=""):
    return f"/judging/assignments/{assignment.pk}/{suffix}"


def criteria(round_):
    novelty, impact, maturity = round_.criteria.order_by("sort_order")
    return novelty, impact, maturity


def scores_post(round_, novelty=7, impact=5, maturity=3, **extra):
    n, i, m = criteria(round_)
    data = {
        f"score-{n.pk}": novelty,
        f"comment-{n.pk}": "A real first.",
        f"score-{i.pk}": impact,
        f"comment-{i.pk}": "",
        f"score-{m.pk}": maturity,
        f"comment-{m.pk}": "In two mines already.",
        "overall_comment": "Strong nomination.",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def score_values(assignment):
    return dict(Score.objects.filter(assignment=assignment).values_list("criterion__name", "value"))


def score_as_judge(assignment, user, submit=True):
    """Scores every criterion (one above the lowest) through the judge's services, then
    submits unless told not to."""
    services.save_scores(
        assignment_id=assignment.pk,
        user=user,
        scores={c.pk: (c.scale_min + 1, "") for c in assignment.round.criteria.all()},
    )
    if submit:
        services.submit_assignment(assignment_id=assignment.pk, user=user)


def ready_for_decisions(cycle, category, user, numbers=(1, 2)):
    """The cycle's rounds (made if missing), closed, with their ranking in `category`
    signed off by `user`: decisions may be taken (judging.decisions.decide)."""
    rounds = []
    for number in numbers:
        round_ = Round.objects.filter(cycle=cycle, number=number).first() or RoundFactory(cycle=cycle, number=number)
        Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
        round_.refresh_from_db()
        RankingSignOff.objects.get_or_create(
            round=round_, category=category, defaults={"signed_by": user, "method": "raw"}
        )
        rounds.append(round_)
    return rounds


# Fixtures -----------------------------------------------------------------------------


@pytest.fixture
def world(call_index):
    return World(call_index)


@pytest.fixture
def scored(world):
    """Three eligible nominations, each scored by the three judges; the second with
    strong disagreement (totals 100 and 0)."""
    first, second, third = (world.nomination(title=f"Innovation {n}") for n in ("A", "B", "C"))
    values = {
        first: [(8, 7, 4), (9, 8, 5), (7, 6, 4)],
        second: [(10, 10, 5), (0, 0, 1), (5, 5, 3)],
        third: [(3, 4, 2), (4, 5, 2), (2, 3, 2)],
    }
    for nomination, per_judge in values.items():
        for judge, scores in zip(world.judges, per_judge, strict=True):
            world.score(world.assign(nomination, judge), scores)
    return first, second, third


@pytest.fixture
def admin_user(db):
    return with_role("Awards administrators", "awards-admin@example.net")


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@example.net", is_superuser=True, is_staff=True)
    activate_totp(user)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    return client_for(client, admin_user)


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def tec(db):
    return Category.objects.get(code="TEC")


@pytest.fixture
def eligible(call_index, cycle, tec):
    """Makes eligible TEC nominations in `cycle`."""
    call = CallPageFactory(parent=call_index, cycle=cycle, category=tec)
    screener = with_role("Screeners", "screener@example.net")

    def make(**fields):
        nomination = NominationFactory(call=call, **fields)
        advance(nomination, "submit", by=nomination.nominator)
        advance(nomination, "accept", by=screener)
        return nomination

    return make


@pytest.fixture
def judges(db):
    return [JudgeProfileFactory() for _ in range(3)]


@pytest.fixture
def round_(cycle):
    return RoundFactory(cycle=cycle)


# The expert pool at a glance (test_pool_coverage, test_pool_admin) -----------------------


def pool_expert(*codes, **fields):
    """An active expert of the pool in the categories with these codes."""
    return JudgeProfileFactory(expertise=list(Category.objects.filter(code__in=codes)), **fields)


def submitted(call, **fields):
    """A nomination in `call`, submitted by its nominator."""
    nomination = NominationFactory(call=call, **fields)
    advance(nomination, "submit", by=nomination.nominator)
    return nomination
