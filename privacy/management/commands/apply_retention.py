from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from privacy.retention import apply_retention, due


class Command(BaseCommand):
    help = "Erases the personal data of nominations whose retention period has ended."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is due.")
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), e.g. to preview.")

    def handle(self, *args, dry_run=False, now=None, **options):
        moment = parse_datetime(now) if now else None
        if dry_run:
            pending = due(moment).filter(erasure__isnull=True).count()
            self.stdout.write(f"{pending} nominations due for erasure.")
            return
        record = apply_retention(moment)
        if record is None:
            self.stdout.write("Nothing due.")
        else:
            self.stdout.write(f"Erased {record.removed['nominations']} nominations: {record.removed}")
