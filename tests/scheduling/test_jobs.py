"""The periodic jobs' tasks do their work when run (the test settings run tasks at once)."""

import logging
from datetime import timedelta

import pytest

from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext

from nominations.models import Nomination, NominationState
from outbox.messages import serialise
from outbox.models import OutgoingEmail
from scheduling import schedule, tasks
from scheduling.reminders import send_draft_reminders
from tests.factories import CallIndexPageFactory, CallPageFactory, NominationFactory, advance

pytestmark = pytest.mark.django_db


def test_publish_scheduled_pages_publishes_a_page_whose_time_has_come(home_page):
    page = CallIndexPageFactory(parent=home_page, title="Winners 2026", slug="winners-2026", live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()  # in the future: scheduled, not live
    page.refresh_from_db()
    assert not page.live
    # The hour passes: the scheduled revision's time is now behind us.
    revision = page.latest_revision
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])

    result = tasks.publish_scheduled_pages.enqueue()

    assert result.status == "SUCCESSFUL"
    page.refresh_from_db()
    assert page.live


def test_sweep_outbox_queues_stranded_email_again():
    message = EmailMessage("Stranded", "Body", None, ["someone@example.net"])
    OutgoingEmail.objects.create(
        subject="Stranded",
        recipients="someone@example.net",
        message=serialise(message),
        next_attempt_at=timezone.now() - timedelta(hours=2),
    )

    result = tasks.sweep_outbox.enqueue()

    assert result.return_value == {"queued": 1, "deleted": 0}
    assert [m.subject for m in mail.outbox] == ["Stranded"]
    assert not OutgoingEmail.objects.exists()


def test_judging_reminders_run_the_command():
    result = tasks.send_judging_reminders.enqueue()

    assert result.return_value == "Queued 0 reminder(s)."


@pytest.fixture
def closing_call(call_index):
    return CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=2))


def test_a_draft_in_a_call_closing_soon_is_reminded_once_in_its_language(call_index, closing_call):
    draft = NominationFactory(call=closing_call, nominator__preferred_language="zh-hans")
    submitted = NominationFactory(call=closing_call)
    advance(submitted, "submit")
    NominationFactory(call=CallPageFactory(parent=call_index, closes_at=timezone.now() + timedelta(days=10)))

    assert tasks.send_draft_reminders.enqueue().return_value == 1
    assert send_draft_reminders() == 0  # the next run (or a second scheduler): nothing again

    assert [m.to for m in mail.outbox] == [[draft.nominator.email]]
    with translation.override("zh-hans"):
        followed = gettext("Follow your nominations")
    assert followed != "Follow your nominations"
    assert followed in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("尊敬的")
    assert f"/nominations/{draft.pk}/" in mail.outbox[0].body
    assert Nomination.objects.get(pk=submitted.pk).state != NominationState.DRAFT


def test_a_job_whose_task_cannot_be_imported_is_skipped_with_a_log_line(caplog):
    job = schedule.Job(name="retention", cron="30 3 * * *", task="nowhere.tasks.apply_retention")

    with caplog.at_level(logging.WARNING, logger="scheduling.schedule"):
        assert schedule.fire(job) is None

    assert "Scheduled job retention skipped" in caplog.text


def test_a_job_fires_once_per_minute_however_many_schedulers():
    job = schedule.Job(name="outbox-sweep", cron="*/5 * * * *", task="scheduling.tasks.sweep_outbox")
    now = timezone.now()

    assert schedule.fire(job, now=now) is not None
    assert schedule.fire(job, now=now) is None  # a second scheduler, the same minute
    assert schedule.fire(job, now=now + timedelta(minutes=5)) is not None


def test_a_plain_function_job_runs_through_the_worker():
    job = schedule.Job(name="language", cron="0 4 * * *", task="django.utils.translation.get_language")

    result = schedule.fire(job)

    assert result.task is tasks.run_callable
    assert result.return_value == "en"
