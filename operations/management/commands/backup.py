"""Writes one archive of the database and both file stores (operations.backups). Safe while
the site runs. Run it from cron, e.g. daily; --prune then removes archives past retention."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backups
from operations.databases import OperationsError


class Command(BaseCommand):
    help = "Back up the database, the public media and the private files into one dated archive."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help=f"Folder for the archive (default BACKUP_DIR: {settings.BACKUP_DIR}).")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Then delete archives in the folder older than 30 days, except the newest of each week "
            "for a year (BACKUP_KEEP_DAILY_DAYS, BACKUP_KEEP_WEEKLY_DAYS).",
        )

    def handle(self, *args, **options):
        try:
            path, manifest = backups.create_backup(options["dir"])
        except OperationsError as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        self.stdout.write(
            f"Backup written: {path} ({path.stat().st_size:,} bytes; {manifest['database']['engine']} database, "
            f"{len(manifest['row_counts'])} tables, {sum(r for r in manifest['row_counts'].values()):,} rows; "
            f"{len(files) - 1} files)"
        )
        for prefix in manifest["stores_not_included"]:
            self.stdout.write(
                self.style.WARNING(f"Not in the archive: {prefix}, kept in object storage (back up the bucket itself).")
            )
        if options["prune"]:
            for old in backups.prune(options["dir"]):
                self.stdout.write(f"Deleted past retention: {old}")
