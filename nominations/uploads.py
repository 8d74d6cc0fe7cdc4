"""Checks on the evidence files that members of the public upload with a nomination.

The decision is made from the file's bytes alone: the uploader's file name and the
browser-declared content type are never trusted. Accepted are JPEG, PNG and WebP images
(decoded, one at a time and only if their decoded size is bounded, then re-encoded so that
EXIF/GPS/XMP/ICC metadata are dropped) and PDF documents (checked and rewritten by
nominations.pdf_checks: no active content, no metadata). Every problem, including any exception
raised by Pillow or pypdf, becomes a ValidationError with a message fit to show the uploader.
"""

import contextlib
import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nominations.pdf_checks import clean_pdf

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
    content: bytes  # what to store: re-encoded image bytes, or the PDF as rewritten without metadata
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
    return ValidatedUpload(
        kind="document",
        content=clean_pdf(data, name),
        content_type="application/pdf",
        extension="pdf",
        original_name=name,
        width=None,
        height=None,
        thumbnail=None,
    )


# --- Images -------------------------------------------------------------------------------

# Bytes per pixel of a decoded image as Pillow holds it: every multi-band mode takes 4 (RGB is
# stored as RGBX). Decoders add their own: libwebp decodes into an RGBA canvas and hands Pillow
# a copy of it, both kept while the image is open (measured: 12 bytes a pixel in all); a
# progressive JPEG keeps 16-bit coefficients of up to 3 components until it is decoded.
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
_DECODER_BYTES_PER_PIXEL = {"WEBP": 8, "PROGRESSIVE_JPEG": 6}
_PNG_FAST_ABOVE_PIXELS = 4_000_000


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

            # First open: headers only. Every frame's size is checked before any pixel is
            # decoded, then the structure is verified (chunk CRCs) without decoding either.
            with Image.open(BytesIO(data), formats=_OPEN_FORMATS) as img:
                image_format = img.format
                if image_format not in _IMAGE_FORMATS:
                    raise _not_accepted(name)
                width, height = img.size
                for frame_size in _frame_sizes(img):
                    if min(frame_size) < 1:
                        raise damaged
                    if frame_size[0] * frame_size[1] > max_pixels:
                        raise _image_too_large(name, max_pixels, frame_size)
                    _check_decoded_size(img, frame_size, name)
                img.verify()

            # Second open (verify() leaves the image unusable): decode the first frame (the
            # only one stored), re-encode it, then shrink the same pixels to the thumbnail, so
            # that one full-size copy is held at a time (two while a mode is converted).
            with Image.open(BytesIO(data), formats=_OPEN_FORMATS) as img:
                if img.format != image_format or img.size != (width, height):
                    raise damaged
                _check_decoded_size(img, img.size, name)
                img.load()
                content_type, extension, save_format = _IMAGE_FORMATS[image_format]
                tables = _jpeg_tables(img) if save_format == "JPEG" else None
                clean = _prepare_for_saving(img, save_format)
                if clean is not img:
                    img.close()  # frees the decoded original before encoding
                content = _encode(clean, save_format, tables)
                out_width, out_height = clean.size
                thumbnail = _shrink_to_thumbnail(clean)
                clean.close()
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


def _frame_sizes(img: Image.Image) -> list[tuple[int, int]]:
    """The size of every frame, read from headers. Only an MPO (a JPEG with extra frames) has
    frames of their own sizes, and seeking one reads just its header; animated PNG and WebP
    frames are drawn on the canvas, whose size is the image's. Only frame 0 is ever decoded."""
    if img.format != "MPO":
        return [img.size]
    sizes = []
    for frame in range(getattr(img, "n_frames", 1)):
        img.seek(frame)
        sizes.append(img.size)
    img.seek(0)
    return sizes


def _target_mode(img: Image.Image, save_format: str) -> str:
    """The mode the image is stored in: one the format can hold, keeping transparency."""
    mode = img.mode
    has_alpha = "A" in mode or "transparency" in img.info
    if save_format == "JPEG":
        return "RGB"
    if save_format == "PNG":
        if mode in _PNG_MODES:
            return mode
        if has_alpha:
            return "RGBA"
        return "L" if mode == "1" else "RGB"
    return "RGBA" if has_alpha else "RGB"  # WEBP


