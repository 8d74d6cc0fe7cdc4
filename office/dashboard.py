"""The awards office's dashboard: panels on the Wagtail admin home (office.wagtail_hooks).

Screeners and awards administrators see every panel; editors and moderators only the
stories waiting for moderation; everyone else (judges in the admin, for example) the
admin home as Wagtail draws it. Each panel reads its figures with a fixed number of
queries (office.queries) when it is rendered."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.admin.ui.components import Component

from accounts import roles
from core.predicates import predicate
from judging.predicates import manages_judging
from nominations.models import NominationState
from nominations.predicates import is_awards_office
from nominations.queries import current_cycle
from office import queries
from office.dashboard_chart import chart

NOMINATIONS_LIST = "wagtailsnippets_nominations_nomination:list"
NOMINATION_INSPECT = "wagtailsnippets_nominations_nomination:inspect"
ROUND_INSPECT = "wagtailsnippets_judging_round:inspect"


@predicate
def follows_story_moderation(user, obj=None):
    # The office, and the people who write and approve the winners' stories.
    return is_awards_office(user) or roles.has_role(user, roles.EDITORS) or roles.has_role(user, roles.MODERATORS)


def nominations_list_url(**filters):
    url = reverse(NOMINATIONS_LIST)
    return f"{url}?{urlencode(filters)}" if filters else url


class OfficePanel(Component):
    """A dashboard panel: its template gets the figures and the site's time zone."""

    order = 100

    class Media:
        css = {"all": ["css/office.css"]}

    def __init__(self, now=None):
        self.now = now

    def get_context_data(self, parent_context=None):
        return {"site_time_zone": settings.TIME_ZONE, "now": self.now or timezone.now(), **self.figures()}

    def figures(self):
        return {}


class NominationsByStatePanel(OfficePanel):
    name = "office_nominations_by_state"
    order = 10
    template_name = "office/dashboard/nominations_by_state.html"

    def __init__(self, cycle, now=None):
        super().__init__(now)
        self.cycle = cycle

    def figures(self):
        table = queries.nominations_by_state(self.cycle)
        rows = []
        for category, cells, total in table.rows:
            linked = []
            for (state, _label), count in zip(table.states, cells, strict=True):
                # Drafts are counted, never listed: no link into them.
                url = None
                if count and state != NominationState.DRAFT:
                    url = nominations_list_url(cycle=self.cycle.pk, category=category.pk, state=state)
                linked.append({"count": count, "url": url})
            rows.append({"category": category, "cells": linked, "total": total})
        return {"cycle": self.cycle, "states": table.states, "rows": rows, "totals": table.totals, "total": table.total}


class SubmissionsChartPanel(OfficePanel):
    name = "office_submissions_chart"
    order = 20
    template_name = "office/dashboard/submissions_chart.html"

    def __init__(self, cycle, now=None):
        super().__init__(now)
        self.cycle = cycle

    def figures(self):
        return {"cycle": self.cycle, **chart(queries.submissions_per_day(self.cycle, now=self.now))}


class CallsClosingPanel(OfficePanel):
    name = "office_calls_closing"
    order = 30
    template_name = "office/dashboard/calls_closing.html"

    def __init__(self, cycle, now=None):
        super().__init__(now)
        self.cycle = cycle

    def figures(self):
        return {"cycle": self.cycle, "calls": queries.calls_closing(self.cycle, now=self.now)}


class ScreeningQueuePanel(OfficePanel):
    name = "office_screening_queue"
    order = 15
    template_name = "office/dashboard/screening_queue.html"

    def figures(self):
        queue = queries.screening_queue()
        now = self.now or timezone.now()
        oldest = [
            {
                "nomination": nomination,
                "url": reverse(NOMINATION_INSPECT, args=[nomination.pk]),
                "days": (queries.local_date(now) - queries.local_date(nomination.submitted_at)).days
                if nomination.submitted_at
                else None,
            }
            for nomination in queue.oldest
        ]
        return {
            "waiting": queue.waiting,
            "oldest_at": queue.oldest_at,
            "oldest": oldest,
            "queue_url": nominations_list_url(state=NominationState.SUBMITTED),
        }


class JudgingProgressPanel(OfficePanel):
    name = "office_judging_progress"
    order = 40
    template_name = "office/dashboard/judging_progress.html"

    def __init__(self, now=None, can_manage=False):
        super().__init__(now)
        self.can_manage = can_manage

    def figures(self):
        rounds = {}
        for row in queries.judging_progress(now=self.now):
            group = rounds.setdefault(row.round.pk, {"round": row.round, "rows": []})
            group["rows"].append(row)
            group["url"] = reverse(ROUND_INSPECT, args=[row.round.pk]) if self.can_manage else None
        return {"rounds": list(rounds.values())}


class StoriesInModerationPanel(OfficePanel):
    name = "office_stories_in_moderation"
    order = 50
    template_name = "office/dashboard/stories_in_moderation.html"

    def figures(self):
        waiting, stories = queries.stories_in_moderation()
        return {"waiting": waiting, "stories": stories, "more": waiting - len(stories)}


def dashboard_panels(user, now=None):
    """The panels this user sees, in their order on the page."""
    panels = []
    if is_awards_office(user):
        cycle = current_cycle(now)
        panels += [
            NominationsByStatePanel(cycle, now),
            ScreeningQueuePanel(now),
            SubmissionsChartPanel(cycle, now),
            CallsClosingPanel(cycle, now),
            JudgingProgressPanel(now, can_manage=manages_judging(user)),
        ]
    if follows_story_moderation(user):
        panels.append(StoriesInModerationPanel(now))
    return panels
