"""Writing winners' stories: created from commended nominations, consent-gated, moderated
and scheduled."""

from datetime import timedelta

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection, Revision, Workflow
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.mfa import activate_totp
from nominations.models import WinnersIndexPage, WinnerStoryPage
from nominations.winners import StoryError, create_story
from tests.nominations.helpers.winners import add_photo
from tests.support import with_role


@pytest.fixture
def index(home_page):
    page = WinnersIndexPage(title="Winners", slug="winners")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor(db):
    return with_role("Editors", "editor@example.net")


@pytest.fixture
def moderator(db):
    return with_role("Moderators", "moderator@example.net")


@pytest.mark.django_db
def test_story_is_prefilled_and_images_are_copied_into_the_cycles_collection(in_state, index, editor):
    nomination = in_state("commended")
    add_photo(nomination)
    story, created = create_story(nomination=nomination, user=editor, index=index)
    assert created
    assert (story.title, story.summary, story.live) == (nomination.title, nomination.summary, False)
    assert story.category == nomination.call.category
    assert story.cycle == nomination.call.cycle
    assert story.hero_image.collection == Collection.objects.get(name=nomination.call.cycle.name)
    again, created_again = create_story(nomination=nomination, user=editor, index=index)
    assert (again.pk, created_again) == (story.pk, False)
    assert WinnerStoryPage.objects.count() == 1


@pytest.mark.django_db
def test_without_consent_nothing_is_copied_and_nobody_can_publish(in_state, index, editor, moderator):
    nomination = in_state("commended", consent_public_name=False)
    add_photo(nomination)
    before = get_image_model().objects.count()
    story, _ = create_story(nomination=nomination, user=editor, index=index)
    assert story.hero_image is None
    assert get_image_model().objects.count() == before
    assert story.permissions_for_user(moderator).can_publish() is False
    superuser = with_role("Moderators", "root@example.net")
    superuser.is_superuser = True
    superuser.save()
    assert story.permissions_for_user(superuser).can_publish() is False


@pytest.mark.django_db
def test_only_commended_nominations_get_stories(in_state, index, editor):
    with pytest.raises(StoryError):
        create_story(nomination=in_state("shortlisted"), user=editor, index=index)


@pytest.mark.django_db
def test_editors_submit_moderators_publish(in_state, index, editor, moderator):
    story, _ = create_story(nomination=in_state("commended"), user=editor, index=index)
    assert story.permissions_for_user(editor).can_publish() is False
    assert story.permissions_for_user(moderator).can_publish() is True
    workflow = story.get_workflow()
    assert isinstance(workflow, Workflow)
    assert [task.name for task in workflow.tasks.all()] == ["Moderators approval"]


@pytest.mark.django_db
def test_create_story_from_the_admin(client, in_state, index, editor):
    nomination = in_state("commended", consent_public_name=False)
    activate_totp(editor)
    client.force_login(editor)
    inspect = client.get(f"/admin/snippets/nominations/nomination/inspect/{nomination.pk}/").content.decode()
    assert "Create winner story" in inspect
    assert "a story can be drafted but not published" in inspect
    response = client.post(f"/admin/snippets/nominations/nomination/story/{nomination.pk}/")
    story = WinnerStoryPage.objects.get(nomination=nomination)
    assert response["Location"] == f"/admin/pages/{story.pk}/edit/"
    client.post(f"/admin/snippets/nominations/nomination/story/{nomination.pk}/")
    assert WinnerStoryPage.objects.count() == 1
    edit = client.get(response["Location"], follow=True).content.decode()
    assert "action-publish" not in edit  # no Publish button without consent
    assert "action-submit" not in edit  # nor sending it to the moderators
    assert story.get_workflow() is None


@pytest.mark.django_db
def test_a_screener_cannot_create_stories(client, in_state, index, screener):
    nomination = in_state("commended")
    client.force_login(screener)
    assert client.post(f"/admin/snippets/nominations/nomination/story/{nomination.pk}/").status_code == 404
    assert not WinnerStoryPage.objects.exists()


@pytest.mark.django_db
def test_scheduled_story_goes_live_at_its_time(in_state, index, editor, moderator):
    story, _ = create_story(nomination=in_state("commended"), user=editor, index=index)
    story.go_live_at = timezone.now() + timedelta(hours=2)
    story.save_revision(user=editor).publish(user=moderator)
    story.refresh_from_db()
    assert story.live is False
    # Two hours pass: the scheduled revision's time (and the go-live time it carries) is due.
    past = timezone.now() - timedelta(seconds=1)
    revision = Revision.objects.exclude(approved_go_live_at=None).get(object_id=str(story.pk))
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live is True


@pytest.mark.django_db
class WinnerStoryAdminFormTests(WagtailPageTestCase):
    """A story written from scratch in the page editor (not from the nomination's button)."""

    def test_story_can_be_created_under_the_winners_index_through_the_admin_form(self):
        from wagtail.models import Site

        from accounts.models import User
        from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, advance

        superuser = User.objects.create_superuser(email="root@example.org", password="pw-1")
        activate_totp(superuser)
        self.client.force_login(superuser)
        home = Site.objects.get(is_default_site=True).root_page
        index = WinnersIndexPage(title="Winners", slug="winners")
        home.add_child(instance=index)
        nomination = NominationFactory(call=CallPageFactory(parent=CallIndexPageFactory(parent=home)))
        advance(nomination, "submit", by=nomination.nominator)
        for step in ("accept", "shortlist", "commend"):
            advance(nomination, step, by=superuser)
        self.assertCanCreate(
            index,
            WinnerStoryPage,
            nested_form_data(
                {
                    "title": "Graphene for mines",
                    "slug": "graphene-for-mines",
                    "nomination": nomination.pk,
                    "summary": "A coating that halves corrosion.",
                    "hero_image": "",
                    "body": streamfield(
                        [
                            ("paragraph", rich_text("<p>It began in a lab in Datong.</p>")),
                            ("quote", {"text": "Built here.", "attribution": "The team"}),
                        ]
                    ),
                    "gallery_images": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        story = WinnerStoryPage.objects.get(slug="graphene-for-mines")
        self.assertEqual((story.nomination, story.category), (nomination, nomination.call.category))
        self.assertAllowedParentPageTypes(WinnerStoryPage, {WinnersIndexPage})
