from io import BytesIO

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.models import NominationFile
from tests.factories import CallPageFactory, NominationFactory, UserFactory, advance


def jpeg_with_gps(name="photo.jpg"):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0)}
    buffer = BytesIO()
    Image.new("RGB", (640, 480), "#b91c1c").save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="report.pdf"):
    buffer = BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, "PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def nomination(call_index, nominator):
    return NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)


def _upload(client, nomination, *files):
    return client.post(f"/nominations/{nomination.pk}/edit/files/", {"files": list(files), "save": "1"})


@pytest.mark.django_db
def test_uploaded_image_is_stored_privately_without_exif(client, nominator, nomination, settings):
    client.force_login(nominator)
    response = _upload(client, nomination, jpeg_with_gps(), pdf())
    assert response.status_code == 302
    image, document = NominationFile.objects.filter(nomination=nomination).order_by("kind")[::-1]
    assert (image.kind, image.original_name, image.width, image.height) == ("image", "photo.jpg", 640, 480)
    assert (document.kind, document.content_type) == ("document", "application/pdf")
    stored = image.file.path
    assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.startswith(str(settings.MEDIA_ROOT) + "/")
    assert "photo" not in stored  # random stored names
    with open(stored, "rb") as handle:
        data = handle.read()
    assert b"CameraMaker" not in data
    assert not Image.open(BytesIO(data)).getexif()

    served = client.get(f"/nominations/files/{image.pk}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/nominations/files/{image.pk}/thumbnail/").status_code == 200
    assert client.get(f"/nominations/files/{document.pk}/thumbnail/").status_code == 404


@pytest.mark.django_db
def test_files_are_not_reachable_under_the_media_url(client, nominator, nomination):
    client.force_login(nominator)
    _upload(client, nomination, jpeg_with_gps())
    record = NominationFile.objects.get()
    assert client.get("/media/" + record.file.name).status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        record.file.url  # noqa: B018


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"), "not an accepted"),
        (SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'), "not an accepted"),
        (SimpleUploadedFile("report.pdf", b"%PDF-1.4 this is not really a pdf"), "is not a valid PDF"),
        (SimpleUploadedFile("empty.jpg", b""), "is empty"),
    ],
)
def test_bad_file_is_a_form_error_and_keeps_earlier_files(client, nominator, nomination, upload, message):
    client.force_login(nominator)
    _upload(client, nomination, pdf("kept.pdf"))
    response = _upload(client, nomination, upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(NominationFile.objects.values_list("original_name", flat=True)) == ["kept.pdf"]


@pytest.mark.django_db
def test_oversized_and_bomb_images_are_form_errors(client, nominator, nomination, settings):
    client.force_login(nominator)
    settings.NOMINATION_MAX_FILE_BYTES = 1000
    response = _upload(client, nomination, jpeg_with_gps("big.jpg"))
    assert "is too big" in response.content.decode()
    settings.NOMINATION_MAX_FILE_BYTES = 10 * 1024 * 1024
    buffer = BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")  # 100 megapixels in a few kilobytes
    response = _upload(client, nomination, SimpleUploadedFile("bomb.png", buffer.getvalue()))
    assert response.status_code == 200
    assert "is too large: images may have at most 40,000,000 pixels." in response.content.decode()
    assert not NominationFile.objects.exists()


@pytest.mark.django_db
def test_too_many_files_is_a_form_error(client, nominator, nomination, settings):
    settings.NOMINATION_MAX_FILES = 2
    client.force_login(nominator)
    _upload(client, nomination, pdf("one.pdf"), pdf("two.pdf"))
    response = _upload(client, nomination, pdf("three.pdf"))
    assert "A nomination can have at most 2 files; it has 2 already." in response.content.decode()
    assert NominationFile.objects.count() == 2


@pytest.mark.django_db
def test_other_people_cannot_reach_a_file(client, nominator, nomination, screener):
    client.force_login(nominator)
    _upload(client, nomination, jpeg_with_gps())
    record = NominationFile.objects.get()
    url = f"/nominations/files/{record.pk}/"

    client.force_login(UserFactory(email="intruder@example.net"))
    assert client.get(url).status_code == 404
    assert client.post(f"/nominations/files/{record.pk}/delete/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    # Staff see files of submitted nominations, not of private drafts.
    client.force_login(screener)
    assert client.get(url).status_code == 404
    advance(nomination, "submit", by=nominator)
    assert client.get(url).status_code == 200
    assert NominationFile.objects.count() == 1


@pytest.mark.django_db
def test_owner_removes_a_file_from_a_draft(client, nominator, nomination):
    client.force_login(nominator)
    _upload(client, nomination, pdf())
    record = NominationFile.objects.get()
    response = client.post(f"/nominations/files/{record.pk}/delete/")
    assert response["Location"] == f"/nominations/{nomination.pk}/edit/files/"
    assert not NominationFile.objects.exists()


@pytest.mark.django_db
def test_web_server_sends_the_file_when_configured(client, nominator, nomination, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/protected/"
    client.force_login(nominator)
    _upload(client, nomination, pdf())
    record = NominationFile.objects.get()
    response = client.get(f"/nominations/files/{record.pk}/")
    assert response["X-Accel-Redirect"] == "/protected/" + record.file.name
    assert response.content == b""
