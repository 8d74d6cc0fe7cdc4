"""Background work for judging: the emails judges receive. Run by django-tasks (the
database backend and `manage.py db_worker` by default), like nominations.tasks."""

import logging

from django_tasks import task

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.emails import send_to_user
from judging.models import Assignment, AssignmentState, JudgeProfile, Round

logger = logging.getLogger(__name__)

UNSUBMITTED = (AssignmentState.ASSIGNED, AssignmentState.IN_PROGRESS)


def _judging_path():
    # The judge's dashboard (judging.views.judge); the judging pages' root otherwise.
    try:
        return reverse("judging:dashboard")
    except NoReverseMatch:
        return "/judging/"


def _context(judge, round_, **extra):
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "judge": judge,
        "round": round_,
        "site_url": site_url,
        "judging_url": site_url + _judging_path(),
        "action_url": site_url + _judging_path(),
        "action_label": gettext_lazy("Your assignments"),
        **extra,
    }


def _send(judge, template, context):
    # In the judge's preferred language (accounts.emails).
    send_to_user(judge.user, f"judging/emails/{template}", context)


def _load(judge_id, round_id):

    judge = JudgeProfile.objects.select_related("user").get(pk=judge_id)
    round_ = Round.objects.select_related("cycle").get(pk=round_id)
    return judge, round_


@task()
def send_assignments_email(*, judge_id, round_id, count):
    """Tells a judge that `count` new assignments are waiting for them in a round."""
    judge, round_ = _load(judge_id, round_id)
    if not judge.active or not judge.user.email:
        return
    _send(judge, "assignments", _context(judge, round_, count=count))
    logger.info("Sent %s new assignments email to judge %s for round %s", count, judge.pk, round_.pk)


@task()
def send_reminder_email(*, judge_id, round_id):
    """Reminds a judge of their unsubmitted assignments in a round that closes soon.
    Counts what is still open when it runs: nothing to do, nothing sent."""

    judge, round_ = _load(judge_id, round_id)
    if not judge.active or not judge.user.email or round_.closed_at is not None:
        return
    count = Assignment.objects.filter(round=round_, judge=judge, state__in=UNSUBMITTED).count()
    if not count:
        return
    closes_at = timezone.localtime(round_.closes_at)
    _send(judge, "reminder", _context(judge, round_, count=count, closes_at=closes_at))
    logger.info("Sent a reminder to judge %s for round %s (%s open)", judge.pk, round_.pk, count)