def decoded_bytes(img: Image.Image, size: tuple[int, int]) -> int:
    """What decoding an image of this size takes, from its header alone (see _BYTES_PER_PIXEL)."""
    save_format = _IMAGE_FORMATS[img.format][2]
    per_pixel = max(_BYTES_PER_PIXEL.get(img.mode, 4), _BYTES_PER_PIXEL.get(_target_mode(img, save_format), 4))
    if img.format == "WEBP":
        per_pixel += _DECODER_BYTES_PER_PIXEL["WEBP"]
    elif img.info.get("progressive") or img.info.get("progression"):
        per_pixel += _DECODER_BYTES_PER_PIXEL["PROGRESSIVE_JPEG"]
    return size[0] * size[1] * per_pixel


def _check_decoded_size(img: Image.Image, size: tuple[int, int], name: str) -> None:
    limit = settings.NOMINATION_MAX_IMAGE_DECODED_BYTES
    needed = decoded_bytes(img, size)
    if needed <= limit:
        return
    scale = (limit / needed) ** 0.5
    raise ValidationError(
        _(
            "“%(name)s” is too large to process: at %(width)s x %(height)s pixels it would take %(needed)s MB "
            "of memory once opened, and images may take at most %(limit)s MB. Please upload a smaller "
            "version, for example %(fit_width)s x %(fit_height)s pixels."
        ),
        code="image_too_large",
        params={
            "name": name,
            "width": f"{size[0]:,}",
            "height": f"{size[1]:,}",
            "needed": _format_mb(needed),
            "limit": _format_mb(limit),
            "fit_width": f"{max(1, int(size[0] * scale)):,}",
            "fit_height": f"{max(1, int(size[1] * scale)):,}",
        },
    )


def _prepare_for_saving(img: Image.Image, save_format: str) -> Image.Image:
    """The decoded image turned upright, in a mode the format can store, with no metadata left
    in .info (PNG's writer would otherwise copy the ICC profile across). Works on img itself
    where it can: a new full-size image is made only when the mode must change."""
    target = _target_mode(img, save_format)
    with contextlib.suppress(Exception):  # unreadable EXIF should not cost the uploader their photo
        ImageOps.exif_transpose(img, in_place=True)
    converted = img.convert(target) if img.mode != target else img
    transparency = converted.info.get("transparency") if save_format == "PNG" else None
    converted.info = {}
    if transparency is not None:
        converted.info["transparency"] = transparency
    return converted


def _jpeg_tables(img: Image.Image) -> dict | None:
    """The uploaded JPEG's own quantization tables and chroma subsampling, to store it again
    at the quality it came in: neither inflated (a quality-60 photo re-encoded at 88 doubles
    in size) nor degraded further. None when Pillow did not read them."""
    qtables = getattr(img, "quantization", None)
    if not qtables:
        return None
    tables = {"qtables": [list(table) for _slot, table in sorted(qtables.items())]}
    sampling = JpegImagePlugin.get_sampling(img)
    if sampling != -1:
        tables["subsampling"] = sampling
    return tables


def _encode(img: Image.Image, save_format: str, jpeg_tables: dict | None = None) -> bytes:
    buf = BytesIO()
    # Deliberately no exif=, icc_profile=, xmp= or pnginfo=: the stored file carries none.
    if save_format == "JPEG":
        # No optimize=True: its second pass over the image tripled the encoding time and
        # buffered every coefficient of the image (bench/uploads.py) for a few percent of size.
        if jpeg_tables:
            try:
                img.save(buf, "JPEG", **jpeg_tables)
                return buf.getvalue()
            except (ValueError, OSError):  # tables Pillow read but will not write: the default
                buf = BytesIO()
        img.save(buf, "JPEG", quality=88)
    elif save_format == "PNG":
        # zlib's effort grows with the pixels: at 4096 x 4096, optimize=True took 3.6 s a
        # file and level 1 took 1.5 s (bench/uploads.py), a worker held that long per image.
        level = 6 if img.width * img.height <= _PNG_FAST_ABOVE_PIXELS else 1
        img.save(buf, "PNG", compress_level=level)
    else:
        img.save(buf, "WEBP", quality=85)
    return buf.getvalue()


def _shrink_to_thumbnail(img: Image.Image) -> bytes:
    """A JPEG thumbnail made from img IN PLACE (img is left small): thumbnail() first reduces by
    an integer factor (reduce(), cheap and small) and only then resamples."""
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
