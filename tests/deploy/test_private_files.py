"""Nomination files in a store that signs links (a bucket) are served by a redirect to a
short-lived signed URL after the permission check; on disk nothing changes."""

from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.models import NominationFile
from tests.factories import CallPageFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png():
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "#1d4ed8").save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def signing_store(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "tests.deploy.signing_storage.SigningStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.PRIVATE_MEDIA_URL_SECONDS = 45
    return tmp_path


@pytest.fixture
def uploaded(client, call_index):
    nominator = UserFactory(email="owner@example.net")
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    client.force_login(nominator)
    response = client.post(f"/nominations/{nomination.pk}/edit/files/", {"files": [_png()], "save": "1"})
    assert response.status_code == 302
    return NominationFile.objects.get(nomination=nomination)


def test_a_file_in_a_signing_store_is_a_redirect_to_a_signed_url(client, signing_store, uploaded):
    assert (signing_store / uploaded.file.name).exists()  # saved through the configured store
    response = client.get(f"/nominations/files/{uploaded.pk}/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == ("files.example.net", f"/private/{uploaded.file.name}")
    query = parse_qs(location.query)
    assert query["expire"] == ["45"]
    assert query["ResponseContentType"] == ["image/png"]
    assert query["ResponseContentDisposition"] == ['inline; filename="plan.png"']
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_someone_else_gets_no_signed_url(client, signing_store, uploaded):
    client.force_login(UserFactory(email="stranger@example.net"))
    response = client.get(f"/nominations/files/{uploaded.pk}/")
    assert response.status_code == 404
    assert "Location" not in response


def test_on_disk_the_file_is_still_sent_by_the_app(client, settings, uploaded):
    response = client.get(f"/nominations/files/{uploaded.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (settings.PRIVATE_MEDIA_ROOT / uploaded.file.name).read_bytes()


def test_migrations_do_not_depend_on_the_configured_store(signing_store):
    field = NominationFile._meta.get_field("file")
    assert field.deconstruct()[3]["storage"].deconstruct() == ("nominations.storage.PrivateStorage", (), {})
