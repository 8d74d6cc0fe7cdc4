"""Serving nomination files: every PDF is a download, for its owner and for staff; images
may show in the browser. All under a sandbox Content-Security-Policy."""

import pytest

from nominations.models import NominationFile
from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import CallPageFactory, NominationFactory, advance
from tests.nominations.helpers.pdf_files import as_upload, blank_writer, written
from tests.nominations.helpers.uploads import image_bytes, upload

SANDBOX = "default-src 'none'; img-src 'self'; sandbox"


@pytest.fixture
def submitted(call_index, nominator):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    add_file(nomination=nomination, upload=validate_upload(as_upload("report.pdf", written(blank_writer()))))
    add_file(nomination=nomination, upload=validate_upload(upload("photo.jpg", image_bytes("JPEG"))))
    advance(nomination, "submit", by=nominator)
    return nomination


def served(client, record):
    response = client.get(f"/nominations/files/{record.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    with record.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["nominator", "screener"])
def test_pdf_is_a_download_and_an_image_shows_inline(request, client, submitted, viewer):
    client.force_login(request.getfixturevalue(viewer))
    document = NominationFile.objects.get(kind="document")
    image = NominationFile.objects.get(kind="image")

    pdf = served(client, document)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="report.pdf"'

    jpeg = served(client, image)
    assert jpeg["Content-Type"] == "image/jpeg"
    assert jpeg["Content-Disposition"] == 'inline; filename="photo.jpg"'


@pytest.mark.django_db
def test_pdf_is_a_download_when_the_web_server_sends_it(client, nominator, submitted, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/protected/"
    client.force_login(nominator)
    document = NominationFile.objects.get(kind="document")

    response = client.get(f"/nominations/files/{document.pk}/")

    assert response["X-Accel-Redirect"] == "/protected/" + document.file.name
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Security-Policy"] == SANDBOX
