from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("PRAMOEN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread while the browser is open; the
    # Django ORM calls the tests make between browser steps (and the database flush after
    # each test) are synchronous and safe. Set for this module only, as long as the browser.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # A missing browser is a failure, not a skip: CI installs Debian's Chromium.
    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
