"""The periodic jobs (settings.SCHEDULED_TASKS) and how the scheduler starts them.

Each job names a django-tasks task by import string and a cron expression in the site's
TIME_ZONE. At its time the scheduler (`manage.py scheduler`) only enqueues the task: the
task worker (`manage.py db_worker`) runs it, with its retries and its record, like any other
background work. A task that cannot be imported yet (a module another release adds) is
skipped with a log line, never a crash.

Run one scheduler. A second one is harmless all the same: each job claims its minute in the
shared cache first (cache.add), so a job fires once per scheduled minute however many
schedulers run, and the jobs themselves are idempotent (publishing what is due, sweeping the
outbox, a draft reminded once)."""

import logging
from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger
from django_tasks.base import Task

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from scheduling.tasks import run_callable

logger = logging.getLogger(__name__)

# A claimed minute is remembered this long (longer than any clock skew between schedulers).
CLAIM_SECONDS = 60 * 60


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    task: str  # import string of a django-tasks task, or of a plain function (see run_callable)

    def trigger(self):
        return CronTrigger.from_crontab(self.cron, timezone=settings.TIME_ZONE)


def jobs():
    """The configured jobs, in settings order."""
    return [Job(name=name, cron=spec["cron"], task=spec["task"]) for name, spec in settings.SCHEDULED_TASKS.items()]


def load_task(job):
    """The task to enqueue for a job, or None (logged) when its module or name is missing.
    A plain function is wrapped: scheduling.tasks.run_callable imports and calls it."""
    try:
        target = import_string(job.task)
    except Exception as error:  # a missing module or name, or an app not installed yet
        logger.warning("Scheduled job %s skipped: %s cannot be imported (%s)", job.name, job.task, error)
        return None, {}
    if isinstance(target, Task):
        return target, {}
    if callable(target):
        return run_callable, {"path": job.task}
    logger.warning("Scheduled job %s skipped: %s is not a task or function", job.name, job.task)
    return None, {}


def claim(job, now=None):
    """True for the first scheduler to fire `job` in this minute; False for any other."""
    minute = (now or timezone.now()).replace(second=0, microsecond=0)
    return cache.add(f"scheduling:{job.name}:{minute.isoformat()}", True, CLAIM_SECONDS)


def fire(job, now=None):
    """Enqueues a job's task once per scheduled minute. Returns the task result, or None
    when skipped (not importable, or another scheduler fired it)."""
    task, kwargs = load_task(job)
    if task is None:
        return None
    if not claim(job, now):
        logger.info("Scheduled job %s already fired this minute", job.name)
        return None
    result = task.enqueue(**kwargs)
    logger.info("Scheduled job %s queued (%s)", job.name, job.task)
    return result


def fire_in_scheduler(job):
    """fire() from the scheduler's threads, with fresh database connections, as Django does
    around a request (a connection the database dropped meanwhile is replaced)."""
    close_old_connections()
    try:
        fire(job)
    finally:
        close_old_connections()


def register(scheduler):
    """Adds every configured job to an APScheduler scheduler; returns its jobs."""
    added = []
    for job in jobs():
        added.append(
            scheduler.add_job(
                fire_in_scheduler,
                trigger=job.trigger(),
                args=[job],
                id=job.name,
                name=job.name,
                replace_existing=True,
                # A job missed by up to a minute (a busy or paused process) still runs once.
                misfire_grace_time=60,
                coalesce=True,
                max_instances=1,
            )
        )
    return added
