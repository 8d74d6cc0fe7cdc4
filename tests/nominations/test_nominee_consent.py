"""The nominee's own consent (nominations.consent): the email with its signed link, the
nominee's page, the record of answers, and publishing resting on it."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone, translation

from wagtail.models import PageLogEntry

from core.cache import current_generation
from nominations import consent, services
from nominations.models import NomineeAnswer, NomineeConsent, WinnerStoryPage, winners_visible
from nominations.winners import create_story
from tests.nominations.helpers.winners import add_photo
from tests.support import with_role

Q = NomineeConsent.Question


@pytest.fixture
def story_editor(db):
    return with_role("Editors", "story-editor@example.net")


@pytest.fixture
def story_moderator(db):
    return with_role("Moderators", "story-moderator@example.net")


def _submit(nomination, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(nomination_id=nomination.pk, user=nomination.nominator)
    nomination.refresh_from_db()
    return nomination


def _link_path(message):
    return re.search(r"https?://[^/\s]+(/nominee/consent/\S+/)", message.body).group(1)


def _answer(client, path, nomination="yes", publication="yes"):
    return client.post(path, {"nomination": nomination, "publication": publication})


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "date_mark"), [("en", "November"), ("zh-hans", "年")])
def test_submission_emails_the_nominee_a_working_link_in_the_nominations_language(
    client, in_state, django_capture_on_commit_callbacks, language, date_mark
):
    nomination = in_state("draft", language=language)
    cycle = nomination.call.cycle
    cycle.announcement_at = cycle.announcement_at.replace(month=11, day=15)
    cycle.save()
    nomination = _submit(nomination, django_capture_on_commit_callbacks)

    [request] = [m for m in mail.outbox if m.to == [nomination.nominee_email]]
    assert nomination.reference in request.subject and nomination.reference in request.body
    # The link's validity date is written in the nomination's language (Django's own formats).
    assert date_mark in request.body
    page = client.get(_link_path(request))
    assert page.status_code == 200
    text = page.content.decode()
    for shown in (nomination.reference, nomination.title, nomination.call.category.display_name):
        assert shown in text
    assert nomination.nominator.get_full_name() in text
    assert nomination.nominee_consent == NomineeAnswer.PENDING
    # Submitting again (a double click) sends nothing more.
    services.submit(nomination_id=nomination.pk, user=nomination.nominator)
    assert len([m for m in mail.outbox if m.to == [nomination.nominee_email]]) == 1


@pytest.mark.django_db
def test_the_page_records_each_answer_with_time_wording_and_version(client, in_state):
    nomination = in_state("submitted")
    path = f"/nominee/consent/{consent.token_for(nomination)}/"
    before = timezone.now()

    assert _answer(client, path).status_code == 302
    assert _answer(client, path).status_code == 302  # a double click or a replay adds nothing
    rows = list(NomineeConsent.objects.filter(nomination=nomination))
    assert [(r.question, r.answer, r.source) for r in rows] == [
        (Q.NOMINATION, True, "link"),
        (Q.PUBLICATION, True, "link"),
    ]
    with translation.override("en"):
        shown = [consent.wording(Q.NOMINATION, nomination), consent.wording(Q.PUBLICATION, nomination)]
    assert [r.wording for r in rows] == shown
    assert nomination.title in rows[1].wording
    assert {(r.wording_version, r.language) for r in rows} == {(consent.WORDING_VERSION, "en")}
    assert all(before <= r.answered_at <= timezone.now() for r in rows)

    # Withdrawing publication, then the nomination: each change is a new row, the history stays.
    _answer(client, path, publication="no")
    _answer(client, path, nomination="no", publication="")
    answers = list(NomineeConsent.objects.filter(nomination=nomination).values_list("question", "answer"))
    assert answers == [(Q.NOMINATION, True), (Q.PUBLICATION, True), (Q.PUBLICATION, False), (Q.NOMINATION, False)]
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.nominee_publication_consent) == (NomineeAnswer.DECLINED, False)
    assert "Your answers so far" in client.get(path).content.decode()


@pytest.mark.django_db
def test_a_changed_or_expired_link_gets_a_clear_refusal(client, in_state):
    nomination = in_state("submitted")
    token = consent.token_for(nomination)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_nomination = token.replace(str(nomination.pk), str(nomination.pk + 1000), 1)
    for bad in (changed, other_nomination, "nonsense", f"{nomination.pk}"):
        response = client.get(f"/nominee/consent/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert client.post(f"/nominee/consent/{changed}/", {"nomination": "yes"}).status_code == 400

    cycle = nomination.call.cycle
    cycle.announcement_at = timezone.now() - consent.LINK_AFTER_ANNOUNCEMENT - timedelta(days=1)
    cycle.save(update_fields=["announcement_at"])
    response = client.post(f"/nominee/consent/{token}/", {"nomination": "yes", "publication": "yes"})
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not NomineeConsent.objects.exists()


@pytest.mark.django_db
def test_a_bad_answer_is_a_form_error(client, in_state):
    nomination = in_state("submitted")
    response = client.post(f"/nominee/consent/{consent.token_for(nomination)}/", {"nomination": "maybe"})
    assert response.status_code == 400
    assert not NomineeConsent.objects.exists()


@pytest.mark.django_db
def test_withdrawing_publication_unpublishes_the_live_story_and_purges_the_cache(client, story_in, awards_admin):
    story = story_in("public")
    assert client.get(story.get_url()).status_code == 200
    generation = current_generation()

    path = f"/nominee/consent/{consent.token_for(story.nomination)}/"
    assert _answer(client, path, publication="no").status_code == 302

    story.refresh_from_db()
    assert story.live is False
    assert current_generation() != generation
    assert client.get(story.get_url()).status_code == 404
    assert PageLogEntry.objects.filter(page=story, action=consent.CONSENT_WITHDRAWN_ACTION).exists()
    # The awards office reads why on the nomination's page.
    client.force_login(awards_admin)
    inspect = client.get(f"/admin/snippets/nominations/nomination/inspect/{story.nomination_id}/").content.decode()
    assert "The nominee withdrew their consent on" in inspect


@pytest.mark.django_db
def test_the_nominators_tick_alone_publishes_nothing(in_state, winners_index, story_editor, story_moderator):
    index, editor, moderator = winners_index, story_editor, story_moderator
    # The nominator ticked "agrees to be named"; the nominee has not answered.
    nomination = in_state("commended", consent_public_name=True, nominee_publication_consent=False)
    add_photo(nomination)
    story, _created = create_story(nomination=nomination, user=editor, index=index)
    assert story.hero_image is None  # no photograph copied
    assert story.permissions_for_user(moderator).can_publish() is False
    story.save_revision().publish(skip_permission_checks=True)
    cycle = nomination.call.cycle
    cycle.announcement_at = timezone.now() - timedelta(hours=1)
    cycle.save(update_fields=["announcement_at"])
    assert not winners_visible(WinnerStoryPage.objects.filter(pk=story.pk)).exists()

    consent.record_answers(nomination_id=nomination.pk, agrees=True, publication=True)
    assert winners_visible(WinnerStoryPage.objects.filter(pk=story.pk)).exists()
    assert WinnerStoryPage.objects.get(pk=story.pk).permissions_for_user(moderator).can_publish() is True


@pytest.mark.django_db
@pytest.mark.parametrize("public_name", [True, False])
def test_a_self_nomination_records_the_nominators_own_answers(
    in_state, django_capture_on_commit_callbacks, public_name
):
    nomination = in_state("draft", consent_public_name=public_name)
    nomination.nominee_email = nomination.nominator.email.upper()
    nomination.save()
    nomination = _submit(nomination, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[nomination.nominator.email]]  # the receipt only
    rows = list(NomineeConsent.objects.filter(nomination=nomination).values_list("question", "answer", "source"))
    assert rows == [(Q.NOMINATION, True, "self"), (Q.PUBLICATION, public_name, "self")]
    assert (nomination.nominee_consent, nomination.nominee_publication_consent) == (NomineeAnswer.AGREED, public_name)


@pytest.mark.django_db
def test_screeners_see_whether_the_nominee_confirmed(client, in_state, screener):
    pending = in_state("submitted", title="Pending one")
    declined = in_state("submitted", title="Declined one")
    agreed = in_state("submitted", title="Agreed one")
    consent.record_answers(nomination_id=declined.pk, agrees=False, publication=False)
    consent.record_answers(nomination_id=agreed.pk, agrees=True, publication=False)
    client.force_login(screener)

    listing = client.get("/admin/snippets/nominations/nomination/").content.decode()
    for label in ("Nominee has not confirmed", "Nominee declined to be nominated", "Nominee agreed; publication: no"):
        assert label in listing
    inspect = client.get(f"/admin/snippets/nominations/nomination/inspect/{agreed.pk}/").content.decode()
    assert "Nominee agreed; publication: no" in inspect
    assert consent.WORDING_VERSION in inspect  # each answer with its wording and version
    inspect = client.get(f"/admin/snippets/nominations/nomination/inspect/{pending.pk}/").content.decode()
    assert "Nominee has not confirmed" in inspect
    # Not having confirmed stops nothing: the nomination can be screened.
    services.screen(nomination_id=pending.pk, user=screener, action="accept")


@pytest.mark.django_db
def test_a_withdrawal_takes_the_story_out_of_moderation_and_the_moderator_meets_no_refusal(
    client, in_state, winners_index, story_editor, story_moderator
):
    index, editor, moderator = winners_index, story_editor, story_moderator
    story, _created = create_story(nomination=in_state("commended"), user=editor, index=index)
    story.get_workflow().start(story, editor)
    task_state = story.current_workflow_task_state
    client.force_login(moderator)
    assert story.title in client.get("/admin/").content.decode()  # awaiting their review

    consent.record_answers(nomination_id=story.nomination_id, agrees=True, publication=False)
    story.refresh_from_db()
    # Approving would publish, which the story refuses: Wagtail answered with "no permission"
    # (a 403 to the approval dialog, from the editor or the dashboard). Now the withdrawal
    # cancels the moderation, so nothing is left to approve anywhere.
    assert story.current_workflow_state is None
    assert story.workflow_states.get().status == "cancelled"
    assert story.title not in client.get("/admin/").content.decode()
    edit = client.get(f"/admin/pages/{story.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "The nominee withdrew their consent to publication" in html
    assert 'data-workflow-action-name="approve"' not in html
    # An approval posted from a stale dashboard tab publishes nothing and is no 500.
    approve = client.post(f"/admin/pages/workflow/action/{story.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert approve.status_code == 302
    story.refresh_from_db()
    assert story.live is False


@pytest.mark.django_db
def test_nominees_of_earlier_nominations_can_be_asked(in_state, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    waiting = in_state("eligible")
    answered = in_state("eligible")
    consent.record_answers(nomination_id=answered.pk, agrees=True, publication=True)
    in_state("draft")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("request_nominee_consent", stdout=out)
    assert [m.to for m in mail.outbox] == [[waiting.nominee_email]]
    assert "1 nominees were asked" in out.getvalue()
