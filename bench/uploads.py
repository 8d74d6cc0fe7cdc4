"""Uploads, in two tables.

1. Our checks against raw Pillow, on the same files (JPEGs of about 0.5, 2 and 8 MB, a
   photographic PNG): CPU time per MB and peak memory of nominations.uploads.validate_upload (type
   sniffing, the bomb checks, Pillow's verify and decode, EXIF stripped by re-encoding, the
   thumbnail) beside Pillow doing the least a site must (open, load, save a thumbnail), with
   the ratios, and the peak against the file's own size.
2. Peak memory of a worker per upload, through the real form and view (the nominator's files
   step, Django's test client), including bombs and a ten-file request.

Every measurement runs in a fresh Python process of its own, so that one case's peak cannot
hide another's; the process resets its peak RSS (Linux's VmHWM, via /proc/self/clear_refs)
just before the work and reads it after. Times in table 1 are the process's CPU time (a busy
machine adds less to it than to the wall clock), the median of several runs in that process;
each pair is measured twice, alternating, the better median kept.

    .venv/bin/python -m bench uploads
"""

import json
import os
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

# label -> maker key, for the comparison with raw Pillow
FILES = {
    "JPEG 0.5 MB, 1600 x 1200": "jpeg_small",
    "JPEG 2 MB, 3264 x 2448": "jpeg_phone",
    "JPEG 8 MB, 4032 x 3024": "jpeg_large",
    "PNG photo, 1600 x 1200": "png_photo",
}
# maker key -> (size, target bytes)
_JPEGS = {
    "jpeg_small": ((1600, 1200), 0.5 * 2**20),
    "jpeg_phone": ((3264, 2448), 2 * 2**20),
    "jpeg_large": ((4032, 3024), 8 * 2**20),
}
RUNS = 5  # per process, the median kept
THUMBNAIL = (480, 480)

# name -> (what is uploaded: [(file name, maker key)], what should happen)
CASES = {
    "small JPEG (baseline)": ([("photo.jpg", "small_jpeg")], "saved"),
    "largest allowed PNG, 4096 x 4096": ([("largest.png", "largest_png")], "saved"),
    "bomb PNG, 6000 x 6000": ([("bomb.png", "bomb_png")], "refused"),
    "ten 4096 x 4096 PNGs, one request": ([(f"p{i}.png", "largest_png") for i in range(10)], "saved"),
    "ten bomb PNGs, one request": ([(f"b{i}.png", "bomb_png") for i in range(10)], "refused"),
}


