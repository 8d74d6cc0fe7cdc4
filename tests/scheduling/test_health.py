"""/health/: open to monitors, 500 when the task queue is stuck, no details in production."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from django.utils import timezone

from outbox.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHECKS = {"database", "cache", "page_cache", "storage", "private_storage", "task_backlog", "failed_email"}


def _ready_task(enqueued_minutes_ago):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="scheduling.tasks.sweep_outbox",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - timedelta(minutes=enqueued_minutes_ago))


def test_healthy_signed_out_in_json(client):
    response = client.get("/health/", {"format": "json"})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {name: {"status": "ok"} for name in CHECKS}
    assert "no-cache" in response["Cache-Control"]


def test_json_by_accept_header_and_text_otherwise(client):
    assert client.get("/health/", headers={"accept": "application/json"}).json()["status"] == "ok"
    text = client.get("/health/")
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode().splitlines()[0] == "ok"


def test_a_stuck_task_queue_fails(client, settings):
    settings.HEALTH_TASK_BACKLOG_MINUTES = 15
    settings.HEALTH_TASK_BACKLOG_MAX = 0
    _ready_task(enqueued_minutes_ago=5)  # recent: the worker will get to it
    assert client.get("/health/", {"format": "json"}).status_code == 200

    _ready_task(enqueued_minutes_ago=60)
    response = client.get("/health/", {"format": "json"})

    assert response.status_code == 500
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["task_backlog"]["status"] == "failing"


def test_failed_email_is_a_warning_and_production_gives_no_details(client, settings):
    settings.HEALTH_CHECK_DETAILS = False
    OutgoingEmail.objects.create(
        subject="Lost",
        recipients="someone@example.net",
        message={},
        status=OutgoingEmail.Status.FAILED,
        failed_at=timezone.now(),
    )

    response = client.get("/health/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["checks"]["failed_email"] == {"status": "warning"}
    assert "someone@example.net" not in response.content.decode()


def test_details_when_switched_on(client, settings):
    settings.HEALTH_CHECK_DETAILS = True
    _ready_task(enqueued_minutes_ago=60)

    check = client.get("/health/", {"format": "json"}).json()["checks"]["task_backlog"]

    assert check["status"] == "failing"
    assert "1 task(s) waiting" in check["detail"]


def test_staff_without_two_factors_reach_it(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302  # elsewhere they must set up two factors

    response = client.get("/health/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
