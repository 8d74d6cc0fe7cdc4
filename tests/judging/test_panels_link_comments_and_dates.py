"""Fixes on the judges' and chairs' pages: the "Panels you chair" link only for those who
chair a panel (or run the judging), a page that says so instead of a bare 404 for the
others; no "None" for an empty overall comment; dates that never end in "p.m.." (the
formats end in a digit, whatever language is active or none)."""

import datetime
import re

import pytest

from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from judging.predicates import chairs_a_panel, sees_panels
from tests.factories import JudgeProfileFactory
from tests.judging import helpers
from tests.judging.helpers import assign, client_for, scores_post, url

world = helpers.world
PANELS_LINK = 'href="/judging/panels/"'


def text_of(body):
    """The page's visible words: tags dropped, spaces folded."""
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


# "Panels you chair" -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_panels_link_shows_only_to_chairs(client, world):
    judge = world.judges[1]
    assert not chairs_a_panel(judge.user)
    assert chairs_a_panel(world.chair.user)

    body = client_for(client, judge.user).get(reverse("judging:dashboard")).content.decode()
    assert PANELS_LINK not in body
    assert "Panels you chair" not in body

    body = client_for(client, world.chair.user).get(reverse("judging:dashboard")).content.decode()
    assert PANELS_LINK in body
    assert "data-panels-link" in body


@pytest.mark.django_db
def test_an_administrator_who_judges_sees_the_panels_link(client, world):
    JudgeProfileFactory(user=world.admin)
    assert not chairs_a_panel(world.admin)
    assert sees_panels(world.admin)

    body = client_for(client, world.admin).get(reverse("judging:dashboard")).content.decode()

    assert PANELS_LINK in body


@pytest.mark.django_db
def test_a_judge_who_chairs_nothing_gets_a_page_saying_so(client, world):
    response = client_for(client, world.judges[1].user).get(reverse("judging:panels"))

    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not chair a panel" in body
    assert f'href="{reverse("judging:dashboard")}"' in body  # back to their judging
    assert "data-panel=" not in body


@pytest.mark.django_db
def test_someone_who_is_not_a_judge_gets_the_same_page_with_the_way_home(client, world):
    nominator = world.nomination().nominator

    response = client_for(client, nominator).get(reverse("judging:panels"))

    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not chair a panel" in body
    assert f'href="{reverse("judging:dashboard")}"' not in body
    assert "Go to the home page" in body


@pytest.mark.django_db
def test_a_chair_still_gets_the_panels(client, world):
    response = client_for(client, world.chair.user).get(reverse("judging:panels"))

    assert response.status_code == 200
    assert f'<tr data-panel="{world.panel.pk}">' in response.content.decode()


# Overall comment -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_overall_comment_reads_as_a_dash_not_none(client, judge, blind_round, make_eligible):
    assignment = assign(blind_round, make_eligible(), judge)
    client.force_login(judge.user)
    client.post(url(assignment), scores_post(blind_round, overall_comment="", submit_scores="1", confirmed="1"))

    body = client.get(url(assignment)).content.decode()

    comment = re.search(r"<dt>Overall comment</dt>\s*<dd>(.*?)</dd>", body, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", comment).strip() == "—"
    assert "None" not in text_of(body)


# Dates ----------------------------------------------------------------------------------

AFTERNOON = timezone.make_aware(datetime.datetime(2027, 1, 13, 17, 0))
FORMAT_NAMES = ("DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")


@pytest.mark.parametrize("language", ["en", "zh-hans", None])
def test_no_date_format_ends_in_a_full_stop(language):
    # None: no language active (translation.override(None), e.g. an email to an address
    # whose language is unknown), where Django falls back to the settings' formats.
    with translation.override(language):
        for name in FORMAT_NAMES:
            shown = formats.date_format(timezone.localtime(AFTERNOON), name)
            assert not shown.endswith("."), (language, name, shown)
            assert "p.m" not in shown and "a.m" not in shown, (language, name, shown)
        sentence = Template('Submitted on {{ when|date:"DATETIME_FORMAT" }}.').render(Context({"when": AFTERNOON}))
        assert ".." not in sentence


@pytest.mark.django_db
def test_the_judges_and_chairs_pages_end_dates_with_one_full_stop(client, world):
    nomination = world.nomination()
    judge = world.judges[1]
    assignment = world.assign(nomination, judge)
    client_for(client, judge.user).post(
        url(assignment), scores_post(world.round, submit_scores="1", confirmed="1", overall_comment="")
    )
    pages = {
        "dashboard": reverse("judging:dashboard"),
        "assignment": url(assignment),
    }
    texts = {name: text_of(client.get(address).content.decode()) for name, address in pages.items()}
    world.close_and_sign_off()
    texts["results"] = text_of(client_for(client, world.chair.user).get(world.url("results")).content.decode())

    assert "Submitted on" in texts["assignment"]
    assert "Signed off by" in texts["results"]
    for name, text in texts.items():
        assert not re.search(r"\.\s*\.", text.replace("...", "")), (name, re.search(r".{40}\.\s*\.", text))
        assert "p.m." not in text and "a.m." not in text, name