def _make(key):
    from PIL import Image

    buf = BytesIO()
    if key in _JPEGS:
        return _jpeg_of_about(*_JPEGS[key])
    if key == "png_photo":
        _photo((1600, 1200)).save(buf, "PNG")
    elif key == "small_jpeg":
        Image.new("RGB", (640, 480), (200, 30, 30)).save(buf, "JPEG", quality=88)
    elif key == "largest_png":  # 4096 x 4096 x 4 bytes = NOMINATION_MAX_IMAGE_DECODED_BYTES, the default
        _gradient(4096).save(buf, "PNG")
    else:  # the 6000 x 6000 PNG of the issue: a solid colour, about 120 KB
        Image.new("RGB", (6000, 6000), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _gradient(side):
    """A picture that does not compress to nothing, yet stays well under the 10 MB file limit."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((side, side))
    return Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_90), gradient.rotate(45)))


def _photo(size):
    """Something like a photograph to a JPEG encoder: smooth areas, edges and sensor noise."""
    from PIL import Image

    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    fine = Image.effect_noise(size, 60)
    coarse = Image.effect_noise((width // 4, height // 4), 90).resize(size)
    red = Image.blend(gradient, fine, 0.35)
    green = Image.blend(coarse, fine, 0.3)
    blue = Image.blend(gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), coarse, 0.5)
    return Image.merge("RGB", (red, green, blue))


def _jpeg_of_about(size, target):
    """A JPEG of `size` whose quality is chosen so that the file is near `target` bytes."""
    picture = _photo(size)
    low, high, best = 5, 98, b""
    while low <= high:
        quality = (low + high) // 2
        buf = BytesIO()
        picture.save(buf, "JPEG", quality=quality)
        data = buf.getvalue()
        if not best or abs(len(data) - target) < abs(len(best) - target):
            best = data
        low, high = (quality + 1, high) if len(data) < target else (low, quality - 1)
    return best


def run():
    from django.conf import settings
    from django.core.management import call_command

    call_command("createcachetable")  # the caches may live in the database (settings.base)

    workdir = Path(settings.MEDIA_ROOT).parent
    inputs = workdir / "upload-inputs"
    inputs.mkdir(exist_ok=True)
    keys = {key for files, _ in CASES.values() for _, key in files} | set(FILES.values())
    for key in sorted(keys):
        (inputs / key).write_bytes(_make(key))
    env = {**os.environ, "PRIVATE_MEDIA_ROOT": str(workdir / "private-media")}
    _against_raw_pillow(inputs, env)
    print()
    _through_the_view(inputs, env)


def _in_child(argument, env):
    done = subprocess.run(  # noqa: S603 - this module, with arguments made here
        [sys.executable, "-m", "bench.uploads", json.dumps(argument)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _against_raw_pillow(inputs, env):
    from PIL import Image

    print("our checks (nominations.uploads.validate_upload) against raw Pillow (open, load, save a thumbnail)")
    print(
        f"{'file':<27}{'MB':>6}{'Mpx':>6}{'CPU ms/MB ours':>16}{'raw':>7}{'x raw':>8}"
        f"{'peak MB ours':>14}{'raw':>6}{'x raw':>8}{'x file':>8}{'stored MB':>11}"
    )
    for label, key in FILES.items():
        path = inputs / key
        megabytes = path.stat().st_size / 2**20
        with Image.open(path) as img:
            megapixels = img.width * img.height / 1e6
        runs = {"ours": [], "raw": []}
        for _round in range(2):  # alternating, so a busy moment does not fall on one side only
            for how, figures in runs.items():
                figures.append(_in_child({"validate": str(path), "how": how}, env))
        ours, raw = ({name: min(run[name] for run in figures) for name in figures[0]} for figures in runs.values())
        print(
            f"{label:<27}{megabytes:>6.2f}{megapixels:>6.1f}"
            f"{ours['seconds'] * 1000 / megabytes:>16.0f}{raw['seconds'] * 1000 / megabytes:>7.0f}"
            f"{ours['seconds'] / raw['seconds']:>7.2f}x"
            f"{ours['growth_mb']:>14.0f}{raw['growth_mb']:>6.0f}{ours['growth_mb'] / max(raw['growth_mb'], 0.1):>7.2f}x"
            f"{ours['growth_mb'] / megabytes:>7.1f}x{ours['stored_mb']:>11.2f}"
        )


def _through_the_view(inputs, env):
    from django.conf import settings

    print(f"limit: {getattr(settings, 'NOMINATION_MAX_IMAGE_DECODED_BYTES', 0) / 2**20:.0f} MB decoded per image")
    print(f"{'case':<38}{'result':>9}{'seconds':>9}{'RSS MB':>8}{'peak MB':>9}{'growth MB':>11}{'x baseline':>12}")
    baseline = None
    for label, (files, expected) in CASES.items():
        nomination_pk, user_pk = _nomination()
        spec = {
            "nomination": nomination_pk,
            "user": user_pk,
            "files": [[name, str(inputs / key)] for name, key in files],
        }
        figures = _in_child(spec, env)
        result = figures["result"][:40]
        if result != expected:
            result += f" (expected {expected})"
        growth = figures["peak_mb"] - figures["start_mb"]
        baseline = baseline or max(growth, 0.1)
        print(
            f"{label:<38}{result:>9}{figures['seconds']:>9.2f}{figures['start_mb']:>8.0f}"
            f"{figures['peak_mb']:>9.0f}{growth:>11.0f}{growth / baseline:>11.1f}x"
        )


def _nomination():
    """A draft in an open call, of a nominator of its own (per-account limits do not mix)."""
    from wagtail.models import Site

    from nominations.models import CallIndexPage
    from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, UserFactory

    index = CallIndexPage.objects.first()
    if index is None:
        index = CallIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page.specific)
    user = UserFactory()
    nomination = NominationFactory(call=CallPageFactory(parent=index), nominator=user)
    return nomination.pk, user.pk


# --- in the child process ----------------------------------------------------------------------


def _rss_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def _child(spec):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from accounts.models import User
    from nominations.models import NominationFile
    from nominations.uploads import validate_upload

    # Warm every code path (imports, Pillow's plugins, the page) outside the measurement.
    validate_upload(SimpleUploadedFile("warm.jpg", _make("small_jpeg")))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the refusal is looked for in English below
    client.force_login(User.objects.get(pk=spec["user"]))
    path = f"/nominations/{spec['nomination']}/edit/files/"
    assert client.get(path).status_code == 200
    files = [SimpleUploadedFile(name, Path(source).read_bytes()) for name, source in spec["files"]]

    start = _rss_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    began = time.perf_counter()
    response = client.post(path, {"files": files, "save": "1"})
    seconds = time.perf_counter() - began
    peak = _rss_mb("VmHWM")

    saved = NominationFile.objects.filter(nomination_id=spec["nomination"]).count()
    if response.status_code == 302 and saved == len(files):
        result = "saved"
    elif response.status_code == 200 and saved == 0 and "is too large" in response.content.decode():
        result = "refused"
    else:
        result = f"{response.status_code}/{saved}: " + " ".join(response.content.decode().split())[-2000:]
    print(json.dumps({"result": result, "seconds": seconds, "start_mb": start, "peak_mb": peak}))


def _validate_child(spec):
    """Times and measures one way of handling one file, in this fresh process."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from PIL import Image

    from django.core.files.uploadedfile import SimpleUploadedFile

    from nominations.uploads import validate_upload

    data = Path(spec["validate"]).read_bytes()

    def ours():
        return len(validate_upload(SimpleUploadedFile("photo", data)).content)

    def raw():
        with Image.open(BytesIO(data)) as img:
            img.load()
            img.thumbnail(THUMBNAIL)
            img.convert("RGB").save(BytesIO(), "JPEG", quality=80)
        return 0

    work = ours if spec["how"] == "ours" else raw
    work()  # warm: imports, Pillow's plugins, allocations
    start = _rss_mb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    stored = work()
    growth = _rss_mb("VmHWM") - start
    timings = []
    for _ in range(RUNS):
        began = time.process_time()  # CPU time: what other processes on the machine do not add to
        work()
        timings.append(time.process_time() - began)
    timings.sort()
    print(json.dumps({"seconds": timings[len(timings) // 2], "growth_mb": growth, "stored_mb": stored / 2**20}))


if __name__ == "__main__":
    argument = json.loads(sys.argv[1])
    if "validate" in argument:
        _validate_child(argument)
    else:
        _child(argument)
