"""Queues again outgoing email that no task will deliver, and deletes failed email past its
retention (outbox.services.sweep). The scheduler runs it every 5 minutes (scheduling)."""

from django.core.management.base import BaseCommand

from outbox import services


class Command(BaseCommand):
    help = "Queue stranded outgoing email again and delete failed email past its retention."

    def handle(self, *args, **options):
        queued, deleted = services.sweep()
        self.stdout.write(f"Queued again: {queued}; failed emails deleted: {deleted}")
