"""Benchmarks (not tests). Each prints its figures and its ratio to a baseline measured in
the same run, because shared machines are noisy: compare ratios, not seconds.

    make bench                      # all benchmarks on a throwaway SQLite database
    .venv/bin/python -m bench judging
    .venv/bin/python -m bench admin     # the admin's nominations listing and export at 20,000
    .venv/bin/python -m bench uploads   # peak memory per upload, one process per case (bench/uploads.py)
    .venv/bin/python -m bench server    # gunicorn with production settings, over HTTP (bench/server.py)
    .venv/bin/python -m bench surge     # 100 nominators at once, each from its own address (bench/surge.py)
    .venv/bin/python -m bench scaleout  # two instances behind nginx, shared state (bench/scaleout.py)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/awards_bench make bench   # a database to throw away
"""

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(demo=True):
    workdir = Path(tempfile.mkdtemp(prefix="awards-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "awards_site.settings.dev"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The caches are database tables when no CACHE_URL is set (as in development).
    call_command("createcachetable", verbosity=0)
    if demo:
        call_command("load_demo_data", stdout=StringIO())


def _measure(client, path, requests):
    for _ in range(20):  # warm caches and code paths
        assert client.get(path).status_code == 200
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    timings.sort()
    return {
        "median_ms": timings[len(timings) // 2] * 1000,
        "p95_ms": timings[int(len(timings) * 0.95)] * 1000,
        "rps": len(timings) / sum(timings),
    }


def pages(requests=300):
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    # The pages' own work, without the page cache (bench/server.py measures it cached).
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=300):
        client = Client()
        baseline = _measure(client, "/bench/bare/", requests)
        print(f"database: {connection.vendor}; {requests} requests each, in process, one client")
        print(f"{'page':<34}{'median ms':>10}{'p95 ms':>9}{'req/s':>9}{'x baseline':>12}")
        rows = [
            ("bare view (baseline)", "/bench/bare/"),
            ("home page", "/"),
            ("calls index", "/calls/"),
            ("call page", "/calls/" + _a_call_slug() + "/"),
        ]
        for label, path in rows:
            figures = baseline if path == "/bench/bare/" else _measure(client, path, requests)
            ratio = figures["rps"] / baseline["rps"]
            print(
                f"{label:<34}{figures['median_ms']:>10.2f}{figures['p95_ms']:>9.2f}"
                f"{figures['rps']:>9.0f}{ratio:>11.2f}x"
            )


def _a_call_slug():
    from nominations.models import CallPage

    return CallPage.objects.live().order_by("-cycle__year", "category__sort_order").first().slug


def main(argv):
    """python -m bench [pages|judging|uploads|server|scaleout|all]"""
    which = argv[0] if argv else "all"
    if which == "server":  # runs the site in gunicorn processes of its own: no set-up here
        from bench import server

        server.main(argv[1:])
        return
    if which == "surge":  # 100 nominators at once against gunicorn: its own set-up (bench/surge.py)
        from bench import surge

        surge.main(argv[1:])
        return
    if which == "scaleout":  # two instances behind nginx, PostgreSQL, Redis, S3: its own set-up
        from bench import scaleout

        scaleout.main(argv[1:])
        return
    _setup(demo=which in {"pages", "all"})
    if which in {"pages", "all"}:
        pages()
    if which in {"judging", "all"}:
        from bench import judging

        judging.run()
    if which in {"uploads", "all"}:
        from bench import uploads

        uploads.run()
    if which == "admin":  # the nominations listing, filters and export at 20,000 (bench/admin_scale.py)
        from bench import admin_scale

        admin_scale.run()


if __name__ == "__main__":
    main(sys.argv[1:])
