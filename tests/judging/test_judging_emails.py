"""The emails judges receive: new assignments after automatic assignment, and the daily
reminders before a round closes."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, Score
from tests.factories import AwardCycleFactory, JudgeProfileFactory, PanelFactory, RoundFactory
from tests.judging import helpers

PREFIX = "[Innovation Awards] "


admin_user = helpers.admin_user
admin_client = helpers.admin_client
cycle = helpers.cycle
tec = helpers.tec
eligible = helpers.eligible


def assign_url(round_):
    return reverse("wagtailsnippets_judging_round:assign", args=[round_.pk])


def submit(assignment):
    for criterion in assignment.round.criteria.all():
        Score.objects.create(assignment=assignment, criterion=criterion, value=criterion.scale_max)
    assignment.submit(by=assignment.judge.user)
    assignment.save()


# New assignments ----------------------------------------------------------------------


@pytest.mark.django_db
def test_each_judge_is_told_of_their_new_assignments(admin_client, cycle, eligible, django_capture_on_commit_callbacks):
    judges = [JudgeProfileFactory(user__first_name="Mei", user__last_name=f"Judge {n}") for n in range(2)]
    PanelFactory(cycle=cycle, members=judges)
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=2)
    nominations = [eligible() for _ in range(3)]
    Assignment.objects.create(round=round_, nomination=nominations[0], judge=judges[0])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(assign_url(round_), {"category": "TEC"})
    assert response.status_code == 302
    assert len(callbacks) == 2
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {judges[0].user.email, judges[1].user.email}

    first = by_recipient[judges[0].user.email]
    assert first.subject == f"{PREFIX}2 new assignments in {round_}"
    assert "Dear Mei Judge 0," in first.body
    assert f"You have 2 new assignments in {round_}." in first.body
    assert "http://testserver/judging/" in first.body
    second = by_recipient[judges[1].user.email]
    assert second.subject == f"{PREFIX}3 new assignments in {round_}"
    assert f"You have 3 new assignments in {round_}." in second.body


@pytest.mark.django_db
def test_no_email_when_nothing_new_is_assigned(admin_client, cycle, eligible, django_capture_on_commit_callbacks):
    judge = JudgeProfileFactory()
    PanelFactory(cycle=cycle, members=[judge])
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=1)
    Assignment.objects.create(round=round_, nomination=eligible(), judge=judge)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin_client.post(assign_url(round_), {"category": "TEC"})
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_new_assignment_is_singular(admin_client, cycle, eligible, django_capture_on_commit_callbacks):
    judge = JudgeProfileFactory()
    PanelFactory(cycle=cycle, members=[judge])
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=1)
    eligible()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(assign_url(round_), {"category": "TEC"})
    [message] = mail.outbox
    assert message.subject == f"{PREFIX}1 new assignment in {round_}"
    assert f"You have 1 new assignment in {round_}." in message.body


@pytest.mark.django_db
def test_emails_wait_for_the_commit(admin_client, cycle, eligible, django_capture_on_commit_callbacks):
    judge = JudgeProfileFactory()
    PanelFactory(cycle=cycle, members=[judge])
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=1)
    eligible()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(assign_url(round_), {"category": "TEC"})
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


# Reminders ----------------------------------------------------------------------------


def _run(*args):
    out = StringIO()
    call_command("send_judging_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def reminder_world(eligible, cycle):
    """Round 1 closes in two days; round 2 (another cycle) in five; a third round closes
    tomorrow but is already closed by hand."""
    now = timezone.now()
    soon = RoundFactory(cycle=cycle, closes_at=now + timedelta(days=2))
    later = RoundFactory(cycle=AwardCycleFactory(), closes_at=now + timedelta(days=5))
    closed = RoundFactory(cycle=AwardCycleFactory(), closes_at=now + timedelta(days=1), closed_at=now)
    busy, done, recused, inactive, other = (JudgeProfileFactory() for _ in range(5))
    inactive.active = False
    inactive.save()
    first, second = eligible(), eligible()
    Assignment.objects.create(round=soon, nomination=first, judge=busy)
    submit(Assignment.objects.create(round=soon, nomination=second, judge=busy))
    submit(Assignment.objects.create(round=soon, nomination=second, judge=done))
    withdrawn = Assignment.objects.create(round=soon, nomination=first, judge=recused)
    withdrawn.recuse(by=recused.user)
    withdrawn.save()
    Assignment.objects.create(round=soon, nomination=first, judge=inactive)
    Assignment.objects.create(round=later, nomination=first, judge=other)
    Assignment.objects.create(round=closed, nomination=first, judge=other)
    return {"soon": soon, "later": later, "busy": busy, "other": other}


@pytest.mark.django_db
def test_reminders_go_to_judges_with_unsubmitted_work_in_rounds_closing_soon(reminder_world):
    assert _run() == "Queued 1 reminder(s).\n"
    [message] = mail.outbox
    busy, soon = reminder_world["busy"], reminder_world["soon"]
    assert message.to == [busy.user.email]
    assert message.subject == f"{PREFIX}Reminder: {soon} closes soon"
    assert "and 1 of your assignments is not submitted yet." in message.body
    assert "Scores that are not submitted when the round closes do not count." in message.body


@pytest.mark.django_db
def test_reminders_look_further_ahead_with_days(reminder_world):
    assert _run("--days", "6") == "Queued 2 reminder(s).\n"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [reminder_world["busy"].user.email, reminder_world["other"].user.email]
    )
    later = [m for m in mail.outbox if m.to == [reminder_world["other"].user.email]]
    assert later[0].subject == f"{PREFIX}Reminder: {reminder_world['later']} closes soon"


@pytest.mark.django_db
def test_one_reminder_per_judge_and_round_per_run(eligible, cycle):
    judge = JudgeProfileFactory()
    soon = RoundFactory(cycle=cycle, closes_at=timezone.now() + timedelta(hours=30))
    for _ in range(3):
        Assignment.objects.create(round=soon, nomination=eligible(), judge=judge)
    assert _run() == "Queued 1 reminder(s).\n"
    [message] = mail.outbox
    assert "and 3 of your assignments are not submitted yet." in message.body


@pytest.mark.django_db
def test_no_reminders_when_nothing_is_due(reminder_world):
    assert _run("--days", "1") == "Queued 0 reminder(s).\n"
    assert mail.outbox == []


def test_the_command_explains_it_runs_once_a_day():
    from judging.management.commands.send_judging_reminders import Command

    assert "run it once a day" in Command.help
    assert "at most one reminder per round per day" in Command.help
