"""The API docs in real Chromium: Swagger UI from our own static files, under the site's CSP."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from pramoen.api.routes import api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("PRAMOEN_CHROMIUM", "/usr/bin/chromium")


def test_swagger_ui_renders_every_operation_with_nothing_from_elsewhere(live_server):
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}"
    problems: list[str] = []
    hosts: set[str] = set()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        title = page.locator(".info .title").inner_text()
        operations = page.locator(".opblock").count()
        browser.close()
    assert title.startswith("Pramoen API")
    schema = api.get_openapi_schema()
    assert operations == sum(len(methods) for methods in schema["paths"].values())
    assert hosts == {urlsplit(live_server.url).netloc}  # no CDN, no other host
    assert problems == []  # a CSP violation is a console error
