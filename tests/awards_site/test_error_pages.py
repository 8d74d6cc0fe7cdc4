"""Branded error pages in both languages: 400, 403 (and a failed CSRF check), 404, 413, 500.

The Chinese catalogue is kept in locale/: these tests check the parts already translated (the
site's name, "Go to the home page", "Page not found") and the page's language, and that every
page's wording goes through {% translate %} (the English text comes out of the template)."""

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.template import loader
from django.test import Client
from django.utils import translation

ZH_SITE_NAME = "创新奖"
ZH_HOME = "返回首页"

pytestmark = pytest.mark.urls("tests.awards_site.error_urls")


def _client(language):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _page(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        "lang": soup.html["lang"],
        "title": soup.title.get_text(" ", strip=True),
        "brand": soup.select_one(".site-header .brand").get_text(strip=True),
        "code": soup.select_one(".error-page__code").get_text(" ", strip=True),
        "heading": soup.select_one(".error-page h1").get_text(strip=True),
        "home": soup.select_one(".error-page__actions a[href='/']").get_text(strip=True),
        "footer": soup.select_one(".site-footer") is not None,
    }


REQUESTS = {
    400: lambda client: client.get("/test-errors/400/"),
    403: lambda client: client.get("/test-errors/403/"),
    # An unknown address goes on to the page tree in the visitor's language: no such page there.
    404: lambda client: client.get("/no-such-page/", follow=True),
    413: lambda client: client.post(
        "/accounts/login/", b"login=a", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH=str(2**30)
    ),
    500: lambda client: client.get("/test-errors/500/"),
}
HEADINGS = {
    400: "Bad request",
    403: "Access denied",
    404: "Page not found",
    413: "Too large to send",
    500: "Something went wrong",
}
# 400 and 500 are standalone (no request, no context processors): no menu or footer.
WITH_SITE_LAYOUT = {403, 404, 413}


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(REQUESTS))
def test_error_page_in_english(status):
    response = REQUESTS[status](_client("en"))
    assert response.status_code == status
    page = _page(response)
    assert page == {
        "lang": "en",
        "title": f"{HEADINGS[status]} · Innovation Awards",
        "brand": "Innovation Awards",
        "code": f"Error {status}",
        "heading": HEADINGS[status],
        "home": "Go to the home page",
        "footer": status in WITH_SITE_LAYOUT,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(REQUESTS))
def test_error_page_in_chinese(status):
    response = REQUESTS[status](_client("zh-hans"))
    assert response.status_code == status
    page = _page(response)
    assert (page["lang"], page["brand"], page["home"]) == ("zh-hans", ZH_SITE_NAME, ZH_HOME)
    assert page["title"].endswith(f"· {ZH_SITE_NAME}")


@pytest.mark.django_db
def test_404_in_chinese_is_translated_through_and_through():
    page = _page(REQUESTS[404](_client("zh-hans")))
    assert page["heading"] == "页面未找到"


@pytest.mark.django_db
def test_chinese_from_the_browser_language_too():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _page(REQUESTS[413](client))["brand"] == ZH_SITE_NAME
    assert _page(REQUESTS[500](client))["brand"] == ZH_SITE_NAME


@pytest.mark.django_db
def test_pages_with_the_request_use_the_site_layout(client):
    response = client.get("/en/no-such-page/")
    names = [t.name for t in response.templates]
    assert names[:3] == ["404.html", "errors/base_error.html", "base.html"]
    assert "components/site_header.html" in names


@pytest.mark.django_db
def test_a_refused_host_gets_the_branded_400():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example.com")
    assert response.status_code == 400
    assert _page(response)["heading"] == "Bad request"


@pytest.mark.django_db
def test_a_failed_csrf_check_gets_the_branded_403():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@example.net"})
    assert response.status_code == 403
    page = _page(response)
    assert (page["heading"], page["brand"]) == ("The form has expired", "Innovation Awards")


@pytest.mark.parametrize("name", ["500.html", "400.html"])
def test_standalone_pages_render_with_no_context_and_no_database(name):
    # No django_db mark: a query would fail the test. Rendered as Django's server_error does.
    with translation.override("zh-hans"):
        html = loader.get_template(name).render()
    assert ZH_SITE_NAME in html
    assert 'href="/static/css/site.css"' in html
