"""Production settings read from the environment where files and background tasks go:
imported in a fresh interpreter per case, as a server starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The settings module alone, without django.setup(): what a server would start with.
PRINT = """
import json
from awards_site.settings import production as settings
print(json.dumps({
    "storages": settings.STORAGES, "tasks": settings.TASKS,
    "apps": settings.INSTALLED_APPS, "sessions": settings.SESSION_ENGINE,
    "rq": getattr(settings, "RQ_QUEUES", None),
}, default=str))
"""
CLEARED = ("AWS_", "TASKS_BACKEND", "REDIS_URL", "SESSION_ENGINE", "PRIVATE_MEDIA_URL_SECONDS")


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    base.update(
        DJANGO_SETTINGS_MODULE="awards_site.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="awards.example.org",
        CACHE_URL="redis://127.0.0.1:6379/0",
        **env,
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", PRINT], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_a_bucket_files_stay_on_disk_and_tasks_in_the_database():
    found = _settings()
    assert found["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["storages"]["private"]["BACKEND"] == "nominations.storage.PrivateStorage"
    assert found["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_rq" not in found["apps"]
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_takes_media_and_private_files():
    found = _settings(
        AWS_STORAGE_BUCKET_NAME="awards",
        AWS_S3_ENDPOINT_URL="http://s3.internal:9000",
        AWS_S3_ADDRESSING_STYLE="path",
        PRIVATE_MEDIA_URL_SECONDS="30",
    )
    media, private = found["storages"]["default"], found["storages"]["private"]
    assert media["BACKEND"] == "nominations.object_storage.AppServedS3Storage"
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (media["OPTIONS"]["bucket_name"], media["OPTIONS"]["location"]) == ("awards", "media")
    assert (private["OPTIONS"]["bucket_name"], private["OPTIONS"]["location"]) == ("awards", "private")
    assert private["OPTIONS"]["endpoint_url"] == "http://s3.internal:9000"
    assert private["OPTIONS"]["querystring_expire"] == 30
    assert private["OPTIONS"]["file_overwrite"] is False
    assert found["storages"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_a_separate_private_bucket():
    found = _settings(AWS_STORAGE_BUCKET_NAME="awards", AWS_PRIVATE_STORAGE_BUCKET_NAME="awards-private")
    assert found["storages"]["private"]["OPTIONS"]["bucket_name"] == "awards-private"
    assert found["storages"]["default"]["OPTIONS"]["bucket_name"] == "awards"


def test_rq_puts_the_task_queue_in_redis():
    found = _settings(TASKS_BACKEND="rq", REDIS_URL="redis://queue.internal:6379/2")
    assert found["tasks"]["default"] == {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    assert found["rq"] == {"default": {"URL": "redis://queue.internal:6379/2"}}
    assert {"django_rq", "django_tasks_rq"} <= set(found["apps"])


def test_media_in_a_bucket_keep_their_app_urls(settings):
    from nominations.object_storage import AppServedS3Storage

    store = AppServedS3Storage(bucket_name="awards", location="media")
    assert store.url("original_images/plan ä.png") == settings.MEDIA_URL + "original_images/plan%20%C3%A4.png"
