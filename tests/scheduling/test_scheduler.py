"""The schedule's configuration and the scheduler command (which never runs forever here)."""

import io

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from django.conf import settings
from django.core.management import call_command

from scheduling import schedule

EXPECTED = {
    "publish-scheduled-pages": ("* * * * *", "scheduling.tasks.publish_scheduled_pages"),
    "judging-reminders": ("0 9 * * *", "scheduling.tasks.send_judging_reminders"),
    "draft-reminders": ("0 10 * * *", "scheduling.tasks.send_draft_reminders"),
    "outbox-sweep": ("*/5 * * * *", "scheduling.tasks.sweep_outbox"),
    "retention": ("30 3 * * *", "privacy.tasks.apply_retention"),
}


def test_the_schedule_lists_every_job_with_its_cron_expression():
    assert {job.name: (job.cron, job.task) for job in schedule.jobs()} == EXPECTED


def test_cron_times_are_in_the_sites_time_zone():
    for job in schedule.jobs():
        assert str(job.trigger().timezone) == settings.TIME_ZONE


def test_registering_adds_every_job_to_a_scheduler():
    scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE)
    schedule.register(scheduler)
    scheduler.start(paused=True)
    try:
        registered = {job.id: job for job in scheduler.get_jobs()}
        assert set(registered) == set(EXPECTED)
        assert all(job.next_run_time is not None for job in registered.values())
        assert registered["judging-reminders"].next_run_time.hour == 9
    finally:
        scheduler.shutdown(wait=False)


def test_the_command_lists_the_jobs_and_exits():
    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [[name, cron] for name, (cron, _task) in EXPECTED.items()]


@pytest.mark.django_db
def test_the_command_runs_one_job_now():
    out = io.StringIO()
    call_command("scheduler", "--run", "outbox-sweep", stdout=out)

    assert out.getvalue().strip() == "outbox-sweep: queued"
