"""The judge's pages: dashboard, assignment (blind or not), scoring, conflicts, files."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from judging import services
from judging.models import Assignment, AssignmentState, Conflict, Score
from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import JudgeProfileFactory, RoundFactory
from tests.judging.helpers import assign, criteria, jpeg, score_as_judge, score_values, scores_post, url

A = AssignmentState
NOT_OPEN = "The round has not opened yet: scores cannot be saved before it opens."
CLOSED = "The round is closed: scores can no longer be changed."
LOCKED = "These scores are submitted and locked."

# Who must never show in a blind round: IDENTITY, NOMINATOR, IMAGE_NAME, PDF_NAME (helpers).
from tests.judging.helpers import IDENTITY, IMAGE_NAME, NOMINATOR, PDF_NAME  # noqa: E402, F401


@pytest.mark.django_db
def test_nothing_is_saved_before_the_round_opens(client, judge, call, make_eligible):
    now = timezone.now()
    round_ = RoundFactory(cycle=call.cycle, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))
    assignment = assign(round_, make_eligible(), judge)
    client.force_login(judge.user)

    page = client.get(url(assignment)).content.decode()
    assert NOT_OPEN in page
    assert "data-autosave=" not in page
    assert '<fieldset class="scoring-form__fields" disabled>' in page

    response = client.post(url(assignment), scores_post(round_, save="1"))
    assert NOT_OPEN in response.content.decode()
    auto = client.post(url(assignment), scores_post(round_), HTTP_X_AUTOSAVE="1")
    assert auto.status_code == 409
    assert auto.json()["message"] == NOT_OPEN
    assert not Score.objects.exists()
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["past closing time", "closed by hand"])
def test_nothing_is_saved_after_the_round_closes(client, judge, call, make_eligible, how):
    round_ = RoundFactory(cycle=call.cycle)
    assignment = assign(round_, make_eligible(), judge)
    services.save_scores(assignment_id=assignment.pk, user=judge.user, scores={criteria(round_)[0].pk: (4, "")})
    if how == "closed by hand":
        round_.closed_at = timezone.now()
        round_.save()
    else:
        round_.opens_at = timezone.now() - timedelta(days=10)
        round_.closes_at = timezone.now() - timedelta(minutes=1)
        round_.save()
    client.force_login(judge.user)

    page = client.get(url(assignment)).content.decode()
    assert CLOSED in page
    assert 'value="4"' in page  # the saved score is still shown
    assert '<fieldset class="scoring-form__fields" disabled>' in page

    response = client.post(url(assignment), scores_post(round_, submit_scores="1"))
    assert CLOSED in response.content.decode()
    assert score_values(assignment) == {"Novelty": 4}
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS


# Conflicts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_declaring_a_conflict_recuses_and_hides_the_assignment(client, judge, blind_round, make_eligible):
    nomination = make_eligible()
    assignment = assign(blind_round, nomination, judge)
    client.force_login(judge.user)

    response = client.post(
        url(assignment, "conflict/"), {"reason": "I advised the company last year.", "confirmed": "1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/judging/"
    assignment.refresh_from_db()
    assert assignment.state == A.RECUSED
    conflict = Conflict.objects.get(judge=judge, nomination=nomination)
    assert conflict.source == Conflict.Source.DECLARED
    assert conflict.reason == "I advised the company last year."
    assert conflict.created_by == judge.user
    dashboard = client.get("/judging/").content.decode()
    assert "Conflict of interest declared" in dashboard
    assert url(assignment) not in dashboard
    assert client.get(url(assignment)).status_code == 404
    assert client.post(url(assignment), scores_post(blind_round, save="1")).status_code == 404
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_a_conflict_needs_a_reason(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment, "conflict/"), {"reason": "   "})

    assert response.status_code == 200
    assert "Say briefly what the conflict is." in response.content.decode()
    assert not Conflict.objects.exists()
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED
    assert client.get(url(assignment, "conflict/")).status_code == 200


# Who may see what --------------------------------------------------------------------


@pytest.mark.django_db
def test_another_judges_assignment_and_files_are_not_found(client, judge, blind_round, identified):
    assignment = assign(blind_round, identified, judge)
    image = identified.files.get(kind="image")
    other = JudgeProfileFactory()
    client.force_login(other.user)

    for address in (
        url(assignment),
        url(assignment, "conflict/"),
        url(assignment, f"files/{image.pk}/"),
        url(assignment, f"files/{image.pk}/thumbnail/"),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url(assignment), scores_post(blind_round, save="1")).status_code == 404
    assert client.post(url(assignment, "conflict/"), {"reason": "Mischief"}).status_code == 404
    assert not Score.objects.exists()
    assert not Conflict.objects.exists()


@pytest.mark.django_db
def test_a_file_of_another_nomination_is_not_found(client, judge, blind_round, identified, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    foreign = identified.files.get(kind="image")
    assign(blind_round, identified, JudgeProfileFactory())
    client.force_login(judge.user)

    assert client.get(url(assignment, f"files/{foreign.pk}/")).status_code == 404
    assert client.get(url(assignment, f"files/{foreign.pk}/thumbnail/")).status_code == 404


@pytest.mark.django_db
def test_a_nominator_is_not_a_judge(client, judge, blind_round, identified, nominator):
    assignment = assign(blind_round, identified, judge)
    image = identified.files.get(kind="image")
    client.force_login(nominator)

    dashboard = client.get("/judging/")
    assert dashboard.status_code == 403
    assert "For judges only" in dashboard.content.decode()
    assert client.get(url(assignment)).status_code == 404
    assert client.get(url(assignment, f"files/{image.pk}/")).status_code == 404
    assert client.get(url(assignment, f"files/{image.pk}/thumbnail/")).status_code == 404


@pytest.mark.django_db
def test_an_inactive_judge_is_shut_out(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    judge.active = False
    judge.save()
    client.force_login(judge.user)

    assert client.get("/judging/").status_code == 403
    assert client.get(url(assignment)).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, judge, blind_round, identified):
    assignment = assign(blind_round, identified, judge)
    image = identified.files.get(kind="image")

    for address in ("/judging/", url(assignment), url(assignment, f"files/{image.pk}/")):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/login/?next=")


# Query counts ------------------------------------------------------------------------


def _queries(client, address):
    client.get(address)  # warm up: session, site, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_assignments(client, judge, blind_round, make_eligible):
    first = assign(blind_round, make_eligible(), judge)
    add_file(nomination=first.nomination, upload=validate_upload(jpeg("a.jpg")))
    score_as_judge(assign(blind_round, make_eligible(), judge), judge.user)
    client.force_login(judge.user)

    with_two = (_queries(client, "/judging/"), _queries(client, url(first)))

    for _index in range(6):
        assign(blind_round, make_eligible(), judge)
    score_as_judge(Assignment.objects.filter(judge=judge, state=A.ASSIGNED).last(), judge.user, submit=False)
    assert Assignment.objects.filter(judge=judge).count() == 8

    with_eight = (_queries(client, "/judging/"), _queries(client, url(first)))

    assert with_two == with_eight, (with_two, with_eight)
    # Around the page itself, the site's frame costs the same on every page: the session,
    # the user, the Wagtail site and navigation pages, the site settings (the awards' name),
    # the user's groups (whether they are an awards administrator, accounts.roles, for the
    # link to the panels).
    # The two-factor check (one query: admin access, judge group or profile, an
    # authenticator; it also tells the header whether to link to judging, and the user bar).
    # The dashboard: + the judge profile, the assignments as plain rows (counted per round
    # in Python), their rounds with their cycles, their categories, whether they chair a
    # panel (the link to the panels).
    assert with_eight[0] == 11
    # The assignment: + the judge profile, the assignment, criteria, scores and files (and
    # no permissions: nothing on it asks whether they manage judging).
    assert with_eight[1] == 10
