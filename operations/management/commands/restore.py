"""Restores an archive made by `manage.py backup` into the configured database and file
stores, after checking every file in it against its manifest."""

from django.core.management.base import BaseCommand, CommandError

from operations import backups
from operations.databases import OperationsError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and the file stores."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database already holds data (its tables are replaced).",
        )

    def handle(self, *args, **options):
        try:
            result = backups.restore_backup(options["archive"], force=options["force"])
        except OperationsError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"(version {manifest['product'].get('version')}, commit {manifest['product'].get('git_commit')}): "
            f"{len(manifest['files']) - 1} files."
        )
        width = max((len(table) for table, _, _ in result.comparison()), default=5)
        self.stdout.write(f"{'table':<{width}}  {'backup':>9}  {'restored':>9}")
        for table, expected, actual in result.comparison():
            mark = "  (not in the backup)" if expected is None else "" if expected == actual else "  <- differs"
            shown = ["-" if count is None else count for count in (expected, actual)]
            self.stdout.write(f"{table:<{width}}  {shown[0]!s:>9}  {shown[1]!s:>9}{mark}")
        differences = result.differences()
        if differences:
            raise CommandError(f"{len(differences)} tables differ from the backup's row counts (listed above).")
        self.stdout.write(self.style.SUCCESS("Every table has the row count the backup recorded."))
