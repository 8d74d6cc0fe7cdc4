"""A deadline surge: many nominators at once, each from an address of its own, each
signing in, filling every step of the form (the call's own questions too), uploading a
2 MB photo, reviewing and submitting; against gunicorn with production settings and the
benchmark URLconf (bench.settings), beside the one-row write baseline in the same run.

    .venv/bin/python -m bench surge
    .venv/bin/python -m bench surge --nominators 100 --database postgres --workers 4
    .venv/bin/python -m bench surge --legacy-hashes   # accounts with PBKDF2 hashes from before

Prints per step p50/p95/max, every failure (a 5xx or an unexpected status), total time and
throughput against the bare write endpoint (POST /bench/bare-write/ from as many threads),
the sign-in capacity per core (password hashes a second in one process), then counts in the
database: one submitted nomination per nominator, none duplicated, no draft left; orphan
files (files with no NominationFile row, rows with no file); gunicorn's log for "database is
locked" and tracebacks. Everything is thrown away at the end: the SQLite file, or the
PostgreSQL database (created and dropped on 127.0.0.1:5432 as user postgres).
"""

import argparse
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import surge_journey
from bench.server import _environment, _free_port, _manage, _stop

ROOT = Path(__file__).resolve().parent.parent
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]

# manage.py shell scripts, their answers printed as JSON on the last line.
PREPARE = """
import json, os
from pathlib import Path
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from accounts.models import User
from core.locales import canonical_page
from nominations.models import CallPage
count = int(os.environ["SURGE_NOMINATORS"])
# One real hash shared by all: verifying each costs what it would with a salt of its own.
hasher = "pbkdf2_sha256" if os.environ.get("SURGE_LEGACY_HASHES") == "1" else "default"
password = make_password(os.environ["SURGE_PASSWORD"], hasher=hasher)
users = User.objects.bulk_create(
    [User(email=f"surge{i:03d}@example.net", first_name="Surge", last_name=str(i), password=password)
     for i in range(count)]
)
users = list(User.objects.filter(email__startswith="surge").order_by("email"))
EmailAddress.objects.bulk_create(
    [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
)
calls = [c for c in CallPage.objects.live().order_by("pk") if c.is_accepting() and c.questions]
call = canonical_page(calls[0])
print(json.dumps({"call": call.pk, "call_title": call.title, "questions": len(call.questions),
                  "emails": [u.email for u in users], "hash": password.split("$")[0]}))
"""

HASH_SPEED = """
import json, time
from django.contrib.auth.hashers import get_hasher
speeds = {}
for name in ("argon2", "pbkdf2_sha256"):
    hasher = get_hasher(name)
    hasher.encode("warm-up", hasher.salt())
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < 3:
        hasher.encode("a pass phrase", hasher.salt())
        done += 1
    speeds[name] = done / (time.perf_counter() - start)
print(json.dumps(speeds))
"""

CHECK = """
import json, os
from pathlib import Path
from django.conf import settings
from django.db.models import Count
from nominations.models import Nomination, NominationFile
surge = Nomination.objects.filter(nominator__email__startswith="surge")
states = dict(surge.order_by().values_list("state").annotate(n=Count("id")))
per_person = list(surge.order_by().values("nominator").annotate(n=Count("id")).values_list("n", flat=True))
references = surge.exclude(reference=None).order_by().values("reference").annotate(n=Count("id"))
stored = set()
for record in NominationFile.objects.all():
    stored.update(name for name in (record.file.name, record.thumbnail.name) if name)
root = Path(settings.PRIVATE_MEDIA_ROOT)
on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "states": states,
    "nominators": len(per_person),
    "duplicated": sum(1 for n in per_person if n > 1),
    "references_duplicated": references.filter(n__gt=1).count(),
    "surge_files": NominationFile.objects.filter(nomination__in=surge).count(),
    "surge_thumbnails": NominationFile.objects.filter(nomination__in=surge).exclude(thumbnail="").count(),
    "orphan_files": sorted(on_disk - stored),
    "rows_without_file": sorted(stored - on_disk),
    "media_files": sum(1 for p in media.rglob("*") if p.is_file()) if media.exists() else 0,
}))
"""


