"""Who may open what under /judging/ and in the judging admin: every URL that names an
object, against every kind of person (see tests/nominations/test_access_matrix.py for
the conventions and the check that no URL escapes the tables)."""

import pytest

from django.core.cache import cache

from tests.judging.access_matrix_rows import ROWS
from tests.nominations.access_support import ask, build_world, matrix, outcome


@pytest.fixture(scope="module")
def world_and_media(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from build_world(tmp_path_factory, django_db_blocker)


@pytest.fixture
def world(world_and_media):
    return world_and_media[0]


@pytest.fixture(autouse=True)
def _clean_cache_and_media(world_and_media, settings):
    # Replaces the suite's per-test media folders: the world's files live in the module's.
    for name, value in world_and_media[1].items():
        setattr(settings, name, value)
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), matrix(ROWS))
def test_access(client, world, row, role, expected):
    assert outcome(ask(client, world, row, role)) == expected
