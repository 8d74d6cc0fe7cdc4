"""The image embargo: a winner story's photographs (originals and every rendition) are
404 for everyone outside the admin until a story showing them is public, and again when
it stops being public; the site's own images are always served."""

from io import BytesIO

import pytest

from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

from nominations.consent import record_answers
from nominations.models import StoryImage
from nominations.winners import make_renditions
from tests.nominations.helpers.winners import add_photos, announce, photo, publish
from tests.support import with_role

pytestmark = pytest.mark.django_db
Image = get_image_model()


@pytest.fixture
def commended(in_state):
    nomination = in_state("commended", title="Lantern bridge sensors", consent_public_name=True)
    add_photos(nomination, 2)
    return nomination


@pytest.fixture
def story(commended, winners_index, awards_admin):
    """A published story whose cycle is not announced yet, with the renditions a preview
    and the public pages make."""
    announce(commended.call.cycle, announced=False)
    page = publish(commended, awards_admin)
    for image in story_images(page):
        image.get_rendition("max-165x165")  # the admin's listing and chooser thumbnail
    return page


def story_images(story):
    return [story.hero_image] + [g.image for g in story.gallery_images.select_related("image")]


def urls_of(images):
    urls = []
    for image in images:
        urls.append(image.file.url)
        urls += [r.url for r in image.renditions.all()]
    return urls


def statuses(client, urls):
    return {client.get(url).status_code for url in urls}


def site_image(title="City skyline", collection=None):
    return Image.objects.create(
        title=title,
        file=ImageFile(BytesIO(photo()), name="skyline.jpg"),
        collection=collection or Collection.get_first_root_node(),
    )


@pytest.fixture
def editor_client(client):
    client.force_login(with_role("Editors", "editor-images@example.net"))
    return client


def test_story_image_urls_are_404_before_the_announcement(client, story, nominator):
    urls = urls_of(story_images(story))
    assert len(urls) == 2 * (1 + 1 + 5)  # original, admin thumbnail, card and hero renditions
    assert statuses(client, urls) == {404}
    client.force_login(nominator)  # the nominator of this very nomination
    assert statuses(client, urls) == {404}


def test_story_image_urls_are_404_while_the_story_is_a_draft(client, commended, winners_index, awards_admin):
    announce(commended.call.cycle)
    draft = publish(commended, awards_admin, live=False)
    make_renditions(draft)  # what a preview makes
    urls = urls_of(story_images(draft))
    assert len(urls) == 2 * (1 + 5)  # original, card and hero renditions
    assert statuses(client, urls) == {404}


def test_story_image_urls_answer_once_public_and_stop_after_unpublish(client, story):
    urls = urls_of(story_images(story))
    announce(story.nomination.call.cycle)
    assert statuses(client, urls) == {200}
    response = client.get(urls[0])
    assert response["Cache-Control"] == "public, max-age=300"
    story.unpublish()
    assert statuses(client, urls) == {404}
    story.save_revision().publish()
    assert statuses(client, urls) == {200}


def test_consent_withdrawn_hides_the_images_again(client, story):
    announce(story.nomination.call.cycle)
    urls = urls_of(story_images(story))
    assert statuses(client, urls) == {200}
    # The nominee withdraws consent to publication through their link (nominations.consent).
    record_answers(nomination_id=story.nomination_id, agrees=True, publication=False)
    assert statuses(client, urls) == {404}


def test_an_editor_sees_embargoed_images_in_the_admin(editor_client, story):
    hero = story.hero_image
    listing = editor_client.get(reverse("wagtailimages:index")).content.decode()
    thumbnail = hero.get_rendition("max-165x165").url
    assert thumbnail in listing
    response = editor_client.get(thumbnail)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert statuses(editor_client, urls_of(story_images(story))) == {200}


def test_a_signed_in_user_without_image_permissions_gets_404(client, story, screener):
    client.force_login(screener)  # reaches the admin, but not the image library
    assert statuses(client, urls_of(story_images(story))) == {404}


