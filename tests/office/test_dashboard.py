"""The awards office's dashboard on the admin home: each panel's figures, who sees which
panel, the chart's days in the site's time zone, and links that lead where they say."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone, translation

from judging.models import AssignmentState, Round
from nominations.models import Category
from office import queries
from office.dashboard import NominationsByStatePanel, dashboard_panels
from tests.factories import AwardCycleFactory, CallPageFactory, translate_page
from tests.nominations.helpers.winners import publish, winners_index_page
from tests.office.helpers.dashboard import (
    People,
    days_ago,
    judges,
    judging_work,
    nominate,
    story_in_moderation,
    submitted_at,
)

A = AssignmentState
OFFICE_PANELS = [
    "office-nominations-by-state",
    "office-screening-queue",
    "office-submissions-chart",
    "office-calls-closing",
    "office-judging-progress",
]
STORIES_PANEL = "office-stories-in-moderation"


@pytest.fixture
def people(db):
    return People()


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.fixture
def calls(make_calls, cycle):
    return {call.category.code: call for call in make_calls(cycle)}


def admin_home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(soup, name):
    return soup.find(id=f"{name}-section")


def shown_panels(soup):
    return [name for name in [*OFFICE_PANELS, STORIES_PANEL] if panel(soup, name) is not None]


# Who sees what ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("screener", [*OFFICE_PANELS, STORIES_PANEL]),
        ("admin", [*OFFICE_PANELS, STORIES_PANEL]),
        ("editor", [STORIES_PANEL]),
        ("moderator", [STORIES_PANEL]),
        ("judge", []),
    ],
)
def test_each_role_sees_its_panels(client, people, calls, who, expected):
    nominate(people, calls["TEC"], "submitted", title="Seen only by the office")
    soup = admin_home(client, getattr(people, who))
    assert shown_panels(soup) == expected
    text = soup.get_text()
    assert ("Seen only by the office" in text) is (who in {"screener", "admin"})
    assert ("Nominations by state and category" in text) is (who in {"screener", "admin"})


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


# 1. Nominations per state and category ------------------------------------------------------


@pytest.mark.django_db
def test_nominations_are_counted_per_category_and_state_with_drafts_counted_not_listed(client, people, cycle, calls):
    for state in ("draft", "draft", "submitted", "eligible"):
        nominate(people, calls["TEC"], state)
    nominate(people, calls["MAT"], "returned")
    nominate(people, calls["MAT"], "commended")
    last_year = AwardCycleFactory(nominations_open=timezone.now() - timedelta(days=20))
    other_cycle_call = CallPageFactory(parent=calls["TEC"].get_parent(), cycle=last_year, slug="other")
    nominate(people, other_cycle_call, "submitted")  # another cycle: not counted

    table = queries.nominations_by_state(cycle)
    states = [value for value, _label in table.states]
    rows = {category.code: dict(zip(states, cells, strict=True)) for category, cells, _total in table.rows}
    assert (rows["TEC"]["draft"], rows["TEC"]["submitted"], rows["TEC"]["eligible"]) == (2, 1, 1)
    assert (rows["MAT"]["returned"], rows["MAT"]["commended"], rows["MAT"]["draft"]) == (1, 1, 0)
    assert sum(rows["INF"].values()) == 0
    assert [row[0].code for row in table.rows] == list(Category.objects.values_list("code", flat=True))
    assert table.totals[states.index("draft")] == 2
    assert table.total == 6

    section = panel(admin_home(client, people.admin), "office-nominations-by-state")
    tec = next(tr for tr in section.select("tbody tr") if "New technologies" in tr.get_text())
    cells = tec.find_all("td")
    assert cells[states.index("draft")].get_text(strip=True) == "2"
    assert cells[states.index("draft")].find("a") is None  # drafts are never listed
    link = cells[states.index("submitted")].find("a")
    tec_pk = Category.objects.get(code="TEC").pk
    assert link["href"] == f"/admin/snippets/nominations/nomination/?cycle={cycle.pk}&category={tec_pk}&state=submitted"
    assert cells[-1].get_text(strip=True) == "4"
    assert section.select("tfoot td")[-1].get_text(strip=True) == "6"


@pytest.mark.django_db
def test_category_names_follow_the_active_language(people, cycle, calls):
    with translation.override("zh-hans"):
        html = NominationsByStatePanel(cycle).render_html({})
        assert Category.objects.get(code="TEC").name in html
        assert "新技术" in html
    with translation.override("en"):
        assert "New technologies" in NominationsByStatePanel(cycle).render_html({})


# 2. Submissions per day ---------------------------------------------------------------------


@pytest.mark.django_db
def test_submissions_are_counted_per_day_in_the_site_time_zone_with_empty_days(settings, people, cycle, calls):
    settings.TIME_ZONE = "Asia/Shanghai"
    zone = ZoneInfo("Asia/Shanghai")
    now = timezone.now()
    today = timezone.localtime(now, zone).date()
    three_days_ago = today - timedelta(days=3)
    late_evening_utc = datetime.combine(three_days_ago, datetime.min.time(), tzinfo=zone) - timedelta(minutes=30)
    for moment in (
        datetime.combine(three_days_ago, datetime.min.time(), tzinfo=zone) + timedelta(hours=9),
        datetime.combine(three_days_ago, datetime.min.time(), tzinfo=zone) + timedelta(hours=23, minutes=30),
        late_evening_utc,  # 23:30 the evening before in the site's zone, whatever UTC says
        now,
        now - timedelta(days=40),  # before the window
    ):
        submitted_at(nominate(people, calls["TEC"], "submitted"), moment)
    nominate(people, calls["TEC"], "draft")  # never submitted

    days = queries.submissions_per_day(cycle, now=now)
    assert len(days) == 30
    assert days[-1].day == today
    assert days[0].day == today - timedelta(days=29)
    assert [d.day for d in days] == [today - timedelta(days=29 - i) for i in range(30)]
    counts = {d.day: d.count for d in days}
    assert counts[three_days_ago] == 2
    assert counts[three_days_ago - timedelta(days=1)] == 1
    assert counts[today] == 1
    assert sum(counts.values()) == 4
    assert sum(1 for d in days if d.count == 0) == 27


@pytest.mark.django_db
def test_the_chart_draws_every_day_with_a_text_alternative(client, settings, people, cycle, calls):
    settings.TIME_ZONE = "Asia/Shanghai"
    for _ in range(3):
        submitted_at(nominate(people, calls["TEC"], "submitted"), days_ago(2))
    section = panel(admin_home(client, people.admin), "office-submissions-chart")
    svg = section.find("svg", class_="office-chart__svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Submissions per day"
    assert "3 submissions" in svg.find("desc").get_text()
    bars = svg.select("rect.office-chart__bar")
    assert len(bars) == 30
    assert sorted(int(bar["data-count"]) for bar in bars) == [0] * 29 + [3]
    assert len(svg.select("rect.office-chart__bar--zero")) == 29
    assert not any(element.has_attr("style") for element in section.find_all(True))
    busy = next(bar for bar in bars if bar["data-count"] == "3")
    assert int(busy["height"]) > int(bars[0]["height"])
    rows = section.select("[data-office-chart-table] tbody tr")
    assert len(rows) == 30
    assert [row.td.get_text() for row in rows].count("0") == 29


# 3. Days to each call's close ---------------------------------------------------------------


@pytest.mark.django_db
def test_each_call_shows_once_with_its_days_left_and_counts(client, home_page, call_index, people, cycle, calls):
    now = timezone.now()
    tec = calls["TEC"]
    translate_page(home_page, title="创新奖")
    translate_page(call_index, title="征集公告")
    translate_page(tec, title="新技术征集")
    calls["MAT"].closes_at = now + timedelta(days=3)
    calls["MAT"].save_revision().publish()
    calls["INF"].closes_at = now - timedelta(hours=1)
    calls["INF"].save_revision().publish()
    calls["EQP"].unpublish()
    nominate(people, tec, "draft")
    nominate(people, tec, "submitted")
    nominate(people, tec, "eligible")
    nominate(people, tec, "withdrawn")  # a draft withdrawn: neither

    rows = queries.calls_closing(cycle, now=now)
    assert [row.call.category.code for row in rows][:2] == ["INF", "MAT"]
    assert len(rows) == 5  # six calls, one unpublished; TEC once though translated
    by_code = {row.call.category.code: row for row in rows}
    assert by_code["INF"].status == "closed" and by_code["INF"].days_left is None
    assert by_code["MAT"].status == "closing_soon"
    zone = queries.site_zone()
    expected = (timezone.localtime(now + timedelta(days=3), zone).date() - timezone.localtime(now, zone).date()).days
    assert by_code["MAT"].days_left == expected
    assert by_code["TEC"].call.pk == tec.pk  # the first-made page, which nominations store
    assert (by_code["TEC"].drafts, by_code["TEC"].submitted) == (1, 2)

    with translation.override("zh-hans"):
        assert next(r for r in queries.calls_closing(cycle, now=now) if r.call.pk == tec.pk).page.title == "新技术征集"

    section = panel(admin_home(client, people.admin), "office-calls-closing")
    row = section.find("tr", attrs={"data-office-call": str(tec.pk)})
    assert row.find("td", attrs={"data-drafts": True}).get_text(strip=True) == "1"
    assert row.find("td", attrs={"data-submitted": True}).get_text(strip=True) == "2"
    assert len(section.find_all("tr", attrs={"data-office-call": str(tec.pk)})) == 1
    closed = section.find("tr", attrs={"data-office-call": str(calls["INF"].pk)})
    assert closed.find("td", attrs={"data-days-left": True}).get_text(strip=True) == "closed"
    soon = section.find("tr", attrs={"data-office-call": str(calls["MAT"].pk)})
    assert "Closing soon" in soon.get_text()
    assert soon.find("td", attrs={"data-days-left": True}).get_text(strip=True) == f"{expected} days"


# 4. The screening queue ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_screening_queue_counts_and_lists_the_oldest_first(client, people, cycle, calls):
    waiting = []
    for age in (1, 9, 4, 12, 2, 7):
        waiting.append(submitted_at(nominate(people, calls["TEC"], "submitted"), days_ago(age)))
    screened = nominate(people, calls["TEC"], "eligible")
    queue = queries.screening_queue()
    assert queue.waiting == 6
    assert queue.oldest_at == waiting[3].submitted_at
    oldest = sorted(waiting, key=lambda n: n.submitted_at)[:5]
    assert [n.pk for n in queue.oldest] == [n.pk for n in oldest]

    section = panel(admin_home(client, people.screener), "office-screening-queue")
    assert section.find(attrs={"data-office-waiting": True}).get_text() == "6"
    links = [a["href"] for a in section.select("tbody a")]
    assert links == [f"/admin/snippets/nominations/nomination/inspect/{n.pk}/" for n in oldest]
    assert "12" in section.select_one(".office-figure:nth-of-type(2) .office-figure__number").get_text()

    listing_url = section.find("a", attrs={"data-office-queue-link": True})["href"]
    assert listing_url == "/admin/snippets/nominations/nomination/?state=submitted"
    listing = client.get(listing_url).content.decode()
    assert all(n.reference in listing for n in waiting)
    assert screened.reference not in listing
    assert client.get(links[0]).status_code == 200


# 5. Judging completion per panel ------------------------------------------------------------


@pytest.mark.django_db
def test_judging_completion_per_panel_of_open_rounds(client, people, cycle, calls):
    pool = judges(2)
    tec = [nominate(people, calls["TEC"], "eligible") for _ in range(3)]
    mat = [nominate(people, calls["MAT"], "eligible")]
    round_, _ = judging_work(
        people, cycle, tec, pool, states=[A.SUBMITTED, A.SUBMITTED, A.IN_PROGRESS, A.RECUSED, A.ASSIGNED, A.SUBMITTED]
    )
    judging_work(people, cycle, mat, pool, states=[A.ASSIGNED], round_=round_)
    closed = Round.objects.create(
        cycle=AwardCycleFactory(nominations_open=timezone.now() - timedelta(days=20)),
        number=1,
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    judging_work(
        people, closed.cycle, [nominate(people, calls["TEC"], "eligible")], pool, states=[A.ASSIGNED], round_=closed
    )

    rows = {(row.round.pk, row.category.code): row for row in queries.judging_progress()}
    assert set(rows) == {(round_.pk, "TEC"), (round_.pk, "MAT")}
    tec_row = rows[round_.pk, "TEC"]
    assert (tec_row.submitted, tec_row.assigned, tec_row.conflicts, tec_row.percent) == (3, 5, 1, 60)
    assert (rows[round_.pk, "MAT"].submitted, rows[round_.pk, "MAT"].assigned) == (0, 2)

    section = panel(admin_home(client, people.admin), "office-judging-progress")
    row = section.find("tr", attrs={"data-office-panel": f"{round_.pk}-TEC"})
    assert row.find(attrs={"data-progress": True}).get_text(strip=True) == "3 of 5 (60%)"
    assert row.find(attrs={"data-conflicts": True}).get_text(strip=True) == "1"
    assert row.find("progress")["value"] == "3"
    assert section.find("a", href=f"/admin/snippets/judging/round/inspect/{round_.pk}/") is not None
    assert section.find("tr", attrs={"data-office-panel": f"{closed.pk}-TEC"}) is None


# 6. Stories waiting for moderation ----------------------------------------------------------


@pytest.mark.django_db
def test_stories_waiting_for_moderation_link_to_their_review(client, home_page, people, cycle, calls):
    index = winners_index_page(home_page)
    waiting = story_in_moderation(people, calls["TEC"], index, title="Lantern bridge sensors")
    published = publish(nominate(people, calls["MAT"], "commended", title="Already published"), people.admin)
    count, stories = queries.stories_in_moderation()
    assert count == 1
    assert [s.page.pk for s in stories] == [waiting.pk]
    assert stories[0].submitted_by == people.editor
    for who in (people.moderator, people.screener):
        section = panel(admin_home(client, who), STORIES_PANEL)
        link = section.find("a", href=f"/admin/pages/{waiting.pk}/edit/")
        assert link.get_text(strip=True) == "Lantern bridge sensors"
        assert published.title not in section.get_text()


# Links into the office's work keep their promises ----------------------------------------------


@pytest.mark.django_db
def test_nothing_yet_reads_as_such(client, people):
    soup = admin_home(client, people.admin)
    text = re.sub(r"\s+", " ", soup.get_text())
    assert "There is no award cycle yet" in text
    assert "Nothing is waiting" in text
    assert "No judging round is open now." in text
    assert "No winner story is waiting for moderation." in text


@pytest.mark.django_db
def test_the_panels_come_first_for_the_office(people, cycle):
    assert [p.name for p in dashboard_panels(people.admin)] == [
        "office_nominations_by_state",
        "office_screening_queue",
        "office_submissions_chart",
        "office_calls_closing",
        "office_judging_progress",
        "office_stories_in_moderation",
    ]
    assert dashboard_panels(people.judge) == []


@pytest.mark.parametrize("peak", [0, 2, 4, 7, 13, 40, 99])
def test_the_charts_gridlines_are_whole_numbers_at_their_own_height(peak):
    from datetime import date

    from office.dashboard_chart import PLOT_HEIGHT, PLOT_TOP, chart
    from office.queries import Day

    drawn = chart([Day(day=date(2026, 11, 1), count=peak), Day(day=date(2026, 11, 2), count=1)])
    top = drawn["ticks"][-1].value
    assert top >= max(peak, 1)
    assert len(drawn["ticks"]) in (4, 5)
    for tick in drawn["ticks"]:
        assert tick.value == int(tick.value)
        assert tick.y == PLOT_TOP + PLOT_HEIGHT - round(PLOT_HEIGHT * tick.value / top)
    # A bar reaches the gridline of its own count.
    bar = drawn["bars"][0]
    if peak in {tick.value for tick in drawn["ticks"]}:
        assert bar.y == next(t.y for t in drawn["ticks"] if t.value == peak)
