"""Browser journeys: Playwright drives the system's Chromium against a live server.

They skip (saying why) only when no Chromium is installed; .ci/run installs it."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# How long an assertion may wait for the page to come right before it fails: a bound for
# failing, not an expected duration (a passing check returns as soon as the page is right).
# Playwright's 5 s default is too short for a machine running two suites at once; actions
# (click, fill, goto, wait_for_url) keep Playwright's own 30 s bound.
ASSERTION_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"No Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests.")
    # Playwright's sync API runs an event loop in this thread; the test bodies' ORM calls
    # are still synchronous, so Django's async-safety guard does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ASSERTION_TIMEOUT_MS)

    from django.db import connections

    # Playwright's sync API runs an event loop in this thread, and Django's connection
    # handler is context-local: from here on the tests get fresh connection objects.
    # Hand them the test database's serialized contents so serialized_rollback restores
    # the migrations' data (categories, roles, home page) between browser tests.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
