"""The judging report (judging.report, judging.views.report): its figures, who sees it when,
publishing it, the PDF in both languages, and its cost in queries."""

from datetime import timedelta
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from core.cache import current_generation
from judging.models import (
    Assignment,
    AssignmentState,
    Conflict,
    Decision,
    MethodReport,
    RankingSignOff,
    RubricVersion,
    Score,
)
from judging.report import build_report
from judging.report_pdf import report_pdf
from nominations.models import Category, Nomination, NominationState
from tests.factories import (
    AwardCycleFactory,
    CallPageFactory,
    JudgeProfileFactory,
    NominationFactory,
    PanelFactory,
    RoundFactory,
    UserFactory,
)
from tests.nominations.helpers.winners import make_winner, winners_index_page
from tests.support import with_role

# One criterion scored 0-10, weight 1: a judge's total is ten times the score. The second
# judge runs ten points above the first, the third ten below: an exact additive fit (judge
# effects -10, 0, +10, residual SD 0), the same ranking from every judge (W = 1), and
# ICC(1) = (1200 - 100) / (1200 + 2 * 100) = 0.79.
SCORES = {"A": (8, 9, 7), "B": (6, 7, 5), "C": (4, 5, 3)}


class ReportWorld:
    def __init__(self, call_index, categories=1):
        self.cycle = AwardCycleFactory(name="2031 Innovation Awards", year=2031)
        self.admin = with_role("Awards administrators", "awards-admin@example.net")
        self.round = RoundFactory(cycle=self.cycle, criteria=[("Overall", 1, 0, 10)])
        self.criterion = self.round.criteria.get()
        self.categories = list(Category.objects.order_by("sort_order")[:categories])
        self.judges, self.nominations = {}, {}
        for category in self.categories:
            call = CallPageFactory(parent=call_index, cycle=self.cycle, category=category)
            judges = [JudgeProfileFactory(expertise=[category]) for _ in range(3)]
            judges[0].user.groups.add(Group.objects.get(name="Panel chairs"))
            PanelFactory(cycle=self.cycle, category=category, members=judges, chair=judges[0])
            nominations = {}
            for label, values in SCORES.items():
                nomination = NominationFactory(call=call, nominee_name=f"Nominee {category.code} {label}")
                Nomination.objects.filter(pk=nomination.pk).update(
                    reference=f"IA-{category.code}-{label}", state=NominationState.ELIGIBLE
                )
                nominations[label] = nomination
                for judge, value in zip(judges, values, strict=True):
                    self.submitted(nomination, judge, value)
            self.judges[category.code], self.nominations[category.code] = judges, nominations
        self.first = self.categories[0]

    def submitted(self, nomination, judge, value):
        assignment = Assignment.objects.create(
            round=self.round, nomination=nomination, judge=judge, state=AssignmentState.SUBMITTED
        )
        Score.objects.create(assignment=assignment, criterion=self.criterion, value=value)
        return assignment

    def announce(self, announced=True):
        self.cycle.announcement_at = timezone.now() + timedelta(hours=-1 if announced else 24 * 30)
        self.cycle.save()

    def publish(self):
        MethodReport.objects.update_or_create(
            cycle=self.cycle, defaults={"published_at": timezone.now(), "published_by": self.admin}
        )

    def url(self, name="method_report"):
        return reverse(f"judging:{name}", args=[self.cycle.pk])


@pytest.fixture
def world(call_index):
    return ReportWorld(call_index)


def figures(response, category):
    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one(f'tr[data-category="{category.code}"]')
    return {cell["data-figure"]: cell.get_text(" ", strip=True) for cell in row.select("[data-figure]")}


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


# The figures ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_shows_each_panels_judges_model_and_agreement(client, world):
    client.force_login(world.admin)
    response = client.get(world.url())
    assert response.status_code == 200
    assert figures(response, world.first) == {
        "ranked": "3",
        "judges-per-nomination": "3 judges: 3 nominations",
        "method": "Adjusted for each judge's leniency or severity.",
        "judges": "3",
        "residual-sd": "0.00",
        "effects": "-10.00 to 10.00",
        "icc": "0.79",
        "kendall": "1.00",
        "sign-off": "not yet",
    }


@pytest.mark.django_db
def test_a_panel_of_unlinked_judges_falls_back_to_raw_means_and_has_no_w(client, world):
    # A fourth judge scores only a new nomination nobody else scored: two separate groups.
    category = world.first
    loner = JudgeProfileFactory(expertise=[category])
    extra = NominationFactory(call=world.nominations[category.code]["A"].call)
    world.submitted(extra, loner, 5)
    client.force_login(world.admin)
    found = figures(client.get(world.url()), category)
    assert found["method"] == (
        "Raw means: the judges were not linked through shared nominations (2 separate groups), "
        "so their leniency could not be told apart from the nominations' merit."
    )
    assert found["judges-per-nomination"] == "1 judge: 1 nomination · 3 judges: 3 nominations"
    assert found["kendall"] == "not computed: not every judge scored every nomination"


