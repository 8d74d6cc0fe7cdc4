"""An upload whose transaction does not commit leaves nothing behind: no row and no file on
disk (nominations.storage.delete_unless_committed). Every case commits or rolls back for
real (transactional tests), and reads the private store's folder itself."""

from pathlib import Path

import pytest

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from wagtail.images import get_image_model
from wagtail.models import Page

from nominations import services
from nominations.models import Nomination, NominationFile, WinnersIndexPage
from nominations.uploads import validate_upload
from nominations.winners import create_story
from tests.factories import CallPageFactory, NominationFactory
from tests.nominations.helpers.uploads import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Refused(Exception):
    """Raised by a test inside an outer block, after the service returned."""


@pytest.fixture
def nomination(call_index, nominator):
    return NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)


def _photo(name="photo.jpg"):
    return validate_upload(upload(name, image_bytes("JPEG", size=(900, 600))))


def _report():
    return validate_upload(upload("report.pdf", pdf_bytes()))


def _on_disk(settings):
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _named_by_rows():
    names = NominationFile.objects.values_list("file", "thumbnail")
    return sorted(name for pair in names for name in pair if name)


def test_a_committed_upload_keeps_its_files_and_rows(settings, nomination):
    records = services.add_files(nomination=nomination, uploads=[_photo(), _report()])

    assert [r.kind for r in NominationFile.objects.order_by("pk")] == ["image", "document"]
    assert len(_on_disk(settings)) == 3  # the photo, its thumbnail, the PDF
    assert _on_disk(settings) == _named_by_rows()
    assert records[0].thumbnail.name in _on_disk(settings)


def test_an_outer_block_that_rolls_back_after_the_service_returned_deletes_the_files(settings, nomination):
    with pytest.raises(Refused), transaction.atomic():
        services.add_files(nomination=nomination, uploads=[_photo(), _report()])
        assert len(_on_disk(settings)) == 3  # written, not yet committed
        raise Refused

    assert NominationFile.objects.count() == 0
    assert _on_disk(settings) == []


def test_a_commit_refused_by_the_database_deletes_the_files(settings, nomination):
    # The nomination is erased by another request meanwhile: the file's row still inserts
    # (foreign keys are checked at commit on both databases), then the COMMIT itself fails.
    Nomination.objects.filter(pk=nomination.pk).delete()

    with pytest.raises(IntegrityError):
        services.add_file(nomination=nomination, upload=_photo())

    assert NominationFile.objects.count() == 0
    assert _on_disk(settings) == []


def test_a_later_failure_in_add_files_deletes_the_files_already_written(settings, nomination):
    # Both files are written and their rows inserted; touching the erased nomination fails.
    Nomination.objects.filter(pk=nomination.pk).delete()

    with pytest.raises(DatabaseError, match="did not affect any rows"):
        services.add_files(nomination=nomination, uploads=[_photo(), _photo("second.jpg")])

    assert NominationFile.objects.count() == 0
    assert _on_disk(settings) == []


def test_a_connection_lost_before_the_commit_deletes_the_files(settings, nomination):
    with pytest.raises(DatabaseError), transaction.atomic():
        services.add_files(nomination=nomination, uploads=[_photo()])
        assert len(_on_disk(settings)) == 2
        connection.connection.close()  # the database goes away under Django's feet

    connection.close()  # as the next request's start would, after the error
    assert NominationFile.objects.count() == 0
    assert _on_disk(settings) == []


def _a_connection_killed_by_the_server_deletes_the_files(settings, nomination):
    import psycopg

    params = connection.settings_dict
    server = {"host": params["HOST"], "port": params["PORT"] or 5432, "user": params["USER"], "dbname": params["NAME"]}
    with pytest.raises(DatabaseError), transaction.atomic():
        services.add_files(nomination=nomination, uploads=[_photo()])
        pid = connection.cursor().connection.info.backend_pid
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    connection.close()
    assert NominationFile.objects.count() == 0
    assert _on_disk(settings) == []


def test_a_savepoint_rolled_back_deletes_only_its_own_files(settings, nomination):
    with transaction.atomic():
        kept = services.add_files(nomination=nomination, uploads=[_report()])
        try:
            with transaction.atomic():
                services.add_files(nomination=nomination, uploads=[_photo()])
                raise Refused
        except Refused:
            pass

    assert list(NominationFile.objects.values_list("pk", flat=True)) == [kept[0].pk]
    assert _on_disk(settings) == [kept[0].file.name]


def test_files_of_a_commit_whose_earlier_callback_failed_are_kept(settings, nomination, caplog):
    # A callback registered before ours raises after the commit: Django stops there, ours is
    # never called, yet the rows did commit. Their files must stay.
    def fails_after_commit():
        raise Refused

    with pytest.raises(Refused), transaction.atomic():
        transaction.on_commit(fails_after_commit)
        records = services.add_files(nomination=nomination, uploads=[_photo()])

    assert list(NominationFile.objects.values_list("pk", flat=True)) == [records[0].pk]
    assert _on_disk(settings) == _named_by_rows()
    assert len(_on_disk(settings)) == 2
    assert "Stored files kept after a commit whose callbacks failed" in caplog.text


# --- the nominee's photographs copied into the image library with a winner story ---------------


@pytest.fixture
def commended(in_state):
    nomination = in_state("commended")
    services.add_file(nomination=nomination, upload=_photo())
    return nomination


@pytest.fixture
def winners_index(home_page):
    page = WinnersIndexPage(title="Winners", slug="winners")
    home_page.add_child(instance=page)
    return page


def _library_files(settings):
    root = Path(settings.MEDIA_ROOT) / "original_images"
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_story_created_keeps_its_copied_photograph(settings, commended, winners_index, awards_admin):
    story, _created = create_story(nomination=commended, user=awards_admin, index=winners_index)

    assert _library_files(settings) == [Path(get_image_model().objects.get().file.name).name]
    assert story.hero_image_id == get_image_model().objects.get().pk


def test_a_story_that_fails_to_be_created_leaves_no_copied_photograph(settings, commended, winners_index, awards_admin):
    # A page already holds the slug the story would take: adding the story fails after
    # the photograph was copied.
    winners_index.add_child(instance=Page(title="Taken", slug=commended.reference.lower()))

    with pytest.raises(ValidationError):
        create_story(nomination=commended, user=awards_admin, index=winners_index)

    assert get_image_model().objects.count() == 0
    assert _library_files(settings) == []


def test_an_outer_block_that_rolls_back_after_the_story_was_created_leaves_no_copied_photograph(
    settings, commended, winners_index, awards_admin
):
    with pytest.raises(Refused), transaction.atomic():
        create_story(nomination=commended, user=awards_admin, index=winners_index)
        assert len(_library_files(settings)) == 1
        raise Refused

    assert get_image_model().objects.count() == 0
    assert _library_files(settings) == []


# Only PostgreSQL has a server to kill the connection from (SQLite's is in the process: the
# test above closes it under Django instead). Defined only there, rather than skipped here.
if connection.vendor == "postgresql":
    test_a_connection_killed_by_the_server_deletes_the_files = _a_connection_killed_by_the_server_deletes_the_files
