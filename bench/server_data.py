"""What the server benchmark (bench/server.py) measures, made inside the site's own process
(`manage.py shell`, with the benchmark's settings) on a database holding the demo data:

- a panel of 200 accepted (eligible) nominations in the current cycle's open round, each
  scored by four of five judges (every score submitted), for the chair's pages at scale;
- real signed-in sessions, made server-side (a sign-in through the site's form is rate
  limited per address, and a judge's needs a second factor): a nominator's, a judge's and
  the panel chair's, the latter two marked as signed in with a password and then TOTP, as
  allauth marks a session after its two steps;
- the addresses of the pages to measure.

    .venv/bin/python manage.py shell -c "from bench.server_data import prepare; prepare()"

prints one line of JSON (the last line of its output): {"public": {label: path},
"signed_in": {label: [path, session name]}, "sessions": {name: session key}}.
"""

import json
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

PANEL_SIZE = 200
PANEL_JUDGES = 5
JUDGES_PER_NOMINATION = 4
CATEGORY = "MAT"  # a category with one demo nomination: the bench's 200 are the panel
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _public_pages():
    from home.models import HomePage
    from nominations.models import CallIndexPage, CallPage, WinnersIndexPage
    from nominations.winners import public_stories

    home = HomePage.objects.live().filter(depth=2).order_by("path").first()
    pages = {"home": home.url}
    pages["calls index"] = CallIndexPage.objects.live().first().url
    pages["call page"] = CallPage.objects.live().order_by("-cycle__year", "category__sort_order").first().url
    pages["winners index"] = WinnersIndexPage.objects.live().first().url
    # In the home page's language, as the other pages are.
    pages["winner story"] = public_stories().filter(locale=home.locale).first().url
    return pages


@transaction.atomic
def _panel():
    """The round, the category and the panel's chair (bulk inserts: the set-up is not
    what is measured). Made once per database: a second call finds it."""
    from accounts import roles
    from accounts.models import User
    from judging.models import Assignment, AssignmentState, JudgeProfile, Panel, Round, Score
    from nominations.demo_nominations import demo_calls
    from nominations.models import AwardCycle, Nomination

    cycle = AwardCycle.objects.order_by("-year").first()
    round_ = Round.objects.filter(cycle=cycle).order_by("number").first()
    if round_ is None or not round_.is_open():
        raise RuntimeError("the demo data has no open round in its current cycle")
    call = demo_calls(cycle).get(category__code=CATEGORY)
    panel = Panel.objects.select_related("chair__user").get(cycle=cycle, category=call.category)
    prefix = f"{cycle.year}-{CATEGORY}-B"
    if Nomination.objects.filter(reference__startswith=prefix).exists():
        return round_, call.category, panel
    now = timezone.now()
    nominator = User.objects.create_user(email="bench-panel-nominator@example.net", password=None)
    users = User.objects.bulk_create(
        [
            User(email=f"bench-judge{i}@example.net", first_name=f"Judge {i}", last_name="Bench")
            for i in range(PANEL_JUDGES)
        ]
    )
    Group.objects.get(name=roles.JUDGES).user_set.add(*users)
    judges = JudgeProfile.objects.bulk_create(
        [JudgeProfile(user=user, organisation=f"Bench institute {i}") for i, user in enumerate(users)]
    )
    panel.members.add(*judges)
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                call=call,
                nominator=nominator,
                state=round_.nomination_state,
                reference=f"{prefix}{i:03d}",
                title=f"Bench material {i}",
                summary="A new material, made in Datong, with measured results.",
                nominee_name=f"Bench company {i}",
                nominee_type="enterprise",
                nominee_organisation=f"Bench company {i}",
                nominee_email=f"contact@company{i}.example.com",
                submitted_at=now - timedelta(days=20),
            )
            for i in range(PANEL_SIZE)
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                round=round_,
                nomination=nomination,
                judge=judges[(index + k) % PANEL_JUDGES],
                state=AssignmentState.SUBMITTED,
                submitted_at=now - timedelta(hours=1),
                declared_no_conflict_at=now - timedelta(days=1),
                overall_comment="Solid work.",
            )
            for index, nomination in enumerate(nominations)
            for k in range(JUDGES_PER_NOMINATION)
        ]
    )
    criteria = list(round_.criteria.all())
    # Each judge's own habit and each nomination's own merit, so the ranking has ties to
    # break and the judge-effect model has work to do.
    Score.objects.bulk_create(
        [
            Score(
                assignment=assignment,
                criterion=criterion,
                value=max(
                    criterion.scale_min,
                    min(
                        criterion.scale_max,
                        3 + assignment.nomination_id % 5 + assignment.judge_id % 3 + criterion.sort_order % 2,
                    ),
                ),
            )
            for assignment in assignments
            for criterion in criteria
        ]
    )
    return round_, call.category, panel


def _session(user, *, mfa):
    """A signed-in session for `user`, saved in the session store: what allauth leaves after
    a password (and, for those who need one, a TOTP code) was accepted."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend=BACKEND)
    record_authentication(request, user, "password", email=user.email)
    if mfa:
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
    request.session.save()
    return request.session.session_key


def _scoring_page(user):
    from django.urls import reverse

    from judging.queries import judge_assignments

    assignment = (
        judge_assignments(user)
        .filter(round__closed_at=None, declared_no_conflict_at__isnull=False)
        .order_by("-round__opens_at", "nomination__reference")
        .first()
    )
    return reverse("judging:assignment", args=[assignment.pk])


def prepare():
    from django.urls import reverse

    from accounts.models import User

    round_, category, panel = _panel()
    nominator = User.objects.get(email="nominator@example.org")
    judge = User.objects.get(email="judge1@example.org")
    chair = panel.chair.user
    panel_args = [round_.pk, category.code]
    found = {
        "public": _public_pages(),
        "signed_in": {
            "My nominations (nominator)": [reverse("nominations:mine"), "nominator"],
            "judge dashboard": [reverse("judging:dashboard"), "judge"],
            "scoring page (judge)": [_scoring_page(judge), "judge"],
            f"panel progress, {PANEL_SIZE} nominations (chair)": [reverse("judging:panel", args=panel_args), "chair"],
            f"results, {PANEL_SIZE} nominations (chair)": [reverse("judging:results", args=panel_args), "chair"],
        },
        "sessions": {
            "nominator": _session(nominator, mfa=False),
            "judge": _session(judge, mfa=True),
            "chair": _session(chair, mfa=True),
        },
    }
    print(json.dumps(found))
