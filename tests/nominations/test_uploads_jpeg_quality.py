"""A JPEG is stored again at the quality it was uploaded at (its own quantization tables and
chroma subsampling), without its metadata: neither inflated nor degraded by re-encoding."""

from io import BytesIO

import pytest
from PIL import Image, JpegImagePlugin

from nominations.uploads import validate_upload
from tests.nominations.helpers.uploads import gps_exif, reopen, upload


def _photo_jpeg(quality, subsampling):
    # Detail a JPEG encoder cannot make vanish: noise over a gradient.
    size = (640, 480)
    picture = Image.merge(
        "RGB",
        (
            Image.blend(Image.linear_gradient("L").resize(size), Image.effect_noise(size, 50), 0.4),
            Image.effect_noise(size, 70),
            Image.linear_gradient("L").resize(size).transpose(Image.Transpose.ROTATE_180),
        ),
    )
    buf = BytesIO()
    picture.save(buf, "JPEG", quality=quality, subsampling=subsampling, exif=gps_exif().tobytes())
    return buf.getvalue()


@pytest.mark.parametrize(("quality", "subsampling"), [(60, 2), (75, 1), (95, 0)])
def test_a_jpeg_keeps_its_own_tables_and_size_and_loses_its_metadata(quality, subsampling):
    data = _photo_jpeg(quality, subsampling)
    source = reopen(data)

    result = validate_upload(upload("photo.jpg", data))

    stored = reopen(result.content)
    assert stored.quantization == source.quantization
    assert JpegImagePlugin.get_sampling(stored) == subsampling
    assert dict(stored.getexif()) == {}
    # About the upload's size: the same tables give the same coefficients, bar rounding.
    assert 0.9 * len(data) < len(result.content) < 1.1 * len(data)
