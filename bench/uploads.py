"""Peak memory of a worker per upload, through the real form and view (the nominator's files
step, Django's test client). Each case runs in a fresh Python process of its own, so that
one case's peak cannot hide another's; the process resets its peak RSS (Linux's VmHWM, via
/proc/self/clear_refs) just before the request and reads it after. Printed: the RSS before
the request, the peak during it, the growth, and the growth as a ratio to a small JPEG's.

    .venv/bin/python -m bench uploads
"""

import json
import os
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

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
    if key == "small_jpeg":
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


def run():
    from django.conf import settings
    from django.core.management import call_command

    call_command("createcachetable")  # the caches may live in the database (settings.base)

    workdir = Path(settings.MEDIA_ROOT).parent
    inputs = workdir / "upload-inputs"
    inputs.mkdir(exist_ok=True)
    keys = {key for files, _ in CASES.values() for _, key in files}
    for key in sorted(keys):
        (inputs / key).write_bytes(_make(key))
    env = {**os.environ, "PRIVATE_MEDIA_ROOT": str(workdir / "private-media")}

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
        done = subprocess.run(  # noqa: S603 - this module, with arguments made here
            [sys.executable, "-m", "bench.uploads", json.dumps(spec)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
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
    client = Client()
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


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
