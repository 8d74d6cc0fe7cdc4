"""No one-click mistakes (judging.views.confirm): submitting scores, declaring a conflict of
interest, shortlisting and commending (and not) ask first and say what cannot be undone.
Without JavaScript the server answers an unconfirmed POST with a confirmation page that
resends the same fields with confirmed=1; here that page is read and resent as a browser
without JavaScript would."""

import html
import re

import pytest

from django.urls import reverse

from judging.models import AssignmentState, Conflict, Decision
from nominations.models import Nomination
from tests.factories import AwardLevelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import assign, client_for, score_values, scores_post, url

A = AssignmentState
world = helpers.world
scored = helpers.scored

SCORES_FINAL = "Once submitted, your scores are final: you cannot change them."
CHAIR_REOPENS = "Only the panel&#x27;s chair can reopen them, while the round is open."
NOT_DONE = "Not done yet: please confirm below."


def carried_form(body):
    """The confirmation page's form: its action and the fields it sends, as a browser would."""
    form = re.search(r'<form method="post" action="([^"]+)" class="form-actions" data-once>(.*?)</form>', body, re.S)
    assert form is not None, "no confirmation form on the page"
    fields = [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    ]
    data = {}
    for name, value in fields:
        if name != "csrfmiddlewaretoken":  # the test client does not check it
            data.setdefault(name, []).append(value)
    return html.unescape(form.group(1)), data


# Submitting scores ----------------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_without_confirmation_saves_a_draft_and_asks(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, submit_scores="1"))

    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_DONE in body
    assert "Submit your scores?" in body
    assert SCORES_FINAL in body
    assert CHAIR_REOPENS in body
    assert 'data-confirm-page="submit-scores"' in body
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS  # saved as a draft, not submitted
    assert score_values(assignment) == {"Novelty": 7, "Impact": 5, "Maturity": 3}

    action, data = carried_form(body)
    assert action == url(assignment)
    assert data["confirmed"] == ["1"]
    assert data["submit_scores"] == ["1"]
    assert data["overall_comment"] == ["Strong nomination."]
    response = client.post(action, data)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == A.SUBMITTED
    assert score_values(assignment) == {"Novelty": 7, "Impact": 5, "Maturity": 3}


@pytest.mark.django_db
def test_an_incomplete_submission_is_refused_without_asking(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, impact="", submit_scores="1"), follow=True)

    body = response.content.decode()
    assert NOT_DONE not in body
    assert "Score every criterion before submitting. Missing: Impact." in body
    assignment.refresh_from_db()
    assert assignment.state == A.IN_PROGRESS


@pytest.mark.django_db
def test_saving_a_draft_needs_no_confirmation(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment), scores_post(blind_round, save="1"))

    assert response.status_code == 302
    assert score_values(assignment) == {"Novelty": 7, "Impact": 5, "Maturity": 3}


@pytest.mark.django_db
def test_the_assignment_page_carries_the_dialogs_with_their_words(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    body = client.get(url(assignment)).content.decode()

    assert '<dialog class="confirm-dialog" id="confirm-submit-scores"' in body
    assert '<dialog class="confirm-dialog" id="confirm-declare-conflict"' in body
    assert re.search(r'name="submit_scores" value="1" class="button" data-confirm="confirm-submit-scores"', body)
    assert 'data-confirm="confirm-declare-conflict"' in body
    assert SCORES_FINAL in body
    assert "This cannot be undone: you will not judge this nomination again." in body
    assert "/static/js/confirm.js" in body
    assert "<script>" not in body  # no inline script (CSP)


@pytest.mark.django_db
def test_a_submitted_assignment_has_no_submit_dialog(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)
    client.post(url(assignment), scores_post(blind_round, submit_scores="1", confirmed="1"))

    body = client.get(url(assignment)).content.decode()

    assert 'id="confirm-submit-scores"' not in body
    assert "If something must change, ask the panel's chair to reopen them." in body


# Declaring a conflict ---------------------------------------------------------------------


@pytest.mark.django_db
def test_declaring_a_conflict_asks_first_and_recuses_once_confirmed(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment, "conflict/"), {"reason": "My brother <b>runs</b> it."})

    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_DONE in body
    assert "Declare a conflict of interest?" in body
    assert "This cannot be undone: you will not judge this nomination again." in body
    assert "My brother &lt;b&gt;runs&lt;/b&gt; it." in body  # the reason, read again (escaped)
    assert f'href="{url(assignment)}"' in body  # going back
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED
    assert not Conflict.objects.exists()

    action, data = carried_form(body)
    assert data == {"reason": ["My brother <b>runs</b> it."], "confirmed": ["1"]}
    response = client.post(action, data)
    assert response["Location"] == "/judging/"
    assignment.refresh_from_db()
    assert assignment.state == A.RECUSED
    assert Conflict.objects.get().reason == "My brother <b>runs</b> it."


