"""The judge's pages: dashboard, assignment (blind or not), scoring, conflicts, files."""

import re

import pytest

from judging import services
from judging.models import AssignmentState, Score
from tests.factories import JudgeProfileFactory
from tests.judging.helpers import assign, criteria, score_as_judge, score_values, scores_post, url

A = AssignmentState
NOT_OPEN = "The round has not opened yet: scores cannot be saved before it opens."
CLOSED = "The round is closed: scores can no longer be changed."
LOCKED = "These scores are submitted and locked."

# Who must never show in a blind round: IDENTITY, NOMINATOR, IMAGE_NAME, PDF_NAME (helpers).
from tests.judging.helpers import IDENTITY, IMAGE_NAME, NOMINATOR, PDF_NAME  # noqa: E402


@pytest.mark.django_db
def test_dashboard_shows_rounds_progress_and_assignments(client, judge, blind_round, make_eligible):
    first, second = make_eligible(), make_eligible()
    done, todo = assign(blind_round, first, judge), assign(blind_round, second, judge)
    score_as_judge(done, judge.user)
    client.force_login(judge.user)

    response = client.get("/judging/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "1 of 2 scored" in content
    assert '<progress class="steps-nav__bar" max="2" value="1"' in content
    assert blind_round.cycle.name in content
    assert "Round 1: shortlisting" in content
    assert " left)" in content  # time left before the round closes
    assert first.reference in content and second.reference in content
    assert url(done) in content and url(todo) in content
    assert "Submitted" in content and "Not started" in content
    assert "Technology" in content or first.call.category.display_name in content
    for nomination in (first, second):
        assert nomination.nominee_name not in content
    assert 'href="/static/css/judging.css"' in content or "css/judging" in content


@pytest.mark.django_db
def test_dashboard_leaves_out_recused_and_other_judges_assignments(client, judge, blind_round, make_eligible):
    kept, recused, others = make_eligible(), make_eligible(), make_eligible()
    assign(blind_round, kept, judge)
    services.declare_conflict(
        assignment_id=assign(blind_round, recused, judge).pk, user=judge.user, reason="My former student."
    )
    assign(blind_round, others, JudgeProfileFactory())
    client.force_login(judge.user)

    content = client.get("/judging/").content.decode()

    assert kept.reference in content
    assert recused.reference not in content
    assert others.reference not in content
    assert "0 of 1 scored" in content


@pytest.mark.django_db
def test_dashboard_without_assignments(client, judge):
    client.force_login(judge.user)
    response = client.get("/judging/")
    assert response.status_code == 200
    assert "No nominations are assigned to you yet" in response.content.decode()


# Blind and open rounds ---------------------------------------------------------------


@pytest.mark.django_db
def test_blind_round_hides_every_identity(client, judge, blind_round, identified):
    assignment = assign(blind_round, identified, judge)
    client.force_login(judge.user)

    response = client.get(url(assignment))

    assert response.status_code == 200
    content = response.content.decode()
    # What the judge judges is all there...
    for name in ("title", "summary", "description", "novelty", "results", "evidence"):
        assert getattr(identified, name) in content, name
    assert identified.reference in content
    assert "In market" in content  # stage
    assert "Datong" in content  # region
    assert "Enterprise" in content  # nominee type
    assert "Image 1" in content and "Document 2" in content
    # ...and no one's identity.
    secrets = [
        IDENTITY["nominee_name"],
        "Hiddenname",
        IDENTITY["nominee_organisation"],
        IDENTITY["nominee_email"],
        "secretive-graphene",
        IDENTITY["nominee_phone"],
        "987 6543",
        "Liu Teammember",
        "Chen Teammate",
        IDENTITY["partner_organisations"],
        NOMINATOR["first_name"],
        NOMINATOR["last_name"],
        NOMINATOR["email"],
        "nominator-house",
        IMAGE_NAME,
        "zhang-hiddenname-portrait",
        PDF_NAME,
        "secretive-graphene-report",
    ]
    for secret in secrets:
        assert secret not in content, secret


@pytest.mark.django_db
def test_blind_round_files_download_under_neutral_names(client, judge, blind_round, identified):
    assignment = assign(blind_round, identified, judge)
    image, document = identified.files.order_by("uploaded_at", "pk")
    client.force_login(judge.user)

    served = client.get(url(assignment, f"files/{image.pk}/"))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert 'filename="image-1.jpg"' in served["Content-Disposition"]
    assert "zhang" not in served["Content-Disposition"]
    assert served["X-Content-Type-Options"] == "nosniff"
    with image.file.open("rb") as handle:
        assert b"".join(served.streaming_content) == handle.read()

    served = client.get(url(assignment, f"files/{document.pk}/"))
    assert served.status_code == 200
    assert 'filename="document-2.pdf"' in served["Content-Disposition"]
    assert "secretive" not in served["Content-Disposition"]

    thumbnail = client.get(url(assignment, f"files/{image.pk}/thumbnail/"))
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert client.get(url(assignment, f"files/{document.pk}/thumbnail/")).status_code == 404


@pytest.mark.django_db
def test_open_round_shows_the_nominee(client, judge, open_round, identified):
    assignment = assign(open_round, identified, judge)
    image = identified.files.get(kind="image")
    client.force_login(judge.user)

    content = client.get(url(assignment)).content.decode()

    assert IDENTITY["nominee_name"] in content
    assert IDENTITY["nominee_organisation"] in content
    assert IMAGE_NAME in content
    assert "Image 1" not in content
    served = client.get(url(assignment, f"files/{image.pk}/"))
    assert IMAGE_NAME in served["Content-Disposition"]


# Scoring -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_scoring_form_shows_the_rubric(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    novelty, _impact, maturity = criteria(blind_round)
    client.force_login(judge.user)

    content = client.get(url(assignment)).content.decode()

    assert f'data-autosave="{url(assignment)}"' in content
    assert "How strong is the novelty?" in content  # guidance
    assert "From 0 (lowest) to 10 (highest)." in content
    assert f'type="number" name="score-{novelty.pk}"' in content
    assert 'min="0"' in content and 'max="10"' in content
    assert f'type="radio" name="score-{maturity.pk}" value="5"' in content  # a 1-5 scale: radios
    assert f'name="comment-{novelty.pk}"' in content
    assert 'name="overall_comment"' in content
    assert "Submit scores" in content
    assert "Declare a conflict of interest" in content


@pytest.mark.django_db
def test_saving_scores(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, save="1"))

    assert response.status_code == 302
    assert response["Location"] == url(assignment)
    assert score_values(assignment) == {"Novelty": 7, "Impact": 5, "Maturity": 3}
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS
    assert assignment.overall_comment == "Strong nomination."
    page = client.get(url(assignment)).content.decode()
    assert "Saved." in page
    assert 'value="7"' in page and "A real first." in page
    maturity = criteria(blind_round)[2]
    assert re.search(rf'type="radio" name="score-{maturity.pk}" value="3"[^>]* checked', page)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("novelty", 11), ("maturity", 0), ("novelty", "lots")])