def _json(env, script, **extra):
    return json.loads(_manage({**env, **extra}, "shell", "-c", script).strip().splitlines()[-1])


def _start_gunicorn(env, port, workers, log):
    import http.client

    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "awards_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "120"]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/bare/", headers={"X-Forwarded-Proto": "https"})
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _in_threads(count, work):
    """work(i) in `count` threads started together; returns (results, failures, seconds)."""
    results, failures = [None] * count, [None] * count
    ready = threading.Barrier(count + 1)

    def run(i):
        ready.wait()
        try:
            results[i] = work(i)
        except surge_journey.Failure as failure:
            failures[i] = failure
        except Exception as error:  # reported, never lost in a thread
            failures[i] = surge_journey.Failure(repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, failures, time.perf_counter() - start


def _percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def _steps_table(timings):
    order, by_step = [], {}
    for step, seconds, status in timings:
        if step not in by_step:
            order.append(step)
        by_step.setdefault(step, []).append((seconds, status))
    print(f"{'step':<28}{'requests':>9}{'p50 s':>8}{'p95 s':>8}{'max s':>8}{'errors':>8}")
    for step in order:
        rows = by_step[step]
        seconds = sorted(s for s, _ in rows)
        errors = sum(1 for _, status in rows if status == "error" or (isinstance(status, int) and status >= 500))
        print(
            f"{step:<28}{len(rows):>9}{_percentile(seconds, 0.5):>8.2f}{_percentile(seconds, 0.95):>8.2f}"
            f"{seconds[-1]:>8.2f}{errors:>8}"
        )


def _load(port, clients, per_client, method, path):
    """`per_client` requests from each of `clients` addresses at once; requests a second."""

    def work(i):
        browser = surge_journey.Browser(port, surge_journey.address(i))
        try:
            for _ in range(per_client):
                browser.request("baseline", method, path, body=b"" if method == "POST" else None)
        finally:
            browser.close()

    _, failures, seconds = _in_threads(clients, work)
    failed = [f for f in failures if f]
    if failed:
        raise RuntimeError(f"{method} {path}: {len(failed)} clients failed, first: {failed[0]}")
    return clients * per_client / seconds


def run(nominators=100, database="sqlite", workers=2, legacy_hashes=False, baseline_requests=20):
    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-surge-"))
    # Static files collected into the run's own folder (bench.settings reads BENCH_STATIC_ROOT).
    env = _environment(workdir) | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        # Production's queue: a submission's emails are queued in its transaction, for the task
        # worker (not run here) to send, not rendered and sent inside the request.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    dbname = None
    if database == "postgres":
        dbname = f"awards_surge_{secrets.token_hex(4)}"
        subprocess.run(["createdb", *PG, dbname], check=True)  # noqa: S603, S607
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{dbname}"
    process = None
    log_path = workdir / "gunicorn.log"
    static_root = ROOT / "staticfiles"  # STATIC_ROOT: not settable from the environment
    made_static_root = not static_root.exists()
    try:
        print(f"preparing a throwaway {database} database with the demo data ...", flush=True)
        _manage(env, "migrate", "--noinput")
        _manage(env, "createcachetable")
        _manage(env, "load_demo_data", "--force")
        _manage(env, "collectstatic", "--noinput")
        prepared = _json(
            env,
            PREPARE,
            SURGE_NOMINATORS=str(nominators),
            SURGE_PASSWORD=surge_journey.PASSWORD,
            SURGE_LEGACY_HASHES="1" if legacy_hashes else "0",
        )
        before = _json(env, CHECK)
        photo = surge_journey.make_photo()
        port = _free_port()
        with open(log_path, "w") as log:
            process = _start_gunicorn(env, port, workers, log)
            print(
                f"gunicorn, production settings (bench.settings), {workers} sync workers, {database}; "
                f"{nominators} nominators, each from its own address (127.0.1.1 ...); accounts' hashes: "
                f"{prepared['hash']}; call {prepared['call']} ({prepared['call_title']}), "
                f"{prepared['questions']} questions of its own; photo {len(photo) / 1024 / 1024:.2f} MB JPEG",
                flush=True,
            )
            bare_read = _load(port, nominators, baseline_requests, "GET", "/bench/bare/")
            bare_write = _load(port, nominators, baseline_requests, "POST", "/bench/bare-write/")
            emails = prepared["emails"]
            results, failures, seconds = _in_threads(
                nominators,
                lambda i: surge_journey.journey(port, i, emails[i], prepared["call"], photo),
            )
        _stop(process)
        process = None
        speeds = _json(env, HASH_SPEED)
        after = _json(env, CHECK)
        log_text = log_path.read_text()
        _report(locals())
        return after
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
        if dbname:
            subprocess.run(["dropdb", *PG, "--if-exists", dbname], check=False)  # noqa: S603, S607


def _report(run):
    failures = [f for f in run["failures"] if f]
    timings = [row for browser in run["results"] if browser for row in browser.timings]
    timings += [row for failure in failures for row in failure.timings]
    print()
    _steps_table(timings)
    seconds, nominators = run["seconds"], run["nominators"]
    rate = len(timings) / seconds
    print()
    print(f"{'what':<44}{'figure':>12}{'x bare write':>14}")
    bare_write = run["bare_write"]
    print(
        f"{'bare read, GET /bench/bare/ (req/s)':<44}{run['bare_read']:>12.0f}{run['bare_read'] / bare_write:>13.2f}x"
    )
    print(f"{'bare write, POST /bench/bare-write/ (req/s)':<44}{run['bare_write']:>12.0f}{1:>13.2f}x")
    print(f"{'surge, all its requests (req/s)':<44}{rate:>12.1f}{rate / bare_write:>13.3f}x")
    print(f"{'surge, total time (s)':<44}{seconds:>12.1f}")
    print(f"{'surge, journeys finished / started':<44}{nominators - len(failures):>9} / {nominators}")
    speeds = run["speeds"]
    workers = run["workers"]
    print(
        f"sign-in capacity per core (hashes/s, one process): Argon2id {speeds['argon2']:.0f}, "
        f"PBKDF2 {speeds['pbkdf2_sha256']:.1f} ({speeds['argon2'] / speeds['pbkdf2_sha256']:.0f}x); "
        f"{speeds['argon2'] / run['bare_read']:.3f}x the bare read's rate on {workers} workers"
    )
    after, before = run["after"], run["before"]
    states = after["states"]
    log_text = run["log_text"]
    checks = [
        ("submitted nominations", states.get("submitted", 0), nominators),
        ("nominators with a nomination", after["nominators"], nominators),
        ("nominators with more than one", after["duplicated"], 0),
        ("references used twice", after["references_duplicated"], 0),
        ("drafts left", states.get("draft", 0), 0),
        (
            "photos stored / thumbnails",
            f"{after['surge_files']} / {after['surge_thumbnails']}",
            f"{nominators} / {nominators}",
        ),
        ("orphan files (no row)", len(after["orphan_files"]), 0),
        ("rows without a file", len(after["rows_without_file"]), 0),
        ("new files under MEDIA_ROOT", after["media_files"] - before["media_files"], 0),
        ('"database is locked" in the log', log_text.count("database is locked"), 0),
        ("tracebacks in the log", log_text.count("Traceback"), 0),
        ("failed journeys", len(failures), 0),
    ]
    print()
    print(f"{'check':<36}{'found':>12}{'expected':>12}")
    for label, found, expected in checks:
        mark = "" if str(found) == str(expected) else "  <- FAILED"
        print(f"{label:<36}{found!s:>12}{expected!s:>12}{mark}")
    for failure in failures[:20]:
        print(f"failure: {failure}")
    if "Traceback" in log_text:
        start = log_text.index("Traceback")
        print("first traceback in gunicorn's log:\n" + log_text[start : start + 3000])


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench surge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominators", type=int, default=100, help="people at once (default 100)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--legacy-hashes", action="store_true", help="accounts with PBKDF2 hashes (before Argon2id)")
    args = parser.parse_args(list(argv))
    run(nominators=args.nominators, database=args.database, workers=args.workers, legacy_hashes=args.legacy_hashes)


if __name__ == "__main__":
    main(sys.argv[1:])
