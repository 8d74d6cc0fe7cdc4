"""Runs the periodic jobs (settings.SCHEDULED_TASKS): at each job's time it enqueues the job's
task for the task worker. Runs until stopped (Ctrl+C, SIGTERM). See scheduling.schedule."""

import logging
import signal

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scheduling import schedule

logger = logging.getLogger("scheduling")


class Command(BaseCommand):
    help = "Run the periodic jobs: enqueue each job's task at its cron time (in TIME_ZONE)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Register the jobs, print each with its next run time, and exit."
        )
        parser.add_argument("--run", metavar="JOB", help="Enqueue one job's task now (by its name) and exit.")

    def handle(self, *args, list=False, run=None, **options):
        if run:
            return self._run_now(run)
        if list:
            # Started paused: the jobs are registered and their next run times computed,
            # and nothing runs.
            scheduler = BackgroundScheduler(timezone=settings.TIME_ZONE)
            schedule.register(scheduler)
            scheduler.start(paused=True)
            try:
                self._print(scheduler)
            finally:
                scheduler.shutdown(wait=False)
            return
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        registered = schedule.register(scheduler)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write(f"Scheduler started with {len(registered)} job(s) in {settings.TIME_ZONE}.")
        scheduler.start()  # blocks until shut down
        self.stdout.write("Scheduler stopped.")

    def _print(self, scheduler):
        for job in schedule.jobs():
            task, _kwargs = schedule.load_task(job)
            aps_job = scheduler.get_job(job.name)
            when = aps_job.next_run_time.isoformat() if aps_job.next_run_time else "-"
            state = "" if task is not None else "  (skipped: not importable)"
            self.stdout.write(f"{job.name}\t{job.cron}\t{job.task}\tnext {when}{state}")

    def _run_now(self, name):
        found = [job for job in schedule.jobs() if job.name == name]
        if not found:
            raise CommandError(f"No scheduled job called {name!r}.")
        result = schedule.fire(found[0])
        self.stdout.write(f"{name}: {'queued' if result is not None else 'skipped'}")