def test_out_of_range_scores_are_refused_and_nothing_saved(client, judge, blind_round, make_eligible, field, value):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, save="1", **{field: value}))

    assert response.status_code == 200
    content = response.content.decode()
    expected = {"novelty": "“Novelty” takes a score from 0 to 10.", "maturity": "“Maturity” takes a score from 1 to 5."}
    assert expected[field] in content
    assert "Not saved: correct the answers marked below." in content
    assert not Score.objects.filter(assignment=assignment).exists()
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED
    assert assignment.overall_comment == ""


@pytest.mark.django_db
def test_a_comment_needs_a_score(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, novelty="", save="1"))

    assert "Give a score as well" in response.content.decode()
    assert not Score.objects.filter(assignment=assignment).exists()


@pytest.mark.django_db
def test_autosave_answers_json(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, impact=None), HTTP_X_AUTOSAVE="1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["saved"] is True
    assert data["message"].startswith("Saved at")
    assert score_values(assignment) == {"Novelty": 7, "Maturity": 3}

    response = client.post(url(assignment), scores_post(blind_round, novelty=42), HTTP_X_AUTOSAVE="1")
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert score_values(assignment) == {"Novelty": 7, "Maturity": 3}


@pytest.mark.django_db
def test_autosave_when_signed_out_answers_json(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)

    response = client.post(url(assignment), scores_post(blind_round), HTTP_X_AUTOSAVE="1")

    assert response.status_code == 401
    assert response.json()["saved"] is False
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_scores_typed_while_signed_out_are_kept_not_saved(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)

    response = client.post(url(assignment), scores_post(blind_round, novelty=9, save="1"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    client.force_login(judge.user)
    page = client.get(url(assignment)).content.decode()
    assert "We kept what you typed" in page
    assert 'value="9"' in page
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_submitting_locks_the_scores(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, submit_scores="1", confirmed="1"))

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED
    assert assignment.submitted_at is not None
    page = client.get(url(assignment)).content.decode()
    assert "Your scores are submitted." in page
    assert "these scores are locked." in page
    assert "7 on a scale of 0 to 10" in page
    assert "data-autosave=" not in page
    assert 'name="submit_scores"' not in page

    later = client.post(url(assignment), scores_post(blind_round, novelty=1, save="1"))
    assert LOCKED in later.content.decode()
    again = client.post(url(assignment), scores_post(blind_round, novelty=2, submit_scores="1"))
    assert LOCKED in again.content.decode()
    auto = client.post(url(assignment), scores_post(blind_round, novelty=3), HTTP_X_AUTOSAVE="1")
    assert auto.status_code == 409
    assert auto.json() == {"saved": False, "message": LOCKED}
    assert score_values(assignment) == {"Novelty": 7, "Impact": 5, "Maturity": 3}
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED


@pytest.mark.django_db
def test_submitting_needs_every_criterion(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, impact="", submit_scores="1"), follow=True)

    content = response.content.decode()
    assert "Score every criterion before submitting. Missing: Impact." in content
    assert "Your scores so far are saved." in content
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS
    assert score_values(assignment) == {"Novelty": 7, "Maturity": 3}
