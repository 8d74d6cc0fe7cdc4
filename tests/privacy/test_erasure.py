"""Deleting one's account, erasing a nominee, and the admin's erasure and user deletion."""

import pytest
from django_fsm_log.models import StateLog

from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from judging.models import CycleStatement, ExpertInvitation, ExpertiseKeyword, JudgeProfile, Score, StandingInterest
from nominations.models import Nomination, NominationFile, NominationState, StoryImage, WinnerStoryPage
from nominations.winners import create_story
from outbox.models import OutgoingEmail
from privacy.anonymise import REMOVED
from privacy.models import ErasureRecord
from privacy.services import erase_nominee, erase_user, placeholder_email
from tests.factories import PASSWORD, ExpertInvitationFactory, UserFactory, advance
from tests.nominations.helpers.winners import winners_index_page
from tests.privacy.helpers import make_nomination

pytestmark = pytest.mark.django_db


def stored_names(nomination):
    files = NominationFile.objects.filter(nomination=nomination)
    return [name for f in files for name in (f.file.name, f.thumbnail.name) if name]


def test_deleting_ones_account_erases_the_data_and_keeps_the_record(
    client, nominator, scored, django_capture_on_commit_callbacks
):
    nomination, _judge = scored
    storage = NominationFile._meta.get_field("file").storage
    names = stored_names(nomination)
    assert names and all(storage.exists(name) for name in names)
    logs = StateLog.objects.for_(nomination).count()
    OutgoingEmail.objects.create(subject="Your nomination", recipients=nominator.email, message={"body": "Hi"})
    OutgoingEmail.objects.create(subject="Someone else", recipients="lina@example.net", message={"body": "Hi"})
    client.force_login(nominator)

    refused = client.post(reverse("privacy_delete_account"), {"email": nominator.email, "password": "wrong"})
    assert refused.status_code == 200 and "The password is not right." in refused.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).nominee_name != REMOVED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy_delete_account"), {"email": nominator.email.upper(), "password": PASSWORD}
        )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.nominee_name == nomination.title == nomination.team_members == REMOVED
    assert nomination.nominee_email == nomination.nominee_phone == ""
    assert nomination.reference and nomination.state == NominationState.ELIGIBLE
    assert not NominationFile.objects.filter(nomination=nomination).exists()
    assert not any(storage.exists(name) for name in names)
    assert StateLog.objects.for_(nomination).count() == logs
    assert Score.objects.filter(assignment__nomination=nomination, value=7).exists()
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Someone else"]

    nominator.refresh_from_db()
    assert nominator.email == placeholder_email(nominator.pk)
    assert (nominator.first_name, nominator.last_name, nominator.is_active) == ("", "", False)
    assert not nominator.has_usable_password()
    # Signed out, and cannot sign in again.
    assert client.get(reverse("privacy_my_data")).status_code == 302
    assert not client.login(email="nominator@example.net", password=PASSWORD)
    record = ErasureRecord.objects.get()
    assert record.kind == ErasureRecord.Kind.ACCOUNT and record.nomination_ids == [nomination.pk]
    assert record.removed["files"] == 1 and record.removed["account"] == "deactivated"
    assert "nominator@example.net" not in str(record.removed) + record.reason


