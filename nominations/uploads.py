"""Checks on the evidence files that members of the public upload with a nomination.

The decision is made from the file's bytes alone: the uploader's file name and the
browser-declared content type are never trusted. Accepted are JPEG, PNG and WebP images
(decoded in full, then re-encoded so that EXIF/GPS/XMP/ICC metadata are dropped) and PDF
documents (parsed with pypdf; stored as uploaded). Every problem, including any exception
raised by Pillow or pypdf, becomes a ValidationError with a message fit to show the uploader.
"""

import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 200
THUMBNAIL_SIZE = (480, 480)

# Image.format -> (content type, extension, format to save in). MPO is what Pillow calls a
# JPEG that carries extra frames (some phone cameras write these); it is stored as a plain
# JPEG of its first frame.
_IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg", "JPEG"),
    "MPO": ("image/jpeg", "jpg", "JPEG"),
    "PNG": ("image/png", "png", "PNG"),
    "WEBP": ("image/webp", "webp", "WEBP"),
}
# The only Pillow plugins tried when opening; anything else is "not an accepted file type".
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")
_PNG_MODES = {"RGBA", "LA", "P", "L", "RGB"}

# Bidirectional-text controls (format characters, not category Cc) that can make a name
# display differently from what it is, e.g. "photo\u202egpj.exe".
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class ValidatedUpload:
    kind: str  # "image" or "document"
    content: bytes  # what to store: re-encoded image bytes, or the original PDF bytes
    content_type: str  # "image/jpeg", "image/png", "image/webp" or "application/pdf"
    extension: str  # "jpg", "png", "webp" or "pdf"
    original_name: str  # the uploader's name, cleaned for display
    width: int | None
    height: int | None
    thumbnail: bytes | None  # JPEG thumbnail (max 480x480, aspect kept) for images, None for PDFs


def validate_upload(uploaded_file) -> ValidatedUpload:
    """Checks an uploaded file (a Django UploadedFile) by its content and returns what to store.

    Raises ValidationError, with a message naming the file, on any problem."""
    name = clean_name(getattr(uploaded_file, "name", ""))
    max_bytes = settings.NOMINATION_MAX_FILE_BYTES

    declared_size = getattr(uploaded_file, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise _too_big(name, max_bytes)

    try:
        uploaded_file.seek(0)
        # One byte more than allowed, so that an oversized file is noticed without reading it all.
        data = uploaded_file.read(max_bytes + 1)
        uploaded_file.seek(0)
    except Exception as exc:
        raise ValidationError(
            _("“%(name)s” could not be read. Please try uploading it again."),
            code="unreadable",
            params={"name": name},
        ) from exc
    if isinstance(data, str):  # a file opened in text mode; treat as unacceptable content
        data = data.encode("utf-8", "surrogateescape")

    if not data:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if len(data) > max_bytes:
        raise _too_big(name, max_bytes)

    if data.startswith(b"%PDF-"):
        return _validate_pdf(data, name)
    return _validate_image(data, name)


def clean_name(raw) -> str:
    """The uploader's file name made safe to display: basename only (either slash), no control
    or bidi-override characters, at most MAX_NAME_LENGTH characters (the extension is kept)."""
    name = "".join(
        ch for ch in str(raw or "") if unicodedata.category(ch) not in ("Cc", "Zl", "Zp") and ch not in _BIDI_CONTROLS
    )
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return _("unnamed file")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name


def _format_mb(num_bytes: int) -> str:
    mb = num_bytes / (1024 * 1024)
    text = f"{mb:.1f}".rstrip("0").rstrip(".")
    return text if text != "0" else f"{mb:.2g}"


def _too_big(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is too big: files may be at most %(limit)s MB."),
        code="file_too_large",
        params={"name": name, "limit": _format_mb(max_bytes)},
    )


def _not_accepted(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not an accepted file type: JPEG, PNG, WebP images or PDF documents."),
        code="unsupported_type",
        params={"name": name},
    )


def _image_too_large(name: str, limit: int, size: tuple[int, int] | None = None) -> ValidationError:
    if size is None:
        return ValidationError(
            _("“%(name)s” is too large: images may have at most %(limit)s pixels."),
            code="image_too_large",
            params={"name": name, "limit": f"{limit:,}"},
        )
    return ValidationError(
        _("“%(name)s” is too large: %(width)s x %(height)s pixels. Images may have at most %(limit)s pixels."),
        code="image_too_large",
        params={"name": name, "width": size[0], "height": size[1], "limit": f"{limit:,}"},
    )


# --- PDF ----------------------------------------------------------------------------------


def _validate_pdf(data: bytes, name: str) -> ValidatedUpload:
    invalid = ValidationError(
        _("“%(name)s” is not a valid PDF. It may be damaged; please try saving it again."),
        code="invalid_pdf",
        params={"name": name},
    )
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "“%(name)s” is password-protected: password-protected PDFs cannot be checked. "
                    "Please upload it without a password."
                ),
                code="encrypted_pdf",
                params={"name": name},
            )
        if len(reader.pages) < 1:
            raise invalid
        reader.pages[0]  # parse the first page object, not just the page count
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises a variety of errors (and sometimes plain ones) on bad input
        raise invalid from exc
    return ValidatedUpload(
        kind="document",
        content=data,
        content_type="application/pdf",
        extension="pdf",
        original_name=name,
        width=None,
        height=None,
        thumbnail=None,
    )


