"""The access matrix: one world with a nomination in every situation that matters, the
people who might ask for it, and a table of what each of them gets at each URL.

A cell is one test (one URL, one person); the world is built once per test module and
each test runs in its own transaction, rolled back after it (so a POST that withdraws or
screens a nomination changes nothing for the next cell)."""

import re
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from PIL import Image

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.mfa import activate_totp
from judging import services as judging_services
from judging.models import Assignment, AwardLevel, Conflict, CycleStatement, Decision, ExpertiseKeyword
from nominations.models import Category, NominationFile, WinnerStoryPage
from nominations.services import add_file
from nominations.uploads import validate_upload
from nominations.winners import create_story
from tests.factories import (
    AssignmentFactory,
    AwardCycleFactory,
    CallIndexPageFactory,
    CallPageFactory,
    ExpertInvitationFactory,
    JudgeProfileFactory,
    NominationFactory,
    PanelFactory,
    RoundFactory,
    UserFactory,
    advance,
)
from tests.nominations.helpers.winners import winners_index_page

# The people, in the order of the table's columns.
ROLES = (
    "anonymous",
    "owner",  # the nominator of every nomination below
    "other_nominator",
    "assigned_judge",  # assigned to the eligible nomination in round 1, not recused
    "unassigned_judge",  # a member of the same panel, not assigned to it
    "recused_judge",  # was assigned to it, declared a conflict
    "own_chair",  # chairs the nomination's panel (TEC), not assigned to it
    "other_chair",  # chairs another panel (MAT) of the same cycle
    "screener",
    "awards_admin",
    "editor",
    "moderator",
)

# What a cell expects: an HTTP status, or where a redirect goes.
LOGIN = "login"  # 302 to the sign-in page
HOME = "home"  # 302 to the admin's dashboard: Wagtail's "no permission" in its admin
DONE = "done"  # 302 anywhere else: the action ran (or was refused with a message)


def outcome(response):
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    if location.startswith(reverse("account_login")):
        return LOGIN
    if location == reverse("wagtailadmin_home"):
        return HOME
    if location.startswith(reverse("mfa_activate_totp")):
        return "mfa"  # must never happen here: everyone who needs two factors has them
    return DONE


@dataclass(frozen=True)
class Row:
    """One URL: its name and arguments (attributes of the World), how it is asked, and
    what each role in ROLES gets, as whitespace-separated words in the same order."""

    label: str
    url_name: str
    args: tuple
    expected: str
    method: str = "get"
    query: str = ""
    data: dict = field(default_factory=dict)

    def cells(self):
        words = self.expected.split()
        assert len(words) == len(ROLES), f"{self.label}: {len(words)} expectations for {len(ROLES)} roles"
        return [
            pytest.param(self, role, expected, id=f"{self.label}--{role}")
            for role, expected in zip(ROLES, words, strict=True)
        ]

    def url(self, world):
        # An argument is the name of a World attribute, or a Literal.
        args = [name.value if isinstance(name, Literal) else getattr(world, name) for name in self.args]
        url = reverse(self.url_name, args=args)
        return f"{url}?{self.query.format(**vars(world))}" if self.query else url


@dataclass(frozen=True)
class Literal:
    value: str


def matrix(rows):
    labels = [row.label for row in rows]
    assert len(labels) == len(set(labels)), "row labels must be unique"
    return [cell for row in rows for cell in row.cells()]


def jpeg(name, colour="#1d4ed8"):
    buffer = BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _staff(role, email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name=role))
    activate_totp(user)  # staff need two factors for the admin (accounts.middleware)
    return user


