"""Fixtures and helpers for the judge's pages (test_judge_pages, test_judge_access)."""

from io import BytesIO

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from judging import services
from judging.models import Assignment, AssignmentState, Score
from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance
from tests.judging.factories import JudgeProfileFactory, RoundFactory
from tests.nominations.conftest import with_role

A = AssignmentState
NOT_OPEN = "The round has not opened yet: scores cannot be saved before it opens."
CLOSED = "The round is closed: scores can no longer be changed."
LOCKED = "These scores are submitted and locked."

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


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def screener(db):
    return with_role("Screeners", "screener@example.net")


@pytest.fixture
def make_eligible(call, screener):
    """An eligible nomination in the call, moved there by the real transitions."""

    def make(nominator=None, **fields):
        nominator = nominator or UserFactory()
        nomination = NominationFactory(call=call, nominator=nominator, **fields)
        advance(nomination, "submit", by=nominator)
        advance(nomination, "accept", by=screener)
        return nomination

    return make


@pytest.fixture
def judge(db):
    return JudgeProfileFactory()


@pytest.fixture
def blind_round(call):
    return RoundFactory(cycle=call.cycle, blind=True)


@pytest.fixture
def open_round(call):
    return RoundFactory(cycle=call.cycle, blind=False)


@pytest.fixture
def nominator(db):
    return UserFactory(**NOMINATOR)


@pytest.fixture
def identified(make_eligible, nominator):
    """A nomination full of identity, with an image and a PDF."""
    nomination = make_eligible(nominator=nominator, **IDENTITY)
    add_file(nomination=nomination, upload=validate_upload(jpeg(IMAGE_NAME)))
    add_file(nomination=nomination, upload=validate_upload(pdf(PDF_NAME)))
    return nomination


def assign(round_, nomination, judge, declared=True):
    """An assignment whose judge has confirmed no conflict of interest (unless told not to)."""
    return Assignment.objects.create(round=round_, nomination=nomination, judge=judge, **declaration(declared))


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


def score_all(assignment, user, submit=True):
    services.save_scores(
        assignment_id=assignment.pk,
        user=user,
        scores={c.pk: (c.scale_min + 1, "") for c in assignment.round.criteria.all()},
    )
    if submit:
        services.submit_assignment(assignment_id=assignment.pk, user=user)


# Dashboard ---------------------------------------------------------------------------