# --- Images -------------------------------------------------------------------------------


def _validate_image(data: bytes, name: str) -> ValidatedUpload:
    max_pixels = settings.NOMINATION_MAX_IMAGE_PIXELS
    damaged = ValidationError(
        _("“%(name)s” could not be read as an image. It may be damaged or incomplete."),
        code="invalid_image",
        params={"name": name},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)

            # First open: read the header only, check the dimensions, then verify the structure.
            with Image.open(BytesIO(data), formats=_OPEN_FORMATS) as img:
                image_format = img.format
                if image_format not in _IMAGE_FORMATS:
                    raise _not_accepted(name)
                width, height = img.size
                if width < 1 or height < 1:
                    raise damaged
                if width * height > max_pixels:
                    raise _image_too_large(name, max_pixels, (width, height))
                img.verify()

            # Second open (verify() leaves the image unusable): decode every pixel, re-encode.
            with Image.open(BytesIO(data), formats=_OPEN_FORMATS) as img:
                if img.format != image_format or img.size != (width, height):
                    raise damaged
                img.load()
                content_type, extension, save_format = _IMAGE_FORMATS[image_format]
                clean = _prepare_for_saving(img, save_format)
                content = _encode(clean, save_format)

            out_width, out_height = clean.size
            thumbnail = _make_thumbnail(content)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _image_too_large(name, max_pixels) from exc
    except UnidentifiedImageError as exc:
        raise _not_accepted(name) from exc
    except Exception as exc:  # truncated data, bad chunks, CRC errors, decoder failures...
        raise damaged from exc

    return ValidatedUpload(
        kind="image",
        content=content,
        content_type=content_type,
        extension=extension,
        original_name=name,
        width=out_width,
        height=out_height,
        thumbnail=thumbnail,
    )


def _prepare_for_saving(img: Image.Image, save_format: str) -> Image.Image:
    """A copy of the decoded image, turned upright, in a mode the format can store, and with
    no metadata left in .info (PNG's writer would otherwise copy the ICC profile across)."""
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception:  # unreadable EXIF should not cost the uploader their photo
        upright = img.copy()
    if upright is img:
        upright = img.copy()

    if save_format == "JPEG":
        target = "RGB"
    elif save_format == "PNG":
        if upright.mode in _PNG_MODES:
            target = upright.mode
        elif "A" in upright.mode or "transparency" in upright.info:
            target = "RGBA"
        elif upright.mode.startswith("I") or upright.mode in ("1", "F"):
            target = "L" if upright.mode == "1" else "RGB"
        else:
            target = "RGB"
    else:  # WEBP
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        target = "RGBA" if has_alpha else "RGB"

    converted = upright.convert(target) if upright.mode != target else upright
    transparency = converted.info.get("transparency") if save_format == "PNG" else None
    converted.info = {}
    if transparency is not None:
        converted.info["transparency"] = transparency
    return converted


def _encode(img: Image.Image, save_format: str) -> bytes:
    buf = BytesIO()
    # Deliberately no exif=, icc_profile=, xmp= or pnginfo=: the stored file carries none.
    if save_format == "JPEG":
        img.save(buf, "JPEG", quality=88, optimize=True)
    elif save_format == "PNG":
        img.save(buf, "PNG", optimize=True)
    else:
        img.save(buf, "WEBP", quality=85)
    return buf.getvalue()


def _make_thumbnail(content: bytes) -> bytes:
    with Image.open(BytesIO(content)) as img:
        img.load()
        img.thumbnail(THUMBNAIL_SIZE)
        if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            thumb = Image.new("RGB", rgba.size, (255, 255, 255))
            thumb.paste(rgba, mask=rgba.getchannel("A"))
        else:
            thumb = img.convert("RGB")
    buf = BytesIO()
    thumb.save(buf, "JPEG", quality=80)
    return buf.getvalue()