class World:
    """Attributes ending in nothing special are primary keys or codes for URLs; the
    people are in .users (role -> user, None for anonymous)."""

    def __init__(self, home_page):
        tec = Category.objects.get(code="TEC")
        mat = Category.objects.get(code="MAT")
        self.tec, self.mat = tec.code, mat.code
        self.category, self.step = tec.pk, "nominee"
        cycle = AwardCycleFactory()
        self.cycle = cycle.pk
        call_index = CallIndexPageFactory(parent=home_page)
        call = CallPageFactory(parent=call_index, cycle=cycle, category=tec)
        CallPageFactory(parent=call_index, cycle=cycle, category=mat)
        self.call = call.pk

        owner = UserFactory(email="owner@example.net")
        screener = _staff("Screeners", "screener@example.net")
        admin = _staff("Awards administrators", "awards-admin@example.net")
        judges = [JudgeProfileFactory() for _ in range(4)]  # assigned, unassigned, recused, chair
        other_chair = JudgeProfileFactory(expertise=[mat])
        for chair in (judges[3], other_chair):
            chair.user.groups.add(Group.objects.get(name="Panel chairs"))
        panel = PanelFactory(cycle=cycle, category=tec, members=judges, chair=judges[3])
        other_panel = PanelFactory(cycle=cycle, category=mat, members=[other_chair], chair=other_chair)
        self.panel, self.other_panel = panel.pk, other_panel.pk
        self.judge_profile = judges[0].pk

        def nomination(*steps, **fields):
            made = NominationFactory(call=call, nominator=owner, **fields)
            for step in steps:
                by = owner if step in ("submit", "withdraw") else screener if step == "accept" else admin
                advance(made, step, by=by)
            return made

        def upload(made, name):
            return add_file(nomination=made, upload=validate_upload(jpeg(name))).pk

        # An eligible nomination in round 1: one judge on it, one recused from it.
        eligible = nomination("submit", "accept", title="Eligible innovation")
        self.nomination = eligible.pk
        self.file = upload(eligible, "eligible-photo.jpg")
        round_ = RoundFactory(cycle=cycle, blind=False)
        self.round = round_.pk
        self.assignment = AssignmentFactory(
            round=round_, nomination=eligible, judge=judges[0], declared_no_conflict_at=timezone.now()
        ).pk  # its judge has confirmed their statement for the cycle (the gate before scoring)
        recused = Assignment.objects.create(round=round_, nomination=eligible, judge=judges[2])
        judging_services.declare_conflict(assignment_id=recused.pk, user=judges[2].user, reason="My brother's firm")
        self.recused_assignment = recused.pk
        self.conflict = Conflict.objects.get(judge=judges[2], nomination=eligible).pk
        self.award_level = AwardLevel.objects.create(cycle=cycle, name="First prize", rank=1).pk
        # The expert pool's records: the assigned judge's statement, an invitation, a field.
        self.cycle_statement = CycleStatement.objects.get(judge=judges[0], cycle=cycle).pk
        self.invitation = ExpertInvitationFactory(invited_by=admin).pk
        self.keyword = ExpertiseKeyword.objects.create(name_en="Hydrogen", name_zh_hans="氢能").pk

        # A nomination waiting for screening, the owner's private draft, a withdrawn one.
        submitted = nomination("submit", title="Submitted innovation")
        self.submitted = submitted.pk
        self.submitted_file = upload(submitted, "submitted-photo.jpg")
        draft = nomination(title="Draft innovation")
        self.draft = draft.pk
        self.draft_file = upload(draft, "draft-photo.jpg")
        withdrawn = nomination("submit", "withdraw", title="Withdrawn innovation")
        self.withdrawn = withdrawn.pk
        self.withdrawn_file = upload(withdrawn, "withdrawn-photo.jpg")

        # A commended nomination whose nominee consented: its story has a copy of the photo.
        commended = nomination("submit", "accept", "shortlist", "commend", title="Commended innovation")
        self.commended = commended.pk
        self.commended_file = upload(commended, "commended-photo.jpg")
        index = winners_index_page(home_page)
        story, _created = create_story(nomination=commended, user=admin, index=index)
        self.story = story.pk
        # Its shortlisting, as the record of decisions keeps it.
        self.decision = Decision.objects.create(
            round=round_, nomination=commended, outcome=Decision.Outcome.SHORTLIST, decided_by=admin
        ).pk
        self.story_image = WinnerStoryPage.objects.get(pk=story.pk).hero_image_id
        self.story_revision = story.latest_revision_id
        assert self.story_image is not None
        assert NominationFile.objects.filter(nomination=eligible).count() == 1

        self.users = {
            "anonymous": None,
            "owner": owner,
            "other_nominator": UserFactory(email="other-nominator@example.net"),
            "assigned_judge": judges[0].user,
            "unassigned_judge": judges[1].user,
            "recused_judge": judges[2].user,
            "own_chair": judges[3].user,
            "other_chair": other_chair.user,
            "screener": screener,
            "awards_admin": admin,
            "editor": _staff("Editors", "editor@example.net"),
            "moderator": _staff("Moderators", "moderator@example.net"),
        }


def build_world(tmp_path_factory, django_db_blocker):
    """For a module-scoped fixture: yields (World, media settings) inside a transaction
    that is rolled back when the module's tests are done."""
    root = tmp_path_factory.mktemp("access")
    media = {"MEDIA_ROOT": str(root / "media"), "PRIVATE_MEDIA_ROOT": str(root / "private")}
    with django_db_blocker.unblock(), override_settings(**media), transaction.atomic():
        from wagtail.models import Site

        world = World(Site.objects.get(is_default_site=True).root_page.specific)
        yield world, media
        transaction.set_rollback(True)


def ask(client, world, row, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = row.url(world)
    if row.method == "post":
        return client.post(url, row.data)
    return client.get(url)


# The URL map, walked: what the matrices must cover ------------------------------------

OBJECT_CONVERTER = re.compile(r"<(int|uuid):")


def all_urls(resolver=None, prefix="", namespace=""):
    """(route, full URL name) of every pattern in the URL map."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_urls(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}"


def object_urls():
    return [(route, name) for route, name in all_urls() if OBJECT_CONVERTER.search(route)]
