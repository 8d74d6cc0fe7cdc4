"""The site as production runs it (gunicorn, production settings, two workers), measured
from outside over HTTP: requests/second for public pages served from the page cache
(anonymous visitors) and rendered (a `sessionid` cookie makes the page cache step aside),
each against a baseline measured in the same run.

    .venv/bin/python -m bench server
    .venv/bin/python -m bench server --requests 500 --threads 4 --seconds 20

Everything happens on 127.0.0.1, on a throwaway SQLite database with the demo data, and
gunicorn is stopped at the end, on error too. The baseline is /favicon.ico: a RedirectView
behind the full middleware stack (page cache included) that touches no database; this
module cannot add a bare view to the production URLconf.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "/favicon.ico"
# A session cookie sends a request past the page cache (home.middleware): it is how a
# signed-in visitor's request is served. The value need not be a real session.
UNCACHED_COOKIE = "sessionid=bench"

# Printed as JSON by `manage.py shell`: the pages to measure, found in the demo data. The
# winners' pages are measured only where the database has them.
FIND_PAGES = """
import json
from nominations.models import CallIndexPage, CallPage
pages = {}
calls = CallIndexPage.objects.live().first()
if calls:
    pages["calls index"] = calls.url
call = CallPage.objects.live().order_by("-cycle__year", "category__sort_order").first()
if call:
    pages["call page"] = call.url
try:
    from nominations.models import WinnersIndexPage
    from nominations.winners import public_stories
except ImportError:
    pass
else:
    index = WinnersIndexPage.objects.live().first()
    if index:
        pages["winners index"] = index.url
    story = public_stories().first()
    if story:
        pages["winner story"] = story.url
print(json.dumps(pages))
"""


def _environment(workdir):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="awards_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        # Production refuses a per-process cache; the database's needs no server. Set
        # BENCH_CACHE_URL=redis://127.0.0.1:6379/15 to measure with Redis instead.
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "dbcache://awards_cache"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
    )
    if env["CACHE_URL"].startswith("dbcache://"):
        env["PAGE_CACHE_URL"] = "dbcache://awards_page_cache"  # a table of its own, as in base
    else:
        env.pop("PAGE_CACHE_URL", None)  # the pages' cache follows CACHE_URL
    env.pop("PAGE_CACHE_SECONDS", None)
    return env


def _manage(env, *args):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(conn, path, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("X-Page-Cache")


def _start_gunicorn(env, port, log):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(gunicorn), "awards_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with its workers
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = _request(conn, BASELINE)
            conn.close()
            if status == 302:
                return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _load(port, path, cookie, requests, threads, seconds):
    """`requests` GETs of `path` from `threads` threads, each on its own connection,
    stopping early at `seconds`. Returns the figures and what the responses said."""
    share = [requests // threads + (1 if i < requests % threads else 0) for i in range(threads)]
    results = [[] for _ in range(threads)]
    errors = []
    deadline = time.monotonic() + seconds

    def worker(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for _ in range(share[i]):
                if time.monotonic() > deadline:
                    break
                start = time.perf_counter()
                status, cache = _request(conn, path, cookie)
                results[i].append((time.perf_counter() - start, status, cache))
        except Exception as exc:  # reported below, never lost in a thread
            errors.append(exc)
        finally:
            conn.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{path}: {errors[0]!r}")
    rows = [row for rows in results for row in rows]
    timings = sorted(row[0] for row in rows)
    return {
        "done": len(rows),
        "rps": len(rows) / elapsed,
        "median_ms": timings[len(timings) // 2] * 1000,
        "p95_ms": timings[int(len(timings) * 0.95)] * 1000,
        "statuses": {row[1] for row in rows},
        "cache": {row[2] for row in rows},
    }


def run(requests=2000, threads=4, seconds=30):
    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-server-"))
    env = _environment(workdir)
    process = None
    log_path = workdir / "gunicorn.log"
    static_root = ROOT / "staticfiles"  # STATIC_ROOT: not settable from the environment
    made_static_root = not static_root.exists()
    try:
        print("preparing a throwaway database with the demo data ...", flush=True)
        _manage(env, "migrate", "--noinput")
        _manage(env, "createcachetable")
        _manage(env, "load_demo_data", "--force")
        # Production's static storage needs the manifest in STATIC_ROOT (git-ignored); one
        # made here is removed at the end, so development never serves stale copies from it.
        _manage(env, "collectstatic", "--noinput")
        found = json.loads(_manage(env, "shell", "-c", FIND_PAGES).strip().splitlines()[-1])
        order = ("call page", "calls index", "winners index", "winner story")
        pages = [("home page", "/")] + [(label, found[label]) for label in order if label in found]
        skipped = [label for label in order if label not in found]

        port = _free_port()
        with open(log_path, "w") as log:
            process = _start_gunicorn(env, port, log)
            print(
                f"gunicorn, production settings, 2 sync workers on 127.0.0.1:{port}; cache {env['CACHE_URL']}; "
                f"{threads} client threads, {requests} requests per row (capped at {seconds} s)."
            )
            print("Sync workers close the connection after each response: every request opens one.")
            print(f"baseline: GET {BASELINE}, a RedirectView behind the full middleware stack, no database")
            if skipped:
                print(f"not in the database, so not measured: {', '.join(skipped)}")
            print(
                f"{'what':<34}{'requests':>9}{'req/s':>9}{'x baseline':>12}{'median ms':>11}{'p95 ms':>8}  X-Page-Cache"
            )

            def measure(label, path, cookie, expect_status, expect_cache):
                _load(port, path, cookie, 8 * threads, threads, seconds)  # warm both workers
                figures = _load(port, path, cookie, requests, threads, seconds)
                if figures["statuses"] != {expect_status}:
                    raise RuntimeError(f"{path}: statuses {figures['statuses']}, expected {expect_status}")
                if figures["cache"] != {expect_cache}:
                    raise RuntimeError(f"{path}: X-Page-Cache {figures['cache']}, expected {expect_cache}")
                return figures

            def show(label, figures, baseline):
                capped = "" if figures["done"] == requests else " (time cap)"
                print(
                    f"{label:<34}{figures['done']:>9}{figures['rps']:>9.0f}{figures['rps'] / baseline['rps']:>11.2f}x"
                    f"{figures['median_ms']:>11.2f}{figures['p95_ms']:>8.2f}  {figures['cache'].pop() or '-'}{capped}"
                )

            baseline = measure("baseline", BASELINE, None, 302, "miss")
            show("baseline (/favicon.ico redirect)", baseline, baseline)
            for label, path in pages:
                show(f"{label}, cached", measure(label, path, None, 200, "hit"), baseline)
                show(f"{label}, uncached", measure(label, path, UNCACHED_COOKIE, 200, None), baseline)
    except Exception:
        if log_path.exists():
            print("gunicorn's log:\n" + log_path.read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
        if made_static_root:
            shutil.rmtree(static_root, ignore_errors=True)


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per row (default 2000)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--seconds", type=float, default=30, help="time cap per row (default 30)")
    args = parser.parse_args(list(argv))
    run(requests=args.requests, threads=args.threads, seconds=args.seconds)


if __name__ == "__main__":
    main(sys.argv[1:])
