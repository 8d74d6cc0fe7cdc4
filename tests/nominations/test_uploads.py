"""nominations.uploads: evidence files are judged by their bytes, and images are re-encoded clean."""

import zipfile
from io import BytesIO

import pytest
from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from django.core.exceptions import ValidationError

from nominations.uploads import ValidatedUpload, validate_upload
from tests.nominations.helpers.uploads import (
    NOT_ACCEPTED,
    assert_valid_thumbnail,
    gps_exif,
    image_bytes,
    reopen,
    upload,
)

# --- accepted images -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [("JPEG", "image/jpeg", "jpg"), ("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp")],
)
def test_valid_images_are_accepted(fmt, content_type, extension):
    result = validate_upload(upload(f"photo.{extension}", image_bytes(fmt, size=(1200, 800)), content_type))

    assert isinstance(result, ValidatedUpload)
    assert result.kind == "image"
    assert result.content_type == content_type
    assert result.extension == extension
    assert result.original_name == f"photo.{extension}"
    assert (result.width, result.height) == (1200, 800)
    stored = reopen(result.content)
    assert stored.format == fmt
    assert stored.size == (1200, 800)
    assert_valid_thumbnail(result, (480, 320))


def test_small_image_thumbnail_is_not_enlarged():
    result = validate_upload(upload("small.png", image_bytes("PNG", size=(60, 40))))

    assert_valid_thumbnail(result, (60, 40))


def test_tall_image_thumbnail_keeps_aspect_ratio():
    result = validate_upload(upload("tall.jpg", image_bytes("JPEG", size=(300, 1500))))

    assert_valid_thumbnail(result, (96, 480))


def test_decision_ignores_the_declared_name_and_content_type():
    result = validate_upload(upload("report.pdf", image_bytes("PNG"), content_type="application/pdf"))

    assert result.kind == "image"
    assert result.content_type == "image/png"
    assert result.extension == "png"
    assert result.original_name == "report.pdf"


def test_file_is_read_from_the_start_even_if_already_read():
    f = upload("photo.jpg", image_bytes("JPEG"))
    f.read(10)

    result = validate_upload(f)

    assert result.content_type == "image/jpeg"
    assert f.tell() == 0


def test_png_modes_are_kept():
    rgba = validate_upload(upload("alpha.png", image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))))
    grey = validate_upload(upload("grey.png", image_bytes("PNG", mode="L", color=128)))

    assert reopen(rgba.content).mode == "RGBA"
    assert reopen(grey.content).mode == "L"
    # A transparent image gets a white (not black) thumbnail background.
    assert reopen(rgba.thumbnail).getpixel((5, 5)) == (255, 255, 255)


def test_palette_png_keeps_its_transparency():
    img = Image.new("P", (20, 20), 1)
    img.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    buf = BytesIO()
    img.save(buf, "PNG", transparency=1)

    result = validate_upload(upload("palette.png", buf.getvalue()))

    stored = reopen(result.content)
    assert stored.mode == "P"
    assert stored.info.get("transparency") == 1


def test_cmyk_jpeg_is_stored_as_rgb():
    result = validate_upload(upload("print.jpg", image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))))

    assert reopen(result.content).mode == "RGB"
    assert result.content_type == "image/jpeg"


def test_rgba_webp_keeps_alpha():
    result = validate_upload(upload("alpha.webp", image_bytes("WEBP", mode="RGBA", color=(0, 0, 0, 0), lossless=True)))

    assert reopen(result.content).mode == "RGBA"


# --- metadata is removed ---------------------------------------------------------------------


def test_jpeg_exif_and_gps_are_removed():
    original = image_bytes("JPEG", exif=gps_exif().tobytes())
    assert b"CameraMaker" in original  # the test input really carries the metadata
    assert reopen(original).getexif().get_ifd(0x8825)

    result = validate_upload(upload("gps.jpg", original, "image/jpeg"))

    stored = reopen(result.content)
    assert dict(stored.getexif()) == {}
    assert stored.getexif().get_ifd(0x8825) == {}
    assert b"Exif" not in result.content
    assert b"CameraMaker" not in result.content
    assert b"SecretModel" not in result.content
    assert b"CameraMaker" not in result.thumbnail
    assert "exif" not in stored.info


def test_webp_exif_and_xmp_are_removed():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXMP</x:xmpmeta>'
    original = image_bytes("WEBP", exif=gps_exif().tobytes(), xmp=xmp)
    assert b"CameraMaker" in original
    assert b"SecretXMP" in original

    result = validate_upload(upload("gps.webp", original))

    stored = reopen(result.content)
    assert dict(stored.getexif()) == {}
    assert b"CameraMaker" not in result.content
    assert b"SecretXMP" not in result.content


def test_png_exif_icc_and_text_chunks_are_removed():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SecretComment")
    info.add_itxt("XML:com.adobe.xmp", "SecretXMP")
    original = image_bytes("PNG", exif=gps_exif().tobytes(), icc_profile=profile, pnginfo=info)
    assert b"iCCP" in original
    assert b"SecretComment" in original
    assert b"CameraMaker" in original

    result = validate_upload(upload("meta.png", original))

    stored = reopen(result.content)
    assert dict(stored.getexif()) == {}
    assert "icc_profile" not in stored.info
    for marker in (b"iCCP", b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"SecretComment", b"SecretXMP", b"CameraMaker"):
        assert marker not in result.content


def test_exif_orientation_is_applied_before_removal():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    # Left half red, right half blue, 200 wide x 100 high as stored.
    img = Image.new("RGB", (200, 100), (255, 0, 0))
    img.paste((0, 0, 255), (100, 0, 200, 100))
    buf = BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), quality=95)

    result = validate_upload(upload("rotated.jpg", buf.getvalue()))

    assert (result.width, result.height) == (100, 200)
    stored = reopen(result.content)
    assert stored.size == (100, 200)
    assert dict(stored.getexif()) == {}
    # Orientation 6 turns the stored left edge into the displayed top edge.
    top = stored.getpixel((50, 20))
    bottom = stored.getpixel((50, 180))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
    assert reopen(result.thumbnail).size == (100, 200)