@pytest.mark.django_db
def test_the_record_conflicts_rubric_sign_off_and_decisions(client, world):
    code = world.first.code
    judges, nominations = world.judges[code], world.nominations[code]
    # A declared conflict on an assignment of the round, a detected one before any.
    outsider = JudgeProfileFactory()
    Assignment.objects.create(
        round=world.round, nomination=nominations["A"], judge=outsider, state=AssignmentState.RECUSED
    )
    Conflict.objects.create(judge=outsider, nomination=nominations["A"], source="declared", reason="My cousin")
    Conflict.objects.create(judge=outsider, nomination=nominations["B"], source="detected", reason="Same firm")
    RubricVersion.objects.create(round=world.round, number=1)
    RubricVersion.objects.create(round=world.round, number=2, reason="The scale was printed wrong.")
    RankingSignOff.objects.create(round=world.round, category=world.first, signed_by=judges[0].user, method="adjusted")
    Nomination.objects.filter(pk=nominations["A"].pk).update(state=NominationState.COMMENDED)
    decide = {"round": world.round, "decided_by": world.admin, "scores_required": 3}
    Decision.objects.create(
        nomination=nominations["A"],
        outcome="commend",
        scores_submitted=2,
        override_reason="A judge fell ill.",
        **decide,
    )
    Decision.objects.create(
        nomination=nominations["B"],
        outcome="commend",
        scores_submitted=3,
        undone_at=timezone.now(),
        undo_reason="Decided on the wrong row.",
        **decide,
    )
    Decision.objects.create(nomination=nominations["C"], outcome="not_commend", scores_submitted=3, **decide)

    client.force_login(world.admin)
    response = client.get(world.url())
    soup = BeautifulSoup(response.content, "html.parser")
    text = lambda name: soup.select_one(f'[data-figure="{name}"]').get_text(" ", strip=True)  # noqa: E731
    assert text("conflicts").startswith("1 declared by a judge; 0 detected automatically.")
    assert text("conflicts-before").startswith("1 more conflict of interest was known before any assignment")
    versions = text("rubric-versions")
    assert "Version 1" in versions and "the rubric as judging began" in versions
    assert "Version 2" in versions and "The scale was printed wrong." in versions
    assert figures(response, world.first)["sign-off"].startswith("by the panel's chair, ")
    assert text("decisions") == "Commended: 1 (1 undone) Not commended: 1"
    assert text("overrides") == f"IA-{code}-A: Commended, 2 of 3 scores. Reason: A judge fell ill."
    # The undone decision's nomination is not commended: it is not named.
    assert text("undone").startswith("Commended, undone on ")
    assert text("undone").endswith("Reason: Decided on the wrong row.")
    body = response.content.decode()
    assert f"IA-{code}-B" not in body and f"IA-{code}-C" not in body


@pytest.mark.django_db
def test_the_public_report_names_no_judge_and_no_nominee(client, world):
    world.announce()
    world.publish()
    RankingSignOff.objects.create(
        round=world.round, category=world.first, signed_by=world.judges[world.first.code][0].user, method="adjusted"
    )
    body = client.get(world.url()).content.decode()
    assert "by the panel&#x27;s chair" in body
    for judge in world.judges[world.first.code]:
        assert judge.user.email not in body
        assert str(judge) not in body
    for nomination in world.nominations[world.first.code].values():
        assert nomination.nominee_name not in body
        assert nomination.title not in body
    assert 'action="' not in body  # no publishing controls, no CSRF token: the same page for everyone


# Who sees it when -----------------------------------------------------------------------


def statuses(client, world, users, name="method_report"):
    found = {}
    for label, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(world.url(name))
        found[label] = "login" if response.status_code == 302 else response.status_code
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["method_report", "method_report_pdf"])
def test_public_only_when_published_and_announced(client, world, name):
    users = {
        "anonymous": None,
        "nominator": UserFactory(email="nominator@example.net"),
        "chair": world.judges[world.first.code][0].user,
        "admin": world.admin,
    }
    preview_only = {"anonymous": "login", "nominator": 404, "chair": 404, "admin": 200}
    everyone = {"anonymous": 200, "nominator": 200, "chair": 200, "admin": 200}

    world.announce(False)
    assert statuses(client, world, users, name) == preview_only
    world.publish()
    assert statuses(client, world, users, name) == preview_only  # published, not announced yet
    world.announce()
    assert statuses(client, world, users, name) == everyone
    MethodReport.objects.filter(cycle=world.cycle).update(published_at=None)
    assert statuses(client, world, users, name) == preview_only  # announced, not published


