"""Real files built in memory for the upload tests, and checks on what comes out."""

from io import BytesIO

from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

NOT_ACCEPTED = r"is not an accepted file type: JPEG, PNG, WebP images or PDF documents"


# --- building real files in memory ----------------------------------------------------------


def image_bytes(fmt, size=(120, 80), mode="RGB", color=(200, 30, 30), **save_kwargs):
    buf = BytesIO()
    Image.new(mode, size, color).save(buf, fmt, **save_kwargs)
    return buf.getvalue()


def pdf_bytes():
    buf = BytesIO()
    Image.new("RGB", (100, 100), (0, 0, 255)).save(buf, "PDF")
    return buf.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretModel"  # Model
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (116.0, 23.0, 0.0)}  # GPS IFD
    return exif


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopen(data):
    img = Image.open(BytesIO(data))
    img.load()
    return img


def assert_valid_thumbnail(result, expected_size):
    assert result.thumbnail is not None
    thumb = reopen(result.thumbnail)
    assert thumb.format == "JPEG"
    assert thumb.mode == "RGB"
    assert thumb.size == expected_size
    assert max(thumb.size) <= 480
