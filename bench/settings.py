"""Production settings with the benchmark URLconf (bench/urls.py): the site as production
serves it, plus the do-nothing baselines. Never used to serve the real site."""

from awards_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
