"""The reference deployment's files are well-formed: compose.yaml loads and names every
service; nginx.conf passes `nginx -t` where nginx is installed (.ci/run installs it)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def test_compose_names_every_service():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app1", "app2", "worker", "scheduler", "nginx", "postgres", "redis", "minio"} <= set(services)
    for app in ("app1", "app2", "worker", "scheduler"):
        environment = services[app]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "awards_site.settings.production"
        assert environment["TASKS_BACKEND"] == "rq"
        assert environment["AWS_STORAGE_BUCKET_NAME"]
        assert environment["CACHE_URL"].startswith("redis://")
    assert "rqworker" in services["worker"]["command"]
    assert "scheduler" in services["scheduler"]["command"]


def test_systemd_units_run_production_settings():
    for unit in ("gunicorn@.service", "awards-worker.service", "awards-scheduler.service"):
        text = (DEPLOY / "systemd" / unit).read_text()
        assert "DJANGO_SETTINGS_MODULE=awards_site.settings.production" in text
        assert "ExecStart=" in text


@pytest.mark.skipif(not NGINX, reason="nginx is not installed (.ci/run installs Debian's nginx)")
def test_nginx_conf_passes_nginx_t(tmp_path):
    # The reference file as it is, but with logs and the pid file in a temporary folder and
    # no `user` line, so that the check needs no root.
    text = (DEPLOY / "nginx.conf").read_text().replace("/var/log/nginx", str(tmp_path))
    text = "\n".join(line for line in text.splitlines() if not line.startswith("user "))
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    command = [NGINX, "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log")]
    command += ["-g", f"pid {tmp_path}/nginx.pid;", "-c", str(conf)]
    done = subprocess.run(  # noqa: S603 (our own nginx.conf)
        command,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
