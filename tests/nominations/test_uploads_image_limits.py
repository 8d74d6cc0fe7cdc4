"""Uploads: images are refused by the memory they would take once decoded, read from their
headers before any pixel is decoded; every frame's size is checked; only the first is kept."""

from io import BytesIO

import pytest
from PIL import Image

from django.core.exceptions import ValidationError

from nominations.models import NominationFile
from nominations.uploads import validate_upload
from tests.factories import CallPageFactory, NominationFactory
from tests.nominations.helpers.uploads import gps_exif, image_bytes, reopen, upload


def too_large(name, width, height, needed, limit, fit):
    return (
        f"“{name}” is too large to process: at {width} x {height} pixels it would take {needed} MB of memory "
        f"once opened, and images may take at most {limit} MB. Please upload a smaller version, "
        f"for example {fit} pixels."
    )


def refused(name, data):
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(upload(name, data))
    assert excinfo.value.code == "image_too_large"
    return excinfo.value.messages


def test_small_file_that_decodes_to_137_mb_is_refused():
    # 6000 x 6000 pixels, 36 million: under the pixel limit, in about 120 KB of PNG.
    data = image_bytes("PNG", size=(6000, 6000))
    assert len(data) < 200_000

    assert refused("bomb.png", data) == [too_large("bomb.png", "6,000", "6,000", "137.3", "64", "4,096 x 4,096")]


@pytest.mark.parametrize(
    ("fmt", "mode", "per_pixel"),
    [
        ("PNG", "RGB", 4),  # Pillow holds RGB as 4 bytes a pixel
        ("PNG", "RGBA", 4),
        ("PNG", "L", 1),  # kept grey: 1 byte
        ("JPEG", "L", 4),  # stored as an RGB JPEG: converted to 4 bytes
        ("WEBP", "RGB", 12),  # libwebp's canvas and the copy it hands Pillow, besides Pillow's own
    ],
)
def test_limit_counts_the_bytes_each_kind_of_image_decodes_to(settings, fmt, mode, per_pixel):
    settings.NOMINATION_MAX_IMAGE_DECODED_BYTES = 100 * 100 * per_pixel
    color = 128 if mode == "L" else (10, 20, 30, 255)[: len(mode)]

    assert validate_upload(upload("fits", image_bytes(fmt, size=(100, 100), mode=mode, color=color))).width == 100
    with pytest.raises(ValidationError, match=r"at 101 x 100 pixels") as excinfo:
        validate_upload(upload("over", image_bytes(fmt, size=(101, 100), mode=mode, color=color)))
    assert excinfo.value.code == "image_too_large"


def test_progressive_jpeg_counts_its_coefficient_buffers(settings):
    settings.NOMINATION_MAX_IMAGE_DECODED_BYTES = 100 * 100 * 4
    baseline = image_bytes("JPEG", size=(100, 100))
    progressive = image_bytes("JPEG", size=(100, 100), progressive=True)

    assert validate_upload(upload("baseline.jpg", baseline)).width == 100
    assert refused("progressive.jpg", progressive) == [
        too_large("progressive.jpg", "100", "100", "0.1", "0.038", "63 x 63")
    ]


def test_every_frame_of_a_multi_frame_jpeg_is_checked(settings):
    settings.NOMINATION_MAX_IMAGE_DECODED_BYTES = 200 * 200 * 4
    buf = BytesIO()
    small, large = Image.new("RGB", (100, 100), "red"), Image.new("RGB", (300, 300), "blue")
    small.save(buf, "MPO", save_all=True, append_images=[large])
    assert Image.open(BytesIO(buf.getvalue())).n_frames == 2

    assert refused("camera.jpg", buf.getvalue()) == [too_large("camera.jpg", "300", "300", "0.3", "0.2", "200 x 200")]


def test_animated_png_is_stored_as_its_first_frame():
    frames = [Image.new("RGB", (64, 48), color) for color in ("red", "green", "blue")]
    buf = BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    assert Image.open(BytesIO(buf.getvalue())).n_frames == 3

    result = validate_upload(upload("moving.png", buf.getvalue()))

    stored = reopen(result.content)
    assert (stored.size, getattr(stored, "n_frames", 1)) == ((64, 48), 1)
    assert stored.getpixel((0, 0)) == (255, 0, 0)


def test_largest_allowed_image_keeps_exif_stripped_and_gets_its_thumbnail(settings):
    settings.NOMINATION_MAX_IMAGE_DECODED_BYTES = 1600 * 1200 * 4
    buf = BytesIO()
    Image.new("RGB", (1600, 1200), (0, 90, 200)).save(buf, "JPEG", exif=gps_exif())

    result = validate_upload(upload("site.jpg", buf.getvalue()))

    assert (result.width, result.height) == (1600, 1200)
    assert b"SecretModel" not in result.content
    assert not reopen(result.content).getexif()
    assert reopen(result.thumbnail).size == (480, 360)


@pytest.mark.django_db
def test_decoded_size_bomb_is_a_form_error_and_saved_files_stay(client, call_index, nominator):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    client.force_login(nominator)
    path = f"/nominations/{nomination.pk}/edit/files/"
    client.post(path, {"files": [upload("kept.jpg", image_bytes("JPEG"))], "save": "1"})

    response = client.post(path, {"files": [upload("bomb.png", image_bytes("PNG", size=(6000, 6000)))], "save": "1"})

    assert response.status_code == 200
    assert too_large("bomb.png", "6,000", "6,000", "137.3", "64", "4,096 x 4,096") in response.content.decode()
    assert list(NominationFile.objects.values_list("original_name", flat=True)) == ["kept.jpg"]
