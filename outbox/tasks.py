"""The delivery task of outgoing email (outbox.services.deliver)."""

from django_tasks import task

from outbox import services


@task()
def deliver_email(*, email_id):
    return services.deliver(email_id=email_id)
