from django_tasks import task

from privacy import retention


@task()
def apply_retention():
    """Run daily (or so): erases the personal data whose retention period has ended.
    Idempotent: what is already erased is skipped."""
    record = retention.apply_retention()
    return record.removed if record else {}
