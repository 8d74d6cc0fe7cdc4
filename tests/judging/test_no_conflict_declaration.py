"""A judge confirms no conflict of interest before a nomination's details show
(judging.services.declare_no_conflict): the page shows only the declaration, the files
are a 404 and scores are refused until then."""

import pytest

from django.utils import translation

from judging import services
from judging.models import AssignmentState
from tests.factories import JudgeProfileFactory
from tests.judging.helpers import IDENTITY, assign, criteria, scores_post, url

pytestmark = pytest.mark.django_db
NOT_DECLARED = "Confirm you have no conflict of interest first"


def test_until_declared_the_page_shows_only_the_declaration(client, judge, blind_round, identified):
    assignment = assign(blind_round, identified, judge, declared=False)
    client.force_login(judge.user)
    dashboard = client.get("/judging/").content.decode()
    assert "Confirm no conflict" in dashboard
    assert identified.title not in dashboard
    body = client.get(url(assignment)).content.decode()
    assert "I confirm I have no conflict of interest" in body
    assert f'href="{url(assignment, "conflict/")}"' in body
    assert identified.reference in body
    for secret in (identified.title, identified.summary, IDENTITY["nominee_name"], IDENTITY["nominee_organisation"]):
        assert secret not in body
    file = identified.files.first()
    assert client.get(url(assignment, f"files/{file.pk}/")).status_code == 404

    response = client.post(url(assignment, "declare/"))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.declared_no_conflict_at is not None
    assert assignment.no_conflict_wording == str(services.NO_CONFLICT_WORDING)
    body = client.get(url(assignment)).content.decode()
    assert identified.title in body
    assert client.get(url(assignment, f"files/{file.pk}/")).status_code == 200


def test_a_round_that_is_not_blind_names_the_nominee_on_the_declaration(client, judge, open_round, identified):
    assignment = assign(open_round, identified, judge, declared=False)
    client.force_login(judge.user)
    body = client.get(url(assignment)).content.decode()
    assert IDENTITY["nominee_name"] in body
    assert IDENTITY["nominee_organisation"] in body
    assert identified.summary not in body


def test_scores_are_refused_until_declared(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge, declared=False)
    user = judge.user
    with pytest.raises(services.JudgingError, match=NOT_DECLARED):
        services.save_scores(assignment_id=assignment.pk, user=user, scores={criteria(blind_round)[0].pk: (4, "")})
    with pytest.raises(services.JudgingError, match=NOT_DECLARED):
        services.submit_assignment(assignment_id=assignment.pk, user=user)
    client.force_login(user)
    response = client.post(url(assignment), scores_post(blind_round), headers={"X-Autosave": "1"})
    assert (response.status_code, response.json()["message"]) == (409, NOT_DECLARED + ".")
    assert not assignment.scores.exists()


def test_the_wording_is_kept_in_the_judges_language(judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge, declared=False)
    with translation.override("zh-hans"):
        expected = str(services.NO_CONFLICT_WORDING)
        services.declare_no_conflict(assignment_id=assignment.pk, user=judge.user)
    assignment.refresh_from_db()
    assert assignment.no_conflict_wording == expected
    first = assignment.declared_no_conflict_at
    services.declare_no_conflict(assignment_id=assignment.pk, user=judge.user)
    assignment.refresh_from_db()
    assert assignment.declared_no_conflict_at == first


def test_someone_elses_assignment_is_refused(judge, blind_round, make_eligible):
    other = assign(blind_round, make_eligible(), judge, declared=False)
    with pytest.raises(services.JudgingError, match=r"This is not your assignment\."):
        services.declare_no_conflict(assignment_id=other.pk, user=JudgeProfileFactory().user)
    assert AssignmentState(other.state) == AssignmentState.ASSIGNED
