import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
A_REAL_LOOKING_KEY = "k3J!x9-" * 10


def _manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "awards_site.settings.production", **env_overrides})
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env_overrides={"ALLOWED_HOSTS": "awards.example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", env_overrides={"SECRET_KEY": A_REAL_LOOKING_KEY})
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set ALLOWED_HOSTS" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={"SECRET_KEY": A_REAL_LOOKING_KEY, "ALLOWED_HOSTS": "awards.example.org"},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_cookies_policy_and_third_parties():
    # What check --deploy does not look at: the language cookie, the Content-Security-Policy
    # middleware and its strict policy, and no avatars from gravatar.com.
    script = (
        "import django;django.setup();from django.conf import settings as s;"
        "p=s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_HTTPONLY,"
        "'awards_site.content_security.SiteCSPMiddleware' in s.MIDDLEWARE,"
        "'unsafe-inline' in str(p), p['frame-ancestors'], s.WAGTAIL_GRAVATAR_PROVIDER_URL)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "PAGE_CACHE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="awards_site.settings.production",
        SECRET_KEY=A_REAL_LOOKING_KEY,
        ALLOWED_HOSTS="awards.example.org",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "Lax", "True", "True", "False", "[\"'none'\"]", "None"], result.stderr


def test_sqlite_default_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    # A file database as `make run` uses (the test database may be PostgreSQL or in memory).
    script = (
        "import django;django.setup();from django.db import connection;"
        "c=connection.cursor();c.execute('PRAGMA journal_mode');"
        "o=connection.settings_dict['OPTIONS'];"
        "print(c.fetchone()[0], o['transaction_mode'], o['timeout'], connection.vendor)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "awards_site.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE", "20", "sqlite"], result.stderr


def test_database_url_selects_postgresql():
    import environ

    config = environ.Env.db_url_config("postgres://postgres@127.0.0.1:5432/awards")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "awards"


@pytest.mark.parametrize(
    ("variable", "url", "alias"),
    [
        ("CACHE_URL", "locmemcache://awards", "default"),
        ("CACHE_URL", "dummycache://", "default"),
        ("PAGE_CACHE_URL", "locmemcache://pages", "pages"),
    ],
)
def test_production_refuses_a_per_process_cache(variable, url, alias):
    # Each worker would count its own failed logins and keep its own copy of purged pages.
    result = _manage(
        "check",
        env_overrides={"SECRET_KEY": A_REAL_LOOKING_KEY, "ALLOWED_HOSTS": "awards.example.org", variable: url},
    )
    assert result.returncode != 0
    assert f"ImproperlyConfigured: The '{alias}' cache uses django.core.cache.backends." in result.stderr
    assert "Set CACHE_URL=redis://" in result.stderr


def test_production_accepts_redis_and_the_database_cache():
    for urls in ({"CACHE_URL": "redis://127.0.0.1:6379/0"}, {"CACHE_URL": "dbcache://awards_cache"}):
        result = _manage(
            "check",
            env_overrides={"SECRET_KEY": A_REAL_LOOKING_KEY, "ALLOWED_HOSTS": "awards.example.org", **urls},
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("variable", "expected"), [(None, "60 True"), ("0", "0 True")])
def test_production_keeps_database_connections_between_requests(variable, expected):
    overrides = {"SECRET_KEY": A_REAL_LOOKING_KEY, "ALLOWED_HOSTS": "awards.example.org"}
    if variable is not None:
        overrides["CONN_MAX_AGE"] = variable
    show = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = _manage("shell", "-c", show, env_overrides=overrides)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_development_and_tests_use_shared_database_caches():
    from django.conf import settings

    assert {alias: c["BACKEND"] for alias, c in settings.CACHES.items()} == {
        "default": "django.core.cache.backends.db.DatabaseCache",
        "pages": "django.core.cache.backends.db.DatabaseCache",
    }
    script = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(sorted((a, c['BACKEND'], c['LOCATION']) for a, c in s.CACHES.items()))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "PAGE_CACHE_URL"}},
            "DJANGO_SETTINGS_MODULE": "awards_site.settings.dev",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == (
        "[('default', 'django.core.cache.backends.db.DatabaseCache', 'awards_cache'), "
        "('pages', 'django.core.cache.backends.db.DatabaseCache', 'awards_page_cache')]"
    ), result.stderr