@pytest.mark.django_db
def test_a_preview_is_never_stored_by_a_shared_cache(client, world):
    client.force_login(world.admin)
    assert "no-store" in client.get(world.url())["Cache-Control"]
    world.announce()
    world.publish()
    client.logout()
    assert "Cache-Control" not in client.get(world.url())


# Publishing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_administrator_publishes_and_unpublishes_and_the_page_cache_is_purged(client, world):
    client.force_login(world.admin)
    before = current_generation()
    response = client.post(world.url("method_report_publish"))
    assert response.status_code == 302
    assert response["Location"] == world.url()
    report = MethodReport.objects.get(cycle=world.cycle)
    assert report.published_at is not None and report.published_by == world.admin
    assert current_generation() != before
    page = client.get(world.url()).content.decode()
    assert "it becomes public when the cycle&#x27;s results are announced" in page
    assert world.url("method_report_unpublish") in page

    before = current_generation()
    client.post(world.url("method_report_unpublish"))
    report.refresh_from_db()
    assert report.published_at is None and report.published_by is None
    assert current_generation() != before


@pytest.mark.django_db
def test_only_administrators_publish(client, world):
    for user in (world.judges[world.first.code][0].user, UserFactory(email="nominator@example.net")):
        client.force_login(user)
        assert client.post(world.url("method_report_publish")).status_code == 404
    assert not MethodReport.objects.filter(cycle=world.cycle).exists()
    client.logout()
    assert client.post(world.url("method_report_publish")).status_code == 302
    assert not MethodReport.objects.filter(cycle=world.cycle).exists()


@pytest.mark.django_db
def test_the_winners_index_links_the_published_report_of_the_announced_cycle(client, world, home_page):
    world.announce()
    winners_index_page(home_page)
    call = world.nominations[world.first.code]["A"].call
    make_winner(call, UserFactory(email="editor@example.net"), title="Lantern bridge sensors")
    assert world.url() not in client.get("/en/winners/").content.decode()
    client.force_login(world.admin)
    client.post(world.url("method_report_publish"))
    client.logout()
    soup = BeautifulSoup(client.get("/en/winners/").content, "html.parser")
    assert soup.select_one(".winners-report a")["href"] == world.url()


@pytest.mark.django_db
def test_administrators_find_the_report_from_the_panels_and_the_methodology(client, world):
    client.force_login(world.admin)
    assert world.url() in client.get(reverse("judging:panels")).content.decode()
    assert world.url() in client.get(world.url("methodology")).content.decode()
    client.force_login(world.judges[world.first.code][0].user)
    assert world.url() not in client.get(reverse("judging:panels")).content.decode()


# The PDF ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_holds_the_cycle_and_its_figures(client, world):
    client.force_login(world.admin)
    response = client.get(world.url("method_report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="2031-innovation-awards-judging-report-en.pdf"'
    text = pdf_text(response.content)
    assert "2031 Innovation Awards" in text
    for figure in (
        "Adjusted for each judge's leniency or severity.",
        "-10.00 to 10.00",
        "0.79",
        "3 judges: 3 nominations",
    ):
        assert figure in text, figure
    assert "Kendall's W" in text and "1.00" in text


@pytest.mark.django_db
def test_the_pdf_in_chinese_uses_the_built_in_cjk_font(world):
    with translation.override("zh-hans"):
        content = report_pdf(build_report(world.cycle))
    reader = PdfReader(BytesIO(content))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("STSong-Light" in font for font in fonts), fonts
    assert len(reader.pages) >= 1


# Cost -----------------------------------------------------------------------------------


@pytest.mark.django_db
# 21 for the page (session, user, permissions, the user's groups (whether they are an awards
# administrator, accounts.roles), two factors, cycle, report, the record, the site's
# navigation and settings), and panel_results' four per panel.
@pytest.mark.parametrize(("categories", "queries"), [(1, 25), (3, 33)])
def test_the_report_page_costs_a_fixed_number_of_queries_per_panel(
    client, call_index, django_assert_num_queries, categories, queries
):
    world = ReportWorld(call_index, categories=categories)
    client.force_login(world.admin)
    client.get(world.url())  # warms the session and the caches
    with django_assert_num_queries(queries):
        assert client.get(world.url()).status_code == 200
