# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The office's demo records: one message to nominators in both languages, sent through
the office's own service and task (office.services, office.tasks), and the automatic
reminder of last year's unsubmitted draft, recorded by the reminder's own logic at the time
it was due (scheduling.reminders)."""

import uuid
from datetime import timedelta

from accounts.models import User
from nominations.models import AwardCycle, NominationState
from office.messaging import Filters
from office.models import DraftReminder, NominatorMessage
from office.services import NothingToSend, send_message
from office.tasks import send_nominator_message
from scheduling.reminders import send_draft_reminders

# The compose form's one-time key, fixed: a second run finds the message instead of sending it again.
TOKEN = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/demo/office/messages/drafts")
TEXTS = {
    "subject_zh_hans": "提名尚未提交：请在征集截止前完成",
    "subject_en": "Your nomination is not submitted yet",
    "body_zh_hans": "您好！您在本年度城市创新奖中保存的提名尚未提交。各类别征集截止后将无法再提交，"
    "请登录网站“我的提名”补全材料并提交。如有疑问，请致电评选办公室 0352-5550100。",
    "body_en": "Your nomination for this year's City Innovation Awards is saved but not submitted. "
    "Once a call closes, nominations can no longer be submitted: please complete yours from "
    "“My nominations” and submit it. Questions? Call the awards office on 0352-5550100.",
}


def _message(cycle, now):
    """The awards administrator writes to every nominator with a draft in the current cycle."""
    existing = NominatorMessage.objects.filter(token=TOKEN).first()
    if existing is not None:
        return existing
    filters = Filters(cycle=cycle.pk, states=(NominationState.DRAFT,), as_of=now)
    try:
        message, _created = send_message(
            token=TOKEN,
            filters=filters,
            texts=TEXTS,
            greet=True,
            by=User.objects.get(email="awards-admin@example.org"),
        )
    except NothingToSend:
        return None
    # The queued task runs after the commit (or in a worker); the demo's log shows it sent now.
    send_nominator_message.call(message_id=message.pk)
    return message


def _reminders(past):
    """Last year's draft was reminded two days before its call closed."""
    return send_draft_reminders(now=past.nominations_close - timedelta(days=2))


def load(*, stdout, now):
    past, current = AwardCycle.objects.order_by("year")
    message = _message(current, now)
    _reminders(past)
    sent = message.recipients.filter(sent_at__isnull=False).count() if message else 0
    stdout.write(f"Office: a message to nominators ({sent} sent), {DraftReminder.objects.count()} draft reminder.")
