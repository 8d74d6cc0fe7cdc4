import pytest

from django.conf import settings as django_settings
from django.core.cache import caches

from wagtail.models import Site

from nominations.models import Category
from tests.factories import CallIndexPageFactory, CallPageFactory


@pytest.fixture(scope="session", autouse=True)
def _mail_through_the_outbox(django_test_environment):
    # Django's test set-up swaps EMAIL_BACKEND for its in-memory backend; put the outbox back
    # in front of it (the test settings' OUTBOX_EMAIL_BACKEND is that in-memory backend), so
    # tests send mail the way the site does and still find it in mail.outbox.
    from django.conf import settings

    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"


@pytest.fixture(autouse=True)
def _clean_cache_and_media(request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # allauth's rate limits and the page cache live in the caches, which the test settings
    # keep in the database (as development does): each test that uses the database starts
    # with none spent. Rows a test writes roll back with it; a transactional test's (live
    # server, concurrency) stay, hence the clearing. Tests without the database cannot use
    # these caches at all. The database is set up here first so it is torn down after us.
    uses_db = request.node.get_closest_marker("django_db") or "_django_db_helper" in request.fixturenames
    if uses_db:
        request.getfixturevalue("_django_db_helper")  # pytest-django's, behind db and transactional_db
        _clear_caches()
    yield
    if uses_db:
        _clear_caches()


def _clear_caches():
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def call_index(home_page):
    return CallIndexPageFactory(parent=home_page)


@pytest.fixture
def make_calls(call_index):
    """Creates a live call in every category for a cycle."""

    def make(cycle, **overrides):
        return [
            CallPageFactory(parent=call_index, cycle=cycle, category=c, **overrides) for c in Category.objects.all()
        ]

    return make


# The access matrices (tests/nominations and tests/judging): one world of people and
# nominations per module, each cell in its own rolled-back transaction.
@pytest.fixture(scope="module")
def world_and_media(django_db_setup, django_db_blocker, tmp_path_factory):
    from tests.nominations.helpers.access import build_world

    yield from build_world(tmp_path_factory, django_db_blocker)


@pytest.fixture
def world(world_and_media, settings):
    # After the suite's per-test media folders are set (above): the world's files live in
    # the module's folders.
    for name, value in world_and_media[1].items():
        setattr(settings, name, value)
    return world_and_media[0]


# The demo data, loaded once per module that asks for it (loading takes seconds), each test
# in its own savepoint inside the module's transaction, which rolls back at the module's end.
@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.mktemp("demo")
    media = {"MEDIA_ROOT": str(root / "media"), "PRIVATE_MEDIA_ROOT": str(root / "private")}
    with django_db_blocker.unblock(), override_settings(**media), transaction.atomic():
        with override_settings(DEBUG=True):  # load_demo_data refuses otherwise
            call_command("load_demo_data", stdout=StringIO())
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo_site(demo_loaded, db, settings):
    """The demo's people and pages, for a test in a module that shares one loading."""
    for name, value in demo_loaded.items():
        setattr(settings, name, value)
