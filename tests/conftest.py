import pytest

from django.core.cache import cache

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
def _clean_cache_and_media(settings, tmp_path):
    # allauth's rate limits live in the cache: each test starts with none spent.
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield
    cache.clear()


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
