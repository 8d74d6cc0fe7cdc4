from django.core.management.base import BaseCommand
from django.db import transaction

from nominations import consent
from nominations.consent_tasks import send_nominee_consent_request
from nominations.models import Nomination, NominationState, NomineeAnswer
from outbox.queueing import enqueue_on_commit

HELP = """Asks the nominees who have not answered yet for their own consent: for every
submitted nomination (not drafts, not withdrawn) of the given cycle year (or all) whose nominee
has an email address, is not the nominator, and has not answered, emails the nominee their
link (through the outbox); a self-nomination gets its nominator's answers recorded instead.
For nominations made before nominees were asked themselves. Running it twice emails the
nominees who still have not answered twice; --dry-run only counts."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only this cycle's nominations.")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args, year=None, dry_run=False, **options):
        nominations = (
            Nomination.objects.exclude(state__in=[NominationState.DRAFT, NominationState.WITHDRAWN])
            .filter(nominee_consent=NomineeAnswer.PENDING)
            .exclude(nominee_email="")
            .select_related("nominator", "call__cycle")
            .order_by("pk")
        )
        if year:
            nominations = nominations.filter(call__cycle__year=year)
        asked = recorded = 0
        for nomination in nominations:
            if consent.is_self_nomination(nomination):
                recorded += 1
                if not dry_run:
                    consent.record_self_nomination(nomination)
                continue
            asked += 1
            if not dry_run:
                with transaction.atomic():
                    enqueue_on_commit(send_nominee_consent_request, nomination_id=nomination.pk)
        verb = "would be" if dry_run else "were"
        self.stdout.write(f"{asked} nominees {verb} asked; {recorded} self-nominations {verb} recorded.")