# --- refused images ----------------------------------------------------------------------------


def test_html_with_png_signature_is_refused():
    fake = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>"

    with pytest.raises(ValidationError, match=r"“evil\.png” " + NOT_ACCEPTED):
        validate_upload(upload("evil.png", fake, "image/png"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "drawing.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(1)</script></svg>",
        ),
        ("page.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("notes.txt", b"just some text\n"),
        ("animation.gif", image_bytes("GIF")),
        ("bitmap.bmp", image_bytes("BMP")),
        ("scan.tiff", image_bytes("TIFF")),
        ("icon.ico", image_bytes("ICO", size=(32, 32))),
        ("random.bin", bytes(range(256)) * 4),
    ],
)
def test_other_file_types_are_refused(name, data):
    with pytest.raises(ValidationError, match=f"“{name}” {NOT_ACCEPTED}") as excinfo:
        validate_upload(upload(name, data, "image/jpeg"))

    assert excinfo.value.code == "unsupported_type"


def test_zip_is_refused():
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photo.jpg", image_bytes("JPEG"))

    with pytest.raises(ValidationError, match=NOT_ACCEPTED):
        validate_upload(upload("photos.zip", buf.getvalue()))


def test_gif_renamed_to_jpg_is_refused():
    with pytest.raises(ValidationError, match=r"“cat\.jpg” " + NOT_ACCEPTED):
        validate_upload(upload("cat.jpg", image_bytes("GIF"), "image/jpeg"))


def test_image_over_the_pixel_setting_is_refused(settings):
    settings.NOMINATION_MAX_IMAGE_PIXELS = 100 * 100 - 1

    with pytest.raises(ValidationError, match=r"“bomb\.png” is too large: 100 x 100 pixels") as excinfo:
        validate_upload(upload("bomb.png", image_bytes("PNG", size=(100, 100))))

    assert excinfo.value.code == "image_too_large"


def test_image_at_the_pixel_setting_is_accepted(settings):
    settings.NOMINATION_MAX_IMAGE_PIXELS = 100 * 100

    result = validate_upload(upload("ok.png", image_bytes("PNG", size=(100, 100))))

    assert (result.width, result.height) == (100, 100)


def test_image_over_default_pixel_limit_is_refused_by_its_header(monkeypatch):
    # 8000 x 6000 = 48M pixels: over the 40M setting, under Pillow's own bomb threshold.
    data = image_bytes("PNG", size=(8000, 6000), mode="1", color=0)
    assert len(data) < 100_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("pixels were decoded"))

    with pytest.raises(ValidationError, match=r"“wide\.png” is too large: 8000 x 6000 pixels"):
        validate_upload(upload("wide.png", data))


def test_decompression_bomb_png_is_refused():
    # 10000 x 10000 = 100M pixels in about 12 KB: over the setting and over Pillow's own
    # DecompressionBombWarning threshold (which the check turns into an error).
    data = image_bytes("PNG", size=(10000, 10000), mode="1", color=0)
    assert len(data) < 100_000

    with pytest.raises(ValidationError, match=r"“bomb\.png” is too large") as excinfo:
        validate_upload(upload("bomb.png", data))

    assert excinfo.value.code == "image_too_large"


def test_pillow_decompression_bomb_error_is_refused(monkeypatch, settings):
    # Even with the site setting raised, Pillow's hard limit still turns into a ValidationError.
    settings.NOMINATION_MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    with pytest.raises(ValidationError, match=r"“big\.png” is too large: images may have at most"):
        validate_upload(upload("big.png", image_bytes("PNG", size=(100, 100))))


def test_pillow_decompression_bomb_warning_is_refused(monkeypatch, settings):
    # Between Pillow's limit and twice it, Pillow only warns; the check makes that an error too.
    settings.NOMINATION_MAX_IMAGE_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 6000)

    with pytest.raises(ValidationError, match=r"“big\.png” is too large: images may have at most"):
        validate_upload(upload("big.png", image_bytes("PNG", size=(100, 100))))


def test_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(400, 300), quality=95)

    with pytest.raises(ValidationError, match=r"“cut\.jpg” could not be read as an image") as excinfo:
        validate_upload(upload("cut.jpg", data[: len(data) // 2]))

    assert excinfo.value.code == "invalid_image"


def test_truncated_png_is_refused():
    data = image_bytes("PNG", size=(400, 300))

    with pytest.raises(ValidationError, match=r"“cut\.png” could not be read as an image"):
        validate_upload(upload("cut.png", data[: len(data) - 30]))


def test_png_with_corrupt_data_is_refused():
    data = bytearray(image_bytes("PNG", size=(64, 64)))
    idat = data.index(b"IDAT")
    data[idat + 8 : idat + 16] = b"\xff" * 8  # damage compressed pixels: CRC no longer matches

    with pytest.raises(ValidationError, match=r"could not be read as an image"):
        validate_upload(upload("corrupt.png", bytes(data)))


def test_unexpected_pillow_exception_becomes_validation_error(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(ImageOps, "exif_transpose", boom)  # tolerated: the image is kept as is
    assert validate_upload(upload("ok.jpg", image_bytes("JPEG"))).kind == "image"

    monkeypatch.setattr(Image.Image, "convert", boom)
    with pytest.raises(ValidationError, match=r"“ok\.jpg” could not be read as an image"):
        validate_upload(upload("ok.jpg", image_bytes("JPEG")))
