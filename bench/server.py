"""The site as production runs it (gunicorn, production settings, SQLite, the demo data),
measured from outside over HTTP with wrk: requests/second for each public page served from
the page cache (anonymous visitors) and rendered (a signed-in nominator), and for the pages
of signed-in nominators, judges and panel chairs, each as a ratio to a bare view.

    make bench-server
    .venv/bin/python -m bench server --rounds 3 --seconds 5 --workers 2 --json figures.json

The settings are bench.settings: production's, with a URLconf (bench/urls.py) that adds
/bench/bare/, a view that does nothing, behind the full middleware stack: the baseline.
The machine is shared and noisy, so the rows are measured in alternating rounds (each
round measures the baseline, then every row; one more baseline ends the last): a row's
ratio in a round is to the mean of the baselines either side of it, and its `x bare` the
median of its rounds' ratios. Beside the rate, the workers' CPU time per request (from
/proc, waiting for in-flight requests to finish between rows) gives the same ratio as CPU
time, which other work on the machine does not move. Every response's status is checked
(a 302 to the sign-in page means a session is wrong): any response but 200 stops the run.

The sessions are real (bench/server_data.py makes them server-side, MFA-verified for the
judge and the chair), as is a panel of 200 scored nominations for the chair's pages.
Everything happens on 127.0.0.1, on a throwaway database, and gunicorn is stopped at the
end, on error too. Needs wrk (`apt-get install wrk`).
"""

import argparse
import datetime
import http.client
import itertools
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "/bench/bare/"
# Each a ratio to the bare view in the same run (issue 13's goals).
PUBLIC_GOAL = 0.05
SIGNED_IN_GOAL = 0.03
MAX_SECONDS = 60  # per row per round, for a page too slow for the time asked

# wrk counts each response's status and X-Page-Cache header; done() prints one line of JSON.
WRK_SCRIPT = Path(__file__).with_name("wrk_count.lua")


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # gunicorn's master
    connections: int  # wrk's


def _environment(workdir):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        # Production's settings, plus the baselines' URLconf (bench/settings.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
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


