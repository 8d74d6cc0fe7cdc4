"""Two real server processes share one cache, as production's workers must.

Two gunicorn processes (one sync worker each, on two ports, so which process answered is
known) run the production settings against the test database and one shared cache: Redis
when it answers on 127.0.0.1:6379 (keys under a prefix of this run's own, removed afterwards,
so two test runs at once never see or remove each other's), and the database cache, which
runs anywhere. A purge made in the test process must reach both servers, and
allauth's five-failures limit must count the failures both of them saw."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

from django.core.cache.backends.redis import RedisCache
from django.db import connection

from core.cache import purge_page_cache
from home.models import StandardPage
from tests.factories import UserFactory

# Data the servers read is committed by the test process; serialized_rollback restores the
# migrations' rows (home page, categories) that the flush after each test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13  # a number nothing else here uses; each run keeps to its own key prefix in it
HOST = "127.0.0.1"  # the Host header both servers get, as behind one proxy
PASSWORD = "correct horse battery staple"  # UserFactory's
# Production settings with two test-only changes: static files from the source folders
# (production's manifest storage needs collectstatic into the repository), and the test
# settings' fast password hasher (accounts made here; a login takes milliseconds).
SETTINGS_MODULE = """
from awards_site.settings.production import *  # noqa: F403
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""
# Bounds for failing, not expected durations: a loaded machine may take long to start.
STARTUP_SECONDS = 180
REQUEST_SECONDS = 120


class RunScopedRedisCache(RedisCache):
    """Django's Redis cache, whose clear() (the suite clears the caches after each test)
    removes only this run's keys, under its key prefix, where Django's flushes the whole
    database, which another test run may be using at the same moment."""

    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, path, method="GET", body=None, cookies=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("X-Page-Cache"), response.getheaders(), response.read().decode()
    finally:
        conn.close()


def _wait_until_answering(process, port, log_path):
    """Waits until the server's worker answers a request (a page never cached), failing with
    the server's log if it dies or has not answered within the bound. The port accepts
    connections as soon as gunicorn binds it, before its worker has loaded the site."""
    deadline = time.monotonic() + STARTUP_SECONDS  # a bound for failing only
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn on {port} exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            _request(port, "/accounts/login/")
            return
        except OSError:
            time.sleep(0.05)  # the next poll, not a wait for the outcome
    pytest.fail(f"gunicorn on {port} did not answer within {STARTUP_SECONDS} s:\n{log_path.read_text()}")


def _database_url(settings_dict):
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "")
    return f"postgres://{user}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"


