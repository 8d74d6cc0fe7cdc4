"""After a round closes, the panel's chair signs off the ranking in the browser; an awards
administrator shortlists a nomination short of scores with a written reason, undoes the
decision with another, and reads the nomination's judging record with every change."""

import pytest

from wagtail.models import Site

from judging import services
from judging.models import Decision, RankingSignOff
from tests.e2e.helpers import sign_in_with_code
from tests.factories import CallIndexPageFactory
from tests.judging.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_chair_signs_off_and_an_administrator_decides_and_undoes_on_the_record(live_server, browser):
    home = Site.objects.get(is_default_site=True).root_page
    world = World(CallIndexPageFactory(parent=home))
    nomination = world.nomination()
    judge = world.judges[1]
    assignment = world.assign(nomination, judge)
    criteria = list(world.round.criteria.order_by("sort_order"))
    services.save_scores(
        assignment_id=assignment.pk, user=judge.user, scores={c.pk: (c.scale_min + 1, "First view") for c in criteria}
    )
    changed = 7
    services.save_scores(
        assignment_id=assignment.pk, user=judge.user, scores={criteria[0].pk: (changed, "Second view")}
    )
    services.submit_assignment(assignment_id=assignment.pk, user=judge.user)
    services.close_round(round_id=world.round.pk, user=world.admin, override_reason="Two judges fell ill.")

    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(chair, live_server.url, world.chair.user)
    chair.goto(live_server.url + world.url("results"))
    assert chair.locator("[data-short-of-scores]").count() == 0  # chairs do not decide
    chair.fill("#sign-off-note", "Read with the panel on the last day.")
    chair.get_by_role("button", name="Sign off this ranking").click()
    chair.wait_for_load_state()
    assert "Signed off by" in chair.locator("[data-sign-off]").inner_text()
    assert RankingSignOff.objects.get().signed_by == world.chair.user

    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_code(admin, live_server.url, world.admin)
    admin.goto(live_server.url + world.url("results"))
    row = admin.locator(f"tr[data-nomination='{nomination.pk}']")
    assert "1 submitted score of the 3" in row.inner_text()
    row.locator("input[name=override_reason]").fill("One score is enough for this clear case.")
    row.get_by_role("button", name="Shortlist", exact=True).click()
    admin.locator("#confirm-shortlist [data-confirm-yes]").click()  # the confirmation dialog
    admin.locator("li.message--success").wait_for()
    nomination.refresh_from_db()
    assert nomination.state == "shortlisted"
    decision = Decision.objects.get()
    assert (decision.scores_submitted, decision.scores_required) == (1, 3)
    assert decision.override_reason == "One score is enough for this clear case."

    row = admin.locator(f"tr[data-nomination='{nomination.pk}']")
    row.locator("input[name=reason]").fill("Shortlisted by mistake: the panel had not met.")
    row.get_by_role("button", name="Undo decision").click()
    admin.wait_for_load_state()
    nomination.refresh_from_db()
    decision.refresh_from_db()
    assert nomination.state == "eligible"
    assert decision.undo_reason == "Shortlisted by mistake: the panel had not met."

    admin.goto(live_server.url + f"/judging/nominations/{nomination.pk}/audit/")
    record = admin.locator("main").inner_text()
    for expected in (
        "Second view",
        f"{criteria[0].scale_min + 1} → {changed}",
        "One score is enough for this clear case.",
        "Shortlisted by mistake: the panel had not met.",
    ):
        assert expected in record
