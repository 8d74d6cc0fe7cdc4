"""The server benchmark's baselines and sessions (bench/urls.py, bench/server_data.py): the
bare views answer through the site's middleware, and the sessions the benchmark makes are
signed in for real, two factors included, so its figures are those of the pages themselves."""

import pytest

from django.contrib.sessions.models import Session
from django.urls import reverse

from bench.server_data import _session
from tests.factories import JudgeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_bare_view_answers_through_the_middleware(client, bench_urls):
    response = client.get("/bench/bare/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["X-Frame-Options"] == "DENY"  # set on the way out by the site's middleware


def test_bare_write_view_writes_one_row(client, bench_urls):
    before = Session.objects.count()

    response = client.post("/bench/bare-write/")

    assert response.status_code == 200
    assert Session.objects.count() == before + 1


def test_bare_write_view_refuses_a_get(client, bench_urls):
    assert client.get("/bench/bare-write/").status_code == 405


def test_nominator_session_reaches_my_nominations(client, bench_urls, settings):
    user = UserFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = _session(user, mfa=False)

    response = client.get(reverse("nominations:mine"))

    assert response.status_code == 200
    assert response.wsgi_request.user == user


def test_judge_session_with_two_factors_reaches_the_dashboard(client, bench_urls, settings):
    judge = JudgeProfileFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = _session(judge.user, mfa=True)

    response = client.get(reverse("judging:dashboard"))

    assert response.status_code == 200
    assert response.wsgi_request.user == judge.user
    methods = [record["method"] for record in client.session["account_authentication_methods"]]
    assert methods == ["password", "mfa"]
