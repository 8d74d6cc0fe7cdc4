"""Finding a category's panel in a cycle has one home (judging.queries.cycle_panel): the
panel's pages, the audit page, sign-off, automatic assignment and reopening all ask it."""

import pathlib
import re

import pytest

from judging.queries import cycle_panel, panel_of
from nominations.models import Category
from tests.factories import PanelFactory
from tests.judging import helpers

world = helpers.world

ROOT = pathlib.Path(__file__).resolve().parents[2]
# A panel looked up by its cycle and category anywhere but the one home.
COPY = re.compile(r"Panel\.objects[^\n]*(\n[^\n]*){0,3}?filter\([^)]*cycle(_id)?=[^)]*category", re.M)


@pytest.mark.django_db
def test_the_panel_is_the_same_by_category_its_id_and_its_code(world):
    other = PanelFactory(cycle=world.cycle, category=Category.objects.get(code="MAT"))
    by_object = cycle_panel(world.cycle.pk, category=world.tec)
    assert by_object == world.panel != other
    assert cycle_panel(world.cycle.pk, category=world.tec.pk) == by_object
    assert cycle_panel(world.cycle.pk, category_code="TEC") == by_object
    assert cycle_panel(world.cycle.pk, category_code="NEW") is None
    assignment = world.assign(world.nomination(), world.judges[1])
    assert panel_of(assignment) == by_object


def test_no_module_of_judging_finds_a_panel_by_itself():
    copies = []
    for path in sorted((ROOT / "judging").rglob("*.py")):
        if path.name == "queries.py" or "migrations" in path.parts:
            continue
        if COPY.search(path.read_text()):
            copies.append(str(path.relative_to(ROOT)))
    assert copies == []


def test_the_guard_finds_a_copy():
    assert COPY.search("panel = Panel.objects.filter(cycle_id=round_.cycle_id, category=category).first()")
    assert COPY.search('Panel.objects.select_related("chair")\n    .filter(cycle_id=c, category_id=k)\n    .first()')
