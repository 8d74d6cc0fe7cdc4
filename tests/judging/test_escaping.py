"""The panel's progress and results pages build their long tables' rows in Python
(judging.views.chair.work_rows, judging.views.results): every value a person typed reaches the
page escaped, never as markup."""

import pytest

from tests.judging import helpers
from tests.judging.helpers import client_for

world = helpers.world

HOSTILE_TITLE = '<script>alert("title")</script> & "Co"'
HOSTILE_NAME = '<img src=x onerror=alert("name")>'


@pytest.fixture
def hostile(world):
    judge = world.judges[1]
    judge.user.first_name, judge.user.last_name = HOSTILE_NAME, "O'Brien"
    judge.user.save()
    nomination = world.nomination(title=HOSTILE_TITLE)
    for each in world.judges:
        world.score(world.assign(nomination, each), (6, 5, 3))
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["panel", "results"])
def test_typed_values_are_escaped_in_the_built_rows(client, hostile, page):
    response = client_for(client, hostile.chair.user).get(hostile.url(page))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(" not in body
    assert "<img src=x" not in body
    if page == "panel":  # the judges' names are on the progress page
        assert "&lt;img src=x onerror=alert(" in body
    assert "&lt;script&gt;alert(" in body
