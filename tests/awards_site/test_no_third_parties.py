"""No page makes the browser ask another host for anything: not the public site, not the
admin (whose avatars came from gravatar.com until WAGTAIL_GRAVATAR_PROVIDER_URL = None).
Links to other sites in content are fine; what a page loads is not."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from wagtail.models import Site

from accounts.models import User
from nominations.models import CallIndexPage, CallPage, WinnersIndexPage
from nominations.winners import public_stories

pytestmark = pytest.mark.django_db

# Attributes that make a browser fetch something as the page loads.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
# Any URL with a host, as a loading attribute or inside JSON the admin's scripts read.
URL_WITH_HOST = re.compile(r"""(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})""", re.IGNORECASE)


def _loaded_from_elsewhere(html):
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attribute in LOADING_ATTRIBUTES & set(tag.attrs):
            for url in re.split(r",\s*", tag[attribute]):
                host = urlsplit(url.strip().split(" ")[0]).netloc
                if host and host != "testserver":
                    found.append(f"<{tag.name} {attribute}={url}>")
        if tag.name == "link" and {"stylesheet", "icon", "preload", "prefetch", "modulepreload"} & set(
            tag.get("rel", [])
        ):
            host = urlsplit(tag.get("href", "")).netloc
            if host and host != "testserver":
                found.append(f"<link href={tag['href']}>")
    # The admin's sidebar gets the avatar's address in JSON, not in an attribute.
    for script in soup.find_all("script", type="application/json"):
        found += [f"JSON: {m.group(0)}" for m in URL_WITH_HOST.finditer(script.string or "") if "avatar" in m.group(0)]
    if "gravatar" in html.lower():
        found.append("gravatar")
    return found


@pytest.fixture
def demo(demo_site):
    """The demo, loaded once for the module (tests/conftest.py)."""


def _get_all(client, paths):
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = _loaded_from_elsewhere(response.content.decode())
    return pages


def test_public_pages_load_nothing_from_other_hosts(demo):
    paths = [
        "/en/",
        "/zh-hans/",
        CallIndexPage.objects.live().first().url,
        CallPage.objects.live().first().url,
        WinnersIndexPage.objects.live().first().url,
        public_stories().first().url,
        "/en/search/?q=innovation",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    assert _get_all(Client(), paths) == {path: [] for path in paths}


def test_admin_pages_load_nothing_from_other_hosts_and_no_gravatar(demo):
    client = Client()
    client.force_login(User.objects.get(email="admin@example.org"))  # has an authenticator
    home = Site.objects.get(is_default_site=True).root_page
    paths = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/images/",
        "/admin/users/",
        "/admin/account/",
    ]
    assert _get_all(client, paths) == {path: [] for path in paths}


def test_the_avatar_is_wagtails_own_default(settings):
    from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "gravatar" not in avatar_url(User(email="editor@example.org"))