@pytest.fixture(scope="module", params=["dbcache", "redis"])
def servers(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn processes with one worker each on the test database; yields
    (cache name, its CACHES for the test process, port a, port b)."""
    name = request.param
    workdir = tmp_path_factory.mktemp(f"shared-cache-{name}")
    settings_module = SETTINGS_MODULE
    if name == "redis":
        client = redis.Redis(*REDIS, db=REDIS_DB, socket_connect_timeout=1)
        try:
            client.ping()
        except redis.exceptions.ConnectionError as error:
            pytest.skip(f"Redis is not reachable on {REDIS[0]}:{REDIS[1]} ({error}); the database cache's run stands")
        prefix = f"awards-test-{os.getpid()}-{secrets.token_hex(4)}"  # this run's keys only
        url = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
        cache_urls = {"CACHE_URL": url, "PAGE_CACHE_URL": url}
        settings_module += "".join(f'CACHES["{alias}"]["KEY_PREFIX"] = "{prefix}"\n' for alias in ("default", "pages"))
        backend = f"{__name__}.RunScopedRedisCache"
        caches = {alias: {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": prefix} for alias in ("default", "pages")}
    else:
        # The test settings' own cache tables, in the test database the servers use too.
        cache_urls = {"CACHE_URL": "dbcache://awards_cache", "PAGE_CACHE_URL": "dbcache://awards_page_cache"}
        caches = None
    (workdir / "shared_cache_settings.py").write_text(settings_module)
    with django_db_blocker.unblock():
        database_url = _database_url(connection.settings_dict)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="shared_cache_settings",
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        PAGE_CACHE_SECONDS="300",
        LANGUAGE_CODE="en",  # as the test database was made; messages below are in English
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        **cache_urls,
    )

    gunicorn = Path(sys.executable).with_name("gunicorn")
    started = []
    try:
        for letter in "ab":
            port = _free_port()
            log_path = workdir / f"gunicorn-{letter}.log"
            log = open(log_path, "w")  # noqa: SIM115 - closed with the process below
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [str(gunicorn), "awards_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped with its worker
            )
            started.append((process, port, log, log_path))
        for process, port, _, log_path in started:
            _wait_until_answering(process, port, log_path)
        yield name, caches, started[0][1], started[1][1]
    finally:
        for process, _, log, _ in started:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()
        if name == "redis":
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)


@pytest.fixture
def shared(servers, settings):
    """The servers, with the test process using the same cache as they do."""
    name, caches, port_a, port_b = servers
    if caches:
        settings.CACHES = caches
    return name, port_a, port_b


def _both_serve_from_the_cache(path, ports):
    """Server a renders and stores the page; then both serve it from the shared cache."""
    port_a, port_b = ports
    status, cache_state, _, body = _request(port_a, path)
    assert (status, cache_state) == (200, "miss"), path
    for port in (port_b, port_a):
        status, cache_state, _, again = _request(port, path)
        assert (status, cache_state, again) == (200, "hit", body), (port, path)
    return body


def test_unpublishing_a_page_purges_it_from_both_workers(shared, home_page):
    _, *ports = shared
    story = home_page.add_child(instance=StandardPage(title="A winner's story", slug="story"))
    story.save_revision().publish()
    assert "A winner&#x27;s story" in _both_serve_from_the_cache("/en/story/", ports)

    story.unpublish()  # in this process; its purge goes through the shared cache

    # Without the purge reaching them, both would answer "hit" with the story.
    assert [_request(port, "/en/story/")[:2] for port in ports] == [(404, "miss"), (404, "miss")]


def test_purge_page_cache_reaches_both_workers(shared):
    _, port_a, port_b = shared
    _both_serve_from_the_cache("/en/", (port_a, port_b))

    # After each purge made here, the first request renders afresh, on either server.
    for port in (port_b, port_a):
        purge_page_cache()
        assert _request(port, "/en/")[:2] == (200, "miss"), port
        assert [_request(p, "/en/")[:2] for p in (port_a, port_b)] == [(200, "hit"), (200, "hit")]


def _log_in(port, email, password):
    """Signs in on one server with a fresh CSRF token from it; returns (status, page)."""
    status, _, headers, page = _request(port, "/accounts/login/")
    assert status == 200
    cookie = next(v for k, v in headers if k.lower() == "set-cookie" and v.startswith("csrftoken="))
    csrf_cookie = cookie.split(";", 1)[0].split("=", 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, _, page = _request(
        port,
        "/accounts/login/",
        method="POST",
        body={"csrfmiddlewaretoken": token, "login": email, "password": password},
        cookies={"csrftoken": csrf_cookie},
    )
    return status, page


def test_login_failures_count_across_both_workers(shared):
    _, port_a, port_b = shared
    email = UserFactory(verified=True).email
    wrong = "not-the-password"

    # Five failures, alternating a, b, a, b, a: three on one server, two on the other.
    for attempt, port in enumerate([port_a, port_b, port_a, port_b, port_a], start=1):
        status, page = _log_in(port, email, wrong)
        assert status == 200, attempt
        assert "The email address and/or password you specified are not correct." in page, attempt

    # The sixth, on the server that saw two of them, is refused even with the right
    # password: it counted all five through the shared cache.
    status, page = _log_in(port_b, email, PASSWORD)
    assert status == 429
    assert "Too many failed sign-in attempts for this account." in page


def test_a_correct_password_signs_in_through_either_server(shared):
    # The control for the test above: the account and password do work on these servers.
    _, port_a, port_b = shared
    email = UserFactory(verified=True).email
    assert [_log_in(port, email, PASSWORD)[0] for port in (port_a, port_b)] == [302, 302]
