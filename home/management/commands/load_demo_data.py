from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load a populated demo site: accounts for every role, cycles, calls and pages. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real site).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: this creates accounts with a known "
                "password. Use --force only on a throwaway database."
            )
        # Publishing the demo pages clears the page cache, which may live in the database
        # (settings.base): make its tables first, as `make run` does.
        call_command("createcachetable", verbosity=0)
        now = timezone.now()
        with transaction.atomic():
            for path in settings.DEMO_DATA_MODULES:
                import_string(f"{path}.load")(stdout=self.stdout, now=now)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
