"""The site on more than one app instance, as deploy/ describes it, on one machine: two
gunicorn instances (production settings, two ports) behind nginx (deploy/nginx.conf with
this run's ports and folders), one PostgreSQL database, Redis (cache, page cache, task
queue) and an S3-compatible server (moto's) for media and nomination files.

    .venv/bin/python -m bench scaleout
    .venv/bin/python -m bench scaleout --seconds 20 --threads 8

It shows that an instance keeps nothing of its own: a file uploaded through instance A is
served by instance B (a redirect to a signed link into the bucket), a page published after
both cached it is purged from both, failed logins count across both, and no request through
nginx is lost while instance A restarts mid-surge. Then a table of figures, against a
baseline measured in the same run (/favicon.ico, a redirect behind the full middleware stack
that touches no database, asked of one instance directly).

Needs the local PostgreSQL (127.0.0.1:5432, user postgres; a database of its own, dropped at
the end) and Redis (127.0.0.1:6379; database 11, flushed before and after). Installs
Debian's nginx (when root) and moto[server] into this virtualenv when they are missing.
Everything it starts is stopped at the end, on error too.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

import requests

from bench.server import _environment, _free_port, _manage, _stop

ROOT = Path(__file__).resolve().parent.parent
MOTO_VERSION = "5.2.5"
REDIS_URL = "redis://127.0.0.1:6379/11"
BUCKET = "awards-bench"
PASSWORD = "demo-awards-2026"  # noqa: S105 - the demo accounts' password, set explicitly below
BASELINE = "/favicon.ico"
NOMINATOR = "bench-nominator@example.org"  # a fresh account: the demo's has spent its hourly starts

DEMO = """
from io import StringIO
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
with transaction.atomic():
    for path in ("accounts.demo", "nominations.demo", "home.demo"):
        import_string(path + ".load")(stdout=StringIO(), now=timezone.now())
"""
# Run in `manage.py shell`: a draft nomination for the demo nominator and a page to publish.
PREPARE = """
import json
from accounts.models import User
from home.models import HomePage, StandardPage
from nominations import services
from nominations.models import CallPage
from allauth.account.models import EmailAddress
nominator = User.objects.create_user(email="{email}", password="{password}")
EmailAddress.objects.create(user=nominator, email=nominator.email, verified=True, primary=True)
found = {}
for call in CallPage.objects.live().order_by("-cycle__year"):
    try:
        nomination = services.start_nomination(call=call, nominator=nominator)
    except Exception as error:
        found.setdefault("refused", []).append(repr(error))
        continue
    if nomination.can_edit():
        found["nomination"] = nomination.pk
        break
