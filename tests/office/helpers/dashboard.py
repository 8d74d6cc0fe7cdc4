"""Builders for the dashboard's tests: people in their roles, nominations in any state
(through the real transitions), judging work and stories in moderation."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from judging.models import Assignment, AssignmentState
from nominations.models import Category, Nomination
from nominations.winners import create_story
from tests.factories import JudgeProfileFactory, NominationFactory, PanelFactory, RoundFactory, UserFactory, advance
from tests.nominations.helpers import PATHS
from tests.support import with_role

A = AssignmentState


class People:
    """One of each role the dashboard tells apart."""

    def __init__(self):
        self.nominator = UserFactory(email="nominator@example.net")
        self.screener = with_role("Screeners", "screener@example.net")
        self.admin = with_role("Awards administrators", "awards-admin@example.net")
        self.editor = with_role("Editors", "editor@example.net")
        self.moderator = with_role("Moderators", "moderator@example.net")
        # A judge who also reaches the admin (with two factors, as judges have).
        self.judge = JudgeProfileFactory(user__email="judge-in-admin@example.net").user
        self.judge.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )

    def actor(self, step):
        if step in {"submit", "withdraw"}:
            return self.nominator
        return self.screener if step in {"return_for_amendment", "accept", "reject"} else self.admin


def nominate(people, call, state, **fields):
    """A nomination in `state`, moved there by the real transitions."""
    nomination = NominationFactory(call=call, nominator=people.nominator, **fields)
    for step in PATHS[state]:
        advance(nomination, step, by=people.actor(step))
    return nomination


def submitted_at(nomination, moment):
    """Sets when the nomination was submitted (set-up only: the transition stamps now)."""
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=moment)
    nomination.refresh_from_db()
    return nomination


def judging_work(people, cycle, nominations, judges, *, states, round_=None):
    """An open round (made if not given) with one assignment per (nomination, judge) in the
    given states, cycling through them; panels for the categories involved."""
    round_ = round_ or RoundFactory(cycle=cycle)
    for category_id in {n.call.category_id for n in nominations}:
        if not cycle.judging_panels.filter(category_id=category_id).exists():
            PanelFactory(cycle=cycle, category=Category.objects.get(pk=category_id), members=judges)
    made = []
    index = 0
    for nomination in nominations:
        for judge in judges:
            state = states[index % len(states)]
            index += 1
            assignment = Assignment.objects.create(round=round_, nomination=nomination, judge=judge)
            # The state is protected: set-up writes it directly, as a finished history would.
            Assignment.objects.filter(pk=assignment.pk).update(state=state)
            made.append(assignment)
    return round_, made


def judges(count):
    return [JudgeProfileFactory() for _ in range(count)]


def story_in_moderation(people, call, index, *, title):
    """A commended nomination's story, sent by an editor to the moderators."""
    nomination = nominate(people, call, "commended", title=title)
    story, _created = create_story(nomination=nomination, user=people.editor, index=index)
    story.get_workflow().start(story, people.editor)
    return story


def days_ago(days, hour=12):
    """`hour` o'clock `days` calendar days ago in the site's time zone, where the dashboard
    counts days: so many days ago at any time of day (at 00:30 in Beijing, 16:30 UTC, a
    UTC noon would be a day further back)."""
    return timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)
