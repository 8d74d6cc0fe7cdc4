from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from judging.models import Assignment, JudgeProfile
from judging.models.rounds import open_for_scoring
from judging.tasks import UNSUBMITTED, send_reminder_email

HELP = """Emails every active judge who still has unsubmitted assignments in a round that is
open and closes within the next --days days (3 by default): one email per judge and round.

Nothing is stored about what was sent: run it once a day (the scheduler does, at "0 9 * * *"),
and each judge gets at most one reminder per round per day. Running it twice the same day sends
the reminders twice."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Remind about rounds closing within this many days (default 3)."
        )

    def handle(self, *args, days, **options):
        if days < 1:
            self.stderr.write("--days must be 1 or more.")
            return
        now = timezone.now()
        pending = (
            Assignment.objects.filter(
                open_for_scoring(now, prefix="round__"),
                JudgeProfile.judging_filter("judge__"),
                state__in=UNSUBMITTED,
                round__closes_at__lte=now + timedelta(days=days),
            )
            .values("judge_id", "round_id")
            .annotate(count=Count("pk"))
            .order_by("round_id", "judge_id")
        )
        sent = 0
        for row in pending:
            send_reminder_email.enqueue(judge_id=row["judge_id"], round_id=row["round_id"])
            sent += 1
        self.stdout.write(f"Queued {sent} reminder(s).")