home = HomePage.objects.live().first()
page = home.add_child(instance=StandardPage(title="Bench story", slug="bench-story", intro="version one"))
page.save_revision().publish()
found["story"] = page.url
found["story_id"] = page.pk
from io import BytesIO
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
buffer = BytesIO()
Image.new("RGB", (40, 30), "#b45309").save(buffer, "PNG")
found["media"] = get_image_model().objects.create(title="Bench", file=ImageFile(buffer, name="bench.png")).file.url
print(json.dumps(found))
""".replace("{email}", NOMINATOR).replace("{password}", PASSWORD)
REPUBLISH = """
from home.models import StandardPage
page = StandardPage.objects.get(pk={pk}).specific
page.intro = "version two"
page.save_revision().publish()
"""


def _nginx_binary():
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing and this is not root: run `apt-get install -y nginx` first.")
    print("installing Debian's nginx ...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, capture_output=True)  # noqa: S607
    subprocess.run(["service", "nginx", "stop"], capture_output=True)  # noqa: S607 - Debian starts it
    return shutil.which("nginx", path="/usr/sbin:/usr/bin")


def _ensure_moto():
    try:
        import moto.server  # noqa: F401
    except ImportError:
        print(f"installing moto[server]=={MOTO_VERSION} into this virtualenv ...", flush=True)
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "pip", "install", "-q", f"moto[server]=={MOTO_VERSION}"], check=True
        )


def _wait_for(url, process, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            requests.get(url, timeout=2, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


def _start(command, log, env=None):
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _gunicorn(env, port, log):
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = _start([gunicorn, "awards_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"], log, env)
    _wait_for(f"http://127.0.0.1:{port}{BASELINE}", process, f"gunicorn on {port}")
    return process


def _nginx_conf(workdir, port, upstreams):
    """deploy/nginx.conf with this run's ports and folders, in the foreground."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    # Workers as root here (this run's folders are private to it); as the owner otherwise.
    user = "user root;" if os.geteuid() == 0 else ""
    text = "\n".join(user if line.startswith("user ") else line for line in text.splitlines())
    text = "daemon off;\npid " + str(workdir / "nginx.pid") + ";\n" + text
    text = text.replace("/var/log/nginx", str(workdir))
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};")
    text = text.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{upstreams[0]}")
    text = text.replace("server 127.0.0.1:8002", f"server 127.0.0.1:{upstreams[1]}")
    text = text.replace("/srv/awards/app/staticfiles/", str(ROOT / "staticfiles") + "/")
    text = text.replace("/srv/awards/", str(workdir) + "/")
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        text = text.replace("http {\n", f"http {{\n    {name}_temp_path {workdir / name};\n", 1)
    conf = workdir / "nginx.conf"
    conf.write_text(text)
    return conf


class _Session(requests.Session):
    """Production's cookies are Secure; this run speaks plain HTTP on 127.0.0.1."""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def _session():
    return _Session()


def _login(session, base, email, password):
    session.get(f"{base}/accounts/login/", timeout=10)
    token = session.cookies.get("csrftoken")
    return session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
        allow_redirects=False,
    )


def _png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (320, 200), "#0f766e").save(buffer, "PNG")
    return buffer.getvalue()


def _fetch_file(session, base, file_id):
    """(status of the app's answer, where it sent us, the bytes) for a nomination file."""
    answer = session.get(f"{base}/nominations/files/{file_id}/", timeout=10, allow_redirects=False)
    if answer.status_code != 302:
        return answer.status_code, None, b""
    location = answer.headers["Location"]
    if not location.startswith("http"):  # to the sign-in page
        return 302, location, b""
    return 302, location, requests.get(location, timeout=10).content