def _get(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        conn.close()


def _start_gunicorn(env, port, log, workers=2):
    """gunicorn with `workers` sync workers on 127.0.0.1:port, once the bare view answers."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(gunicorn), "awards_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)],
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
            if _get(port, BASELINE)[0] == 200:
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


def _cpu_seconds(master):
    """CPU time (user and system) spent so far by gunicorn's master and its workers."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that just ended
            continue
        if master in (int(stat.parent.name), int(fields[1])):  # the master, or one of its workers
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _idle_cpu_seconds(master):
    """_cpu_seconds once the workers have finished what they were doing (requests left in
    flight by the last wrk run): unchanged for three readings 0.1 s apart."""
    readings = [_cpu_seconds(master)]
    deadline = time.monotonic() + 60
    while len(readings) < 3 or len(set(readings[-3:])) > 1:
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn's workers were still busy 60 s after wrk stopped")
        time.sleep(0.1)
        readings.append(_cpu_seconds(master))
    return readings[-1]


def _wrk(server, path, cookie, seconds):
    """wrk on one address for `seconds`; raises unless every response was a 200. Also the
    workers' CPU time per request sent (load on the machine slows a request, but does not
    make it cost more CPU)."""
    command = ["wrk", "-t1", f"-c{server.connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    cpu_before = _idle_cpu_seconds(server.pid)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [*command, f"http://127.0.0.1:{server.port}{path}"], capture_output=True, text=True, timeout=seconds + 120
    )
    cpu = _idle_cpu_seconds(server.pid) - cpu_before
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk {path} failed:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(line.removeprefix("BENCH "))
    if not figures["requests"] and seconds >= MAX_SECONDS:
        raise RuntimeError(f"GET {path}: no response within {seconds} s")
    if figures["errors"] or set(figures["statuses"]) - {"200"}:
        raise RuntimeError(
            f"GET {path}: statuses {figures['statuses']}, {figures['errors']} socket errors; "
            f"the first other: {figures['example']!r} (a 302 to the sign-in page: the session is not signed in)"
        )
    return {
        "requests": figures["requests"],
        "seconds": figures["duration_us"] / 1e6,
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "cpu_ms": 1000 * cpu / max(1, figures["sent"]),
        "median_ms": figures["median_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "caches": figures["caches"],
    }


def _measure(server, path, cookie, seconds):
    """wrk for `seconds`, or longer for a page too slow to give each connection two
    responses in that time (a busy machine): a rate from a handful of responses is noise."""
    while True:
        figures = _wrk(server, path, cookie, seconds)
        if figures["requests"] >= 2 * server.connections or seconds >= MAX_SECONDS:
            return figures
        seconds = min(3 * seconds, MAX_SECONDS)


def _warm(port, path, cookie, times):
    """Sequential GETs (each worker's first of a page is slow); says where a non-200 went."""
    for _ in range(times):
        status, location = _get(port, path, cookie)
        if status != 200:
            where = f" to {location} (to the sign-in page: the session is not signed in)" if location else ""
            raise RuntimeError(f"GET {path}: {status}{where} (gunicorn's log is printed with this error)")


def _check_cache(path, figures, expected):
    """Rendered rows never touch the page cache; cached rows are served from it, bar the
    miss after an entry expires (PAGE_CACHE_SECONDS, production's 300 s)."""
    caches = figures["caches"]
    if expected == "hit":
        ok = set(caches) <= {"hit", "miss"} and caches.get("miss", 0) <= max(1, figures["requests"] // 20)
    else:
        ok = set(caches) <= {expected}
    if not ok:
        raise RuntimeError(f"GET {path}: X-Page-Cache {caches}, expected {expected}")


def _rows(found):
    """(label, path, session name or None, the X-Page-Cache expected, goal)."""
    rows = [("bare view (baseline)", BASELINE, None, "-", None)]
    for label, path in found["public"].items():
        rows.append((f"{label}, cached", path, None, "hit", None))
        rows.append((f"{label}, rendered", path, "nominator", "-", PUBLIC_GOAL))
    for label, (path, session) in found["signed_in"].items():
        rows.append((label, path, session, "-", SIGNED_IN_GOAL))
    return rows


def _cookie(session_key):
    # A signed-in browser's cookies: the session and the CSRF token it was given earlier (a
    # valid token is kept, so the pages do not set a new one on every response).
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return f"sessionid={session_key}; csrftoken={csrf}"


def _rounds(server, rows, cookies, rounds, seconds):
    """Each round measures the bare view, then every other row; one more bare view ends
    the last. A row's ratios in a round are to the mean of the bare views on either side
    of it, so that the machine's load drifting during a round moves both sides alike.
    Returns {label: [(figures, the bare view's figures) per round]}."""
    bare, *others = rows

    def measure(row):
        _label, path, session, cache, _goal = row
        figures = _measure(server, path, cookies.get(session), seconds)
        _check_cache(path, figures, cache)
        return figures

    baselines = []
    measured = {label: [] for label, *_ in others}
    for number in range(1, rounds + 1):
        print(f"round {number} of {rounds} ...", flush=True)
        baselines.append(measure(bare))
        for row in others:
            measured[row[0]].append(measure(row))
    baselines.append(measure(bare))
    around = [
        {key: (before[key] + after[key]) / 2 for key in ("rps", "cpu_ms")}
        for before, after in itertools.pairwise(baselines)
    ]
    measured = {label: list(zip(figures, around, strict=True)) for label, figures in measured.items()}
    measured[bare[0]] = [(f, f) for f in baselines]
    return measured


def _summary(label, goal, measured):
    """The row over all rounds: medians of each round's figures and ratios. The CPU ratio
    is the bare view's CPU time per request over the row's: what the rate ratio would be
    if every request had the cores to itself."""
    ratios = [m["rps"] / base["rps"] for m, base in measured]
    cpu_ratios = [base["cpu_ms"] / m["cpu_ms"] for m, base in measured]
    ratio, cpu_ratio = statistics.median(ratios), statistics.median(cpu_ratios)
    return {
        "page": label,
        "requests": sum(m["requests"] for m, _ in measured),
        "rps": statistics.median(m["rps"] for m, _ in measured),
        "ratio": ratio,
        "ratios": ratios,
        "cpu_ms": statistics.median(m["cpu_ms"] for m, _ in measured),
        "cpu_ratio": cpu_ratio,
        "cpu_ratios": cpu_ratios,
        "median_ms": statistics.median(m["median_ms"] for m, _ in measured),
        "p95_ms": statistics.median(m["p95_ms"] for m, _ in measured),
        "goal": goal,
        "passed": None if goal is None else ratio >= goal,
        "cpu_passed": None if goal is None else cpu_ratio >= goal,
    }


def _print_table(summaries):
    print(
        f"{'page':<42}{'requests':>9}{'req/s':>7}{'x bare':>8}{'rounds':>13}{'CPU ms':>8}{'x bare':>8}"
        f"{'median ms':>10}{'p95 ms':>8}  goal  req/s CPU"
    )
    for row in summaries:
        goal = ""
        if row["goal"] is not None:
            goal = (
                f"{row['goal']:.2f}x {'pass' if row['passed'] else 'FAIL':>5} {'pass' if row['cpu_passed'] else 'FAIL'}"
            )
        spread = f"{min(row['ratios']):.3f}-{max(row['ratios']):.3f}"
        print(
            f"{row['page']:<42}{row['requests']:>9}{row['rps']:>7.0f}{row['ratio']:>8.3f}{spread:>13}"
            f"{row['cpu_ms']:>8.2f}{row['cpu_ratio']:>8.3f}{row['median_ms']:>10.1f}{row['p95_ms']:>8.1f}  {goal}"
        )
    print(
        "x bare: req/s over the bare view's (median of the rounds; 'rounds': their range). CPU ms: the "
        "workers' CPU time per request; its x bare, the bare view's over the row's: the same ratio, unmoved "
        "by other work on the machine."
    )


def run(rounds=3, seconds=5, connections=4, workers=2, json_path=None):
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-server-"))
    env = _environment(workdir)
    process = None
    log_path = workdir / "gunicorn.log"
    # Production's static storage needs its manifest: collected into this run's own folder.
    env["BENCH_STATIC_ROOT"] = str(workdir / "static")
    try:
        print("preparing a throwaway database: demo data, a panel of 200 scored nominations, sessions ...", flush=True)
        _manage(env, "migrate", "--noinput")
        _manage(env, "createcachetable")
        _manage(env, "load_demo_data", "--force")
        _manage(env, "collectstatic", "--noinput")
        output = _manage(env, "shell", "-c", "from bench.server_data import prepare; prepare()")
        found = json.loads(output.strip().splitlines()[-1])
        cookies = {name: _cookie(key) for name, key in found["sessions"].items()}
        rows = _rows(found)

        port = _free_port()
        with open(log_path, "w") as log:
            process = _start_gunicorn(env, port, log, workers=workers)
            started = datetime.datetime.now(datetime.UTC)
            print(
                f"{started:%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({platform.machine()}), load "
                f"{os.getloadavg()[0]:.1f}; gunicorn, bench.settings (production's), {workers} sync workers; "
                f"SQLite; cache {env['CACHE_URL']}"
            )
            print(
                f"wrk: 1 thread, {connections} connections, {seconds} s per row per round, {rounds} rounds; "
                "every response checked (200)"
            )
            for _label, path, session, _cache, _goal in rows:  # every worker warm, sessions checked
                _warm(port, path, cookies.get(session), 2 * workers)
            server = Server(port=port, pid=process.pid, connections=connections)
            measured = _rounds(server, rows, cookies, rounds, seconds)
        summaries = [_summary(label, goal, measured[label]) for label, _p, _s, _c, goal in rows]
        _print_table(summaries)
        if json_path:
            Path(json_path).write_text(
                json.dumps(
                    {
                        "date": started.isoformat(timespec="minutes"),
                        "cores": os.cpu_count(),
                        "workers": workers,
                        "rounds": rounds,
                        "seconds": seconds,
                        "connections": connections,
                        "database": "sqlite",
                        "cache": env["CACHE_URL"],
                        "rows": summaries,
                    },
                    indent=2,
                )
            )
            print(f"figures written to {json_path}")
    except Exception:
        if log_path.exists():
            print("gunicorn's log:\n" + log_path.read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--seconds", type=int, default=5, help="seconds per row per round (default 5)")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    args = parser.parse_args(list(argv))
    run(
        rounds=args.rounds,
        seconds=args.seconds,
        connections=args.connections,
        workers=args.workers,
        json_path=args.json,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
