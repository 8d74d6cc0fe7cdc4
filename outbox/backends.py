"""EMAIL_BACKEND for the whole site: every message (allauth's, Wagtail's, ours) is stored
and delivered by a background task through the real backend, OUTBOX_EMAIL_BACKEND. A mail
server that is down or slow never fails, or holds up, the request that sent the mail."""

from django.core.mail.backends.base import BaseEmailBackend

from outbox import services


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):

        if not email_messages:
            return 0
        try:
            return len(services.queue(messages=email_messages))
        except Exception:
            if not self.fail_silently:
                raise
            return 0