def test_the_admin_pages_of_an_erased_nomination_still_open(client, nominator, scored, superuser):
    nomination, _judge = scored
    erase_user(nominator, by=nominator, reason="Own request")
    client.force_login(superuser)
    for url in (
        reverse("wagtailsnippets_nominations_nomination:inspect", args=[nomination.pk]),
        reverse("wagtailsnippets_nominations_nomination:list"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:edit", args=[nominator.pk]),
        reverse("privacy_admin:erase_user", args=[nominator.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_an_erased_judge_keeps_the_scores_without_the_profile(scored, admin):
    nomination, judge = scored
    JudgeProfile.objects.filter(pk=judge.pk).update(
        affiliation_kind="university", region="datong", languages=["en"], listed_publicly=True
    )
    judge.keywords.add(ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能"))
    statement = CycleStatement.objects.create(judge=judge, cycle=nomination.call.cycle)
    StandingInterest.objects.create(statement=statement, organisation="Datong Coal Group", relation="advises")
    ExpertInvitationFactory(email=judge.user.email, user=judge.user, accepted_at=judge.user.date_joined)
    ExpertInvitationFactory(email="someone.else@example.edu")
    erase_user(judge.user, by=admin, reason="The judge asked", requested_by=ErasureRecord.Requester.ADMINISTRATOR)
    judge = JudgeProfile.objects.get(pk=judge.pk)
    assert (judge.organisation, judge.bio, judge.active) == ("", "", False)
    assert not judge.expertise.exists() and not judge.user.is_active
    assert Score.objects.get(assignment__judge=judge).value == 7
    # Nor their statements and interests, profile fields, public listing or invitations.
    assert (judge.affiliation_kind, judge.region, judge.languages, judge.listed_publicly) == ("", "", [], False)
    assert not judge.keywords.exists()
    assert not CycleStatement.objects.filter(judge=judge).exists()
    assert not StandingInterest.objects.exists()
    assert list(ExpertInvitation.objects.values_list("email", flat=True)) == ["someone.else@example.edu"]
    # The nomination they judged is not theirs: untouched.
    assert Nomination.objects.get(pk=nomination.pk).nominee_name != REMOVED


def test_an_account_with_nothing_to_keep_is_deleted(nominator):
    record = erase_user(nominator, by=nominator, reason="Own request")
    assert record.removed["account"] == "deleted"
    assert not type(nominator).objects.filter(pk=nominator.pk).exists()


def test_erasing_a_commended_nominee_deletes_their_story_its_revisions_and_photographs(
    call, nominator, admin, home_page
):
    nomination = make_nomination(call, nominator, "submit")
    advance(nomination, "accept", "shortlist", "commend", by=admin)
    story, _created = create_story(nomination=nomination, user=admin, index=winners_index_page(home_page))
    story.save_revision(user=admin, log_action=True).publish(user=admin, log_action=True)
    photographs = set(StoryImage.objects.filter(story=story).values_list("image_id", flat=True))
    assert photographs and Revision.page_revisions.filter(object_id=str(story.pk)).exists()
    record = erase_nominee(nomination, by=admin, reason="The nominee wrote to the office")
    assert not WinnerStoryPage.objects.filter(pk=story.pk).exists()
    assert not Revision.page_revisions.filter(object_id=str(story.pk)).exists()
    assert not PageLogEntry.objects.filter(page_id=story.pk).exists()
    assert not get_image_model().objects.filter(pk__in=photographs).exists()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.COMMENDED and not nomination.consent_public_name
    assert record.kind == ErasureRecord.Kind.NOMINEE and record.removed["stories_deleted"] == 1


# The admin ------------------------------------------------------------------------------


def test_an_administrator_erases_an_account_with_a_reason(client, admin, nominator, call):
    nomination = make_nomination(call, nominator, "submit")
    client.force_login(admin)
    url = reverse("privacy_admin:erase_user", args=[nominator.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not ErasureRecord.objects.exists()
    response = client.post(url, {"reason": "Letter of 3 May, reference 17"})
    assert response.status_code == 302
    record = ErasureRecord.objects.get()
    assert (record.done_by, record.requested_by, record.reason) == (
        admin,
        ErasureRecord.Requester.ADMINISTRATOR,
        "Letter of 3 May, reference 17",
    )
    assert Nomination.objects.get(pk=nomination.pk).nominee_name == REMOVED


def test_an_administrator_erases_a_nominee(client, admin, nominator, call):
    nomination = make_nomination(call, nominator, "submit")
    client.force_login(admin)
    url = reverse("privacy_admin:erase_nomination", args=[nomination.pk])
    assert client.post(url, {"reason": "Nominee's email of 2 June"}).status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).nominee_name == REMOVED
    assert ErasureRecord.objects.get().nomination_ids == [nomination.pk]
    # The nominator's account is untouched.
    assert type(nominator).objects.get(pk=nominator.pk).is_active
    assert "already erased" in client.get(url).content.decode()


def test_deleting_a_user_with_nominations_in_the_admin_points_to_erasure(client, superuser, nominator, call):
    """Wagtail's delete view found "0 references" and then hit the protected nominations
    (a 500): it now refuses with a message and leads to erasure."""
    make_nomination(call, nominator, "submit", photo=False)
    client.force_login(superuser)
    url = reverse("wagtailusers_users:delete", args=[nominator.pk])
    erase_url = reverse("privacy_admin:erase_user", args=[nominator.pk])
    for ask in (client.get, client.post):
        response = ask(url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == erase_url
        assert "cannot be deleted" in response.content.decode()
    assert type(nominator).objects.filter(pk=nominator.pk).exists()


def test_deleting_a_user_without_records_in_the_admin_still_works(client, superuser):
    someone = UserFactory()
    client.force_login(superuser)
    response = client.post(reverse("wagtailusers_users:delete", args=[someone.pk]))
    assert response.status_code == 302
    assert not type(someone).objects.filter(pk=someone.pk).exists()