def test_a_site_image_is_always_public(client, story):
    image = site_image()
    image.get_rendition("fill-640x400|format-webp")
    urls = urls_of([image])
    assert statuses(client, urls) == {200}
    response = client.get(urls[0])
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_image_uploaded_for_a_draft_is_kept_back_until_published(client, story, awards_admin):
    announce(story.nomination.call.cycle)
    new = site_image("Award ceremony", collection=Collection.get_first_root_node())
    new.get_rendition("width-800|format-jpeg")
    assert statuses(client, urls_of([new])) == {200}  # not in any story yet
    draft = story.get_latest_revision_as_object()
    draft.body = [*[(b.block_type, b.value) for b in draft.body], ("image", {"image": new, "alt_text": "Stage"})]
    revision = draft.save_revision(user=awards_admin)
    assert set(StoryImage.objects.filter(image=new).values_list("published", flat=True)) == {False}
    assert statuses(client, urls_of([new])) == {404}  # the draft is not public
    assert statuses(client, urls_of(story_images(story))) == {200}  # the published photos are
    revision.publish()
    assert statuses(client, urls_of([new])) == {200}


def test_images_in_the_story_collection_are_kept_back_even_unused(client, story):
    spare = site_image("Spare photo", collection=story.hero_image.collection)
    assert statuses(client, urls_of([spare])) == {404}


def test_copied_file_names_contain_nothing_of_the_upload(story):
    nomination = story.nomination
    names = [image.file.name for image in story_images(story)]
    names += [r.file.name for image in story_images(story) for r in image.renditions.all()]
    for name in names:
        base = name.rsplit("/", 1)[-1].lower()
        for part in ("photo", "upload", nomination.reference.lower(), "lantern", "bridge"):
            assert part not in base.split(".")[0], (part, name)
    originals = [image.file.name for image in story_images(story)]
    assert len({n.split("/")[-1].split(".")[0] for n in originals}) == 2
    assert all(len(n.split("/")[-1].split(".")[0]) >= 24 for n in originals)


def test_only_known_image_files_are_served(client, settings, story):
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "documents" / "report.pdf").write_bytes(b"%PDF-1.4")
    (settings.MEDIA_ROOT / "original_images" / "stray.jpg").write_bytes(photo())
    for path in ("documents/report.pdf", "original_images/stray.jpg", "../private/x.jpg", "images/../x.jpg"):
        assert client.get("/media/" + path).status_code == 404, path


def test_x_accel_redirect_only_after_the_check(client, settings, story):
    settings.MEDIA_X_ACCEL_PREFIX = "/media-internal/"
    hero = story.hero_image
    assert client.get(hero.file.url).status_code == 404
    announce(story.nomination.call.cycle)
    response = client.get(hero.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/media-internal/" + hero.file.name
    assert response.content == b""


def test_wagtails_own_image_serve_view_is_not_routed():
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["signature", 1, "original"])


def test_documents_go_through_wagtails_view(client, settings):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    document = get_document_model().objects.create(title="Rules", file=ContentFile(b"%PDF-1.4 rules", name="rules.pdf"))
    assert document.url == f"/documents/{document.pk}/rules.pdf"
    assert client.get(document.url).status_code == 200
    assert client.get(document.file.url).status_code == 404


def test_a_moderator_sees_embargoed_images(client, story):
    client.force_login(with_role("Moderators", "moderator-images@example.net"))
    assert statuses(client, urls_of(story_images(story))) == {200}


def _media_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def test_media_queries_do_not_grow_with_the_number_of_stories(client, story, in_state, awards_admin):
    announce(story.nomination.call.cycle)
    site = site_image()
    urls = {"story": story.hero_image.get_rendition("fill-640x400|format-jpeg").url, "site": site.file.url}
    before = {kind: _media_queries(client, url) for kind, url in urls.items()}
    for number in range(8):
        other = in_state("commended", title=f"Other winner {number}", consent_public_name=True)
        add_photos(other, 2)
        announce(other.call.cycle)
        publish(other, awards_admin)
    after = {kind: _media_queries(client, url) for kind, url in urls.items()}
    assert before == after
    assert before == {"story": (200, 1), "site": (200, 1)}