@pytest.mark.django_db
def test_a_conflict_without_a_reason_is_a_form_error_not_a_confirmation(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    response = client.post(url(assignment, "conflict/"), {"reason": "  ", "confirmed": "1"})

    assert response.status_code == 200
    assert NOT_DONE not in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED


@pytest.mark.django_db
def test_the_conflict_page_has_its_dialog(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)

    body = client.get(url(assignment, "conflict/")).content.decode()

    assert 'id="confirm-declare-conflict"' in body
    assert 'data-confirm="confirm-declare-conflict"' in body
    assert "/static/js/confirm.js" in body


# Decisions --------------------------------------------------------------------------------


def decide_url(world, nomination, round_=None):
    return reverse("judging:decide", args=[(round_ or world.round).pk, "TEC", nomination.pk])


@pytest.mark.django_db
def test_shortlisting_asks_first_then_decides(client, world, scored):
    first, _second, _third = scored
    world.close_and_sign_off()
    client = client_for(client, world.admin)

    response = client.post(decide_url(world, first), {"outcome": "shortlist"})

    assert response.status_code == 200
    body = response.content.decode()
    assert NOT_DONE in body
    assert "Shortlist this nomination?" in body
    assert f"{first.reference} · {first.title}" in body
    assert "An awards administrator can undo it, with a reason, until the results are announced" in body
    assert f'href="{world.url("results")}"' in body
    assert Nomination.objects.get(pk=first.pk).state == "eligible"
    assert not Decision.objects.exists()

    action, data = carried_form(body)
    assert data == {"outcome": ["shortlist"], "confirmed": ["1"]}
    response = client.post(action, data)
    assert response["Location"] == world.url("results")
    assert Nomination.objects.get(pk=first.pk).state == "shortlisted"


@pytest.mark.django_db
def test_not_shortlisting_asks_first_and_carries_the_override_reason(client, world):
    nomination = world.nomination()
    world.score(world.assign(nomination, world.judges[1]), (5, 5, 3))
    world.close_and_sign_off()
    client = client_for(client, world.admin)

    data = {"outcome": "not_shortlist", "override_reason": "One judge is enough here."}
    body = client.post(decide_url(world, nomination), data).content.decode()

    assert "Not shortlist this nomination?" in body
    assert "It leaves the judging: it does not go on to the next round." in body
    assert "One judge is enough here." in body
    assert Nomination.objects.get(pk=nomination.pk).state == "eligible"
    action, carried = carried_form(body)
    client.post(action, carried)
    assert Nomination.objects.get(pk=nomination.pk).state == "not_shortlisted"
    assert Decision.objects.get().override_reason == "One judge is enough here."


@pytest.mark.django_db
def test_commending_asks_first_naming_the_level(client, world):
    final = RoundFactory(cycle=world.cycle, number=2)
    first, second = world.nomination("accept", "shortlist"), world.nomination("accept", "shortlist")
    for nomination in (first, second):
        for judge in world.judges:
            world.score(world.assign(nomination, judge, final), (8, 8, 4))
    world.close_and_sign_off(final)
    gold = AwardLevelFactory(cycle=world.cycle, name="First prize")
    client = client_for(client, world.admin)
    url_ = decide_url(world, first, final)

    body = client.post(url_, {"outcome": "commend", "level": gold.pk}).content.decode()
    assert "Commend this nomination?" in body
    assert "First prize" in body
    assert "as long as no winner&#x27;s story is written about it" in body
    assert Nomination.objects.get(pk=first.pk).state == "shortlisted"
    action, carried = carried_form(body)
    client.post(action, carried)
    assert Nomination.objects.get(pk=first.pk).state == "commended"

    body = client.post(decide_url(world, second, final), {"outcome": "not_commend"}).content.decode()
    assert "Not commend this nomination?" in body
    assert "It receives no award in this cycle." in body
    assert Nomination.objects.get(pk=second.pk).state == "shortlisted"


@pytest.mark.django_db
def test_a_chair_is_refused_before_any_confirmation(client, world, scored):
    first, _second, _third = scored
    world.close_and_sign_off()

    response = client_for(client, world.chair.user).post(decide_url(world, first), {"outcome": "shortlist"})

    assert response.status_code == 403
    assert Nomination.objects.get(pk=first.pk).state == "eligible"


@pytest.mark.django_db
def test_an_outcome_of_another_round_is_refused_without_asking(client, world, scored):
    first, _second, _third = scored
    world.close_and_sign_off()

    response = client_for(client, world.admin).post(decide_url(world, first), {"outcome": "commend"})

    assert response.status_code == 302
    assert Nomination.objects.get(pk=first.pk).state == "eligible"


@pytest.mark.django_db
def test_the_results_page_carries_a_dialog_per_outcome(client, world, scored):
    world.close_and_sign_off()

    body = client_for(client, world.admin).get(world.url("results")).content.decode()

    assert body.count('<dialog class="confirm-dialog"') == 2
    assert 'id="confirm-shortlist"' in body and 'id="confirm-not-shortlist"' in body
    assert body.count('data-confirm="confirm-shortlist"') == 3
    assert body.count('data-confirm="confirm-not-shortlist"') == 3
    assert "/static/js/confirm.js" in body
    # The chair, who does not decide, gets no dialogs.
    body = client_for(client, world.chair.user).get(world.url("results")).content.decode()
    assert "<dialog" not in body
