"""Production settings with the benchmark URLconf (bench/urls.py): the site as production
serves it, plus the do-nothing baselines. Never used to serve the real site."""

import os

from awards_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The baselines are what any request costs: never stored in, nor looked up in, the page cache.
PAGE_CACHE_EXCLUDED_PREFIXES = [*PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/"]  # noqa: F405

# A benchmark run may collect the static files into a folder of its own (bench/server.py), so
# that runs side by side never remove each other's.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)  # noqa: F405