def _surge(base, paths, threads, seconds, during=None):
    """GETs of `paths` in turn from `threads` threads for `seconds`; `during` runs in the
    middle. Every answer that is not 2xx/3xx, and every failed connection, is an error."""
    counts = {"done": 0, "errors": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    problems = []

    def worker(offset):
        session = _session()
        i = offset
        while time.monotonic() < stop:
            try:
                status = session.get(base + paths[i % len(paths)], timeout=30, allow_redirects=False).status_code
                bad = not 200 <= status < 400
            except requests.RequestException as error:
                status, bad = repr(error), True
            with lock:
                counts["done"] += 1
                if bad:
                    counts["errors"] += 1
                    problems.append(status)
            i += 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    extra = during() if during else None
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    return {**counts, "rps": counts["done"] / elapsed, "problems": problems[:5], "extra": extra}


def _check(label, ok, detail=""):
    print(f"  [{'ok' if ok else 'FAILED'}] {label}{': ' + detail if detail else ''}", flush=True)
    return ok


def run(threads=6, seconds=12):
    nginx = _nginx_binary()
    _ensure_moto()
    import psycopg
    import redis

    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-scaleout-"))
    database = f"awards_scaleout_{os.getpid()}"
    cache = redis.Redis.from_url(REDIS_URL)
    static_root = ROOT / "staticfiles"
    made_static_root = not static_root.exists()
    processes = {}
    logs = []
    results = []
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        cache.flushdb()
        s3_port, ports, nginx_port = _free_port(), (_free_port(), _free_port()), _free_port()

        def log(name):
            handle = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed in finally
            logs.append(handle)
            return handle

        processes["s3"] = _start(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], log("s3")
        )
        _wait_for(f"http://127.0.0.1:{s3_port}/", processes["s3"], "the S3 server")
        requests.put(f"http://127.0.0.1:{s3_port}/{BUCKET}", timeout=10).raise_for_status()

        env = _environment(workdir)
        env.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
            CACHE_URL=REDIS_URL,
            TASKS_BACKEND="rq",
            REDIS_URL=REDIS_URL,
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{s3_port}",
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ADDRESSING_STYLE="path",
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY=secrets.token_hex(16),
            TRUSTED_PROXY_COUNT="1",
            DEMO_PASSWORD=PASSWORD,
            ALLOWED_HOSTS="127.0.0.1",
        )
        env.pop("PAGE_CACHE_URL", None)
        print(f"preparing PostgreSQL database {database} with the demo's accounts and calls ...", flush=True)
        _manage(env, "migrate", "--noinput")
        # The demo's accounts, calls and nominations (its winners and judging are not needed).
        _manage(env, "shell", "-c", DEMO)
        _manage(env, "collectstatic", "--noinput")
        found = json.loads(_manage(env, "shell", "-c", PREPARE).strip().splitlines()[-1])

        for name, port in zip("AB", ports, strict=True):
            processes[name] = _gunicorn(env, port, log(f"gunicorn-{name}"))
        conf = _nginx_conf(workdir, nginx_port, ports)
        processes["nginx"] = _start(
            [nginx, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf)], log("nginx")
        )
        front = f"http://127.0.0.1:{nginx_port}"
        _wait_for(front + BASELINE, processes["nginx"], "nginx")
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        print(f"instances A {a} and B {b} (2 sync workers each) behind nginx {front}; S3 on {s3_port}; {REDIS_URL}")

        print("shared state:")
        user = _session()
        answer = _login(user, a, NOMINATOR, PASSWORD)
        results.append(_check("signed in through A", answer.status_code == 302, f"HTTP {answer.status_code}"))
        if "nomination" not in found:
            raise RuntimeError(f"no call took a nomination: {found}")
        files_step = f"/nominations/{found['nomination']}/edit/files/"
        upload = user.post(
            a + files_step,
            data={"csrfmiddlewaretoken": user.cookies.get("csrftoken"), "save": "1"},
            files={"files": ("plan.png", _png(), "image/png")},
            timeout=30,
            allow_redirects=False,
        )
        results.append(_check("file uploaded through A", upload.status_code == 302, f"HTTP {upload.status_code}"))
        listing = user.get(b + files_step, timeout=10).text  # B knows A's session
        file_ids = sorted(set(re.findall(r"/nominations/files/(\d+)/", listing)))
        results.append(_check("B lists the file (the session and nomination are shared)", bool(file_ids)))
        if file_ids:
            from_a, from_b = _fetch_file(user, a, file_ids[0]), _fetch_file(user, b, file_ids[0])
            same = from_a[0] == from_b[0] == 302 and from_a[2] == from_b[2] and from_b[2][:8] == b"\x89PNG\r\n\x1a\n"
            where = (from_b[1] or "").split("?")[0]
            results.append(
                _check("B serves it: a signed link into the bucket", same, f"{len(from_b[2])} bytes from {where}")
            )
            stranger = _fetch_file(_session(), b, file_ids[0])
            refused = not stranger[2] and "/accounts/login/" in (stranger[1] or "")
            results.append(_check("signed out, B sends to the sign-in page instead", refused))

        media = [requests.get(base + found["media"], timeout=10) for base in (a, b)]
        served = [answer.status_code == 200 and answer.content[:4] == b"\x89PNG" for answer in media]
        label = "a site image in the bucket, served at /media/ by both"
        results.append(_check(label, served == [True, True], found["media"]))

        story = found["story"]
        for _ in range(2):
            pages = [requests.get(base + story, timeout=10) for base in (a, b)]
        hits = [page.headers.get("X-Page-Cache") for page in pages]
        results.append(_check("the story cached on both", hits == ["hit", "hit"], f"{hits}"))
        _manage(env, "shell", "-c", REPUBLISH.format(pk=found["story_id"]))
        pages = [requests.get(base + story, timeout=10) for base in (a, b)]
        fresh = ["version two" in page.text for page in pages]
        results.append(_check("published again: both serve the new version", fresh == [True, True], f"{fresh}"))

        failures = []
        for n in range(5):
            failures.append(_login(_session(), (a, b)[n % 2], "editor@example.org", "wrong").status_code)
        sixth = [_login(_session(), base, "editor@example.org", "wrong").status_code for base in (a, b)]
        results.append(
            _check("5 failed logins on A and B, then both refuse", sixth == [429, 429], f"{failures} then {sixth}")
        )

        from rq import Queue

        queue = Queue("default", connection=cache)
        queued = queue.count
        _manage(env, "rqworker", "--burst", "--with-scheduler", "--job-class", "django_tasks_rq.Job", "default")
        label = "the Redis task queue worked off by `manage.py rqworker`"
        failed = queue.failed_job_registry.count
        detail = f"{queued} queued tasks, {queue.count} left, {failed} failed"
        results.append(_check(label, queue.count == 0 and failed == 0, detail))

        print("surge through nginx:", flush=True)
        paths = ["/", BASELINE, story, "/static/" + _a_static_file()]
        baseline = _surge(b, [BASELINE], threads, seconds)
        both = _surge(front, [BASELINE], threads, seconds)
        mixed = _surge(front, paths, threads, seconds)

        def restart_a():
            time.sleep(seconds / 3)
            started = time.perf_counter()
            _stop(processes["A"])
            processes["A"] = _gunicorn(env, ports[0], log("gunicorn-A-again"))
            return time.perf_counter() - started

        restarted = _surge(front, paths, threads, seconds, during=restart_a)
        lost = restarted["errors"]
        results.append(_check("no request lost while A restarted", lost == 0, f"{lost} errors {restarted['problems']}"))

        print(f"\n{threads} client threads, {seconds:.0f} s per row; baseline: GET {BASELINE} of instance B directly")
        print(f"{'what':<52}{'requests':>9}{'errors':>8}{'req/s':>8}{'x baseline':>12}")
        rows = [
            ("baseline: one instance directly", baseline),
            ("the same through nginx, two instances", both),
            ("page mix through nginx (home, story, static, redirect)", mixed),
            ("page mix, instance A restarted mid-surge", restarted),
        ]
        for label, figures in rows:
            ratio = figures["rps"] / baseline["rps"]
            print(f"{label:<52}{figures['done']:>9}{figures['errors']:>8}{figures['rps']:>8.0f}{ratio:>11.2f}x")
        print(f"instance A's restart (stop, start, answering again): {restarted['extra']:.2f} s")
        if not all(results):
            raise SystemExit("some checks FAILED (above); logs were in " + str(workdir))
    finally:
        for name in ("nginx", "A", "B", "s3"):
            if name in processes:
                process = processes[name]
                if name == "nginx" and process.poll() is None:
                    os.killpg(process.pid, signal.SIGQUIT)
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        process.wait(timeout=10)
                _stop(process)
        for handle in logs:
            handle.close()
        cache.flushdb()
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
        if made_static_root:
            shutil.rmtree(static_root, ignore_errors=True)


def _a_static_file():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return next(name for name in manifest["paths"].values() if name.endswith(".css"))


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench scaleout", description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=6, help="client threads (default 6)")
    parser.add_argument("--seconds", type=float, default=12, help="seconds per surge row (default 12)")
    args = parser.parse_args(list(argv))
    run(threads=args.threads, seconds=args.seconds)


if __name__ == "__main__":
    main(sys.argv[1:])
