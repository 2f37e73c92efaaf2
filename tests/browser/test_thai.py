"""Thai in a real Chromium: Thai whatever the browser's language, English by the switch and
remembered; Thai words whole on the page; the dashboard meets our own CSP. Desktop and 390 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pramoen.accounts.services import province_setup
from pramoen.testing import factories
from tests.web.conftest import DOC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
# where the screenshots go (to look at them); a temporary directory unless asked
SHOTS = os.environ.get("PRAMOEN_SHOTS")

# Whether each occurrence of a word in the element lies on one line: every client rectangle
# of its text range on the same top.
WORD_ON_ONE_LINE = """([el, word]) => {
  const found = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const text = nodes.map(n => n.data).join("");
  let at = text.indexOf(word);
  while (at >= 0) {
    const range = document.createRange();
    let offset = 0, started = false;
    for (const n of nodes) {
      const end = offset + n.data.length;
      if (!started && at < end) { range.setStart(n, at - offset); started = true; }
      if (started && at + word.length <= end) { range.setEnd(n, at + word.length - offset); break; }
      offset = end;
    }
    const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
    found.push(new Set(tops).size === 1);
    at = text.indexOf(word, at + 1);
  }
  return found;
}"""


@pytest.fixture
def setup(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    province = province_setup()
    round_ = factories.round_opened(province=province, document=DOC, reason="ทดสอบ")
    users = factories.people(province=province)  # password "pw-<username>"
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    return round_


@pytest.fixture
def shots(tmp_path) -> Path:
    path = Path(SHOTS) if SHOTS else tmp_path / "shots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def english_context(browser, width: int):
    # an English-language Chrome: the locale sets navigator.language and Accept-Language
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    context.set_default_timeout(15_000)
    return context


def log_in(page, base: str, user: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", f"pw-{user}")
    page.click("#login-submit")
    expect(page.locator("header .who")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_english_browser_opens_in_thai_and_english_is_remembered(
    setup, live_server, browser, shots, width
):
    base = live_server.url
    context = english_context(browser, width)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("body")).to_contain_text("เข้าสู่ระบบประเมินผล")
    page.screenshot(path=shots / f"login-en-US-{width}.png")
    log_in(page, base, "d2001")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("header")).to_contain_text("ออกจากระบบ")

    page.locator("header form.lang button").click()  # "English"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header")).to_contain_text("Sign out")
    page.screenshot(path=shots / f"home-en-{width}.png", full_page=True)
    page.locator("header .who button").click()  # log out
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()

    # a new browser, Thai this time, with no cookie: the choice comes back at login
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    log_in(page, base, "d2001")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("header form.lang button").click()  # back to "ไทย"
    expect(page.locator("html")).to_have_attribute("lang", "th")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboard_loads_without_console_errors(setup, live_server, browser, shots, width):
    context = english_context(browser, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server.url, "province")
    page.goto(f"{live_server.url}/rounds/{setup.pk}/dashboard/")
    expect(page.locator("#heatmap")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shots / f"dashboard-{width}.png", full_page=True)
    assert errors == []
    # the chart fills its card
    card = page.locator(".card.chart").bounding_box()
    svg = page.locator(".card.chart svg").bounding_box()
    assert card and svg and svg["width"] >= 0.9 * card["width"], (svg, card)
    # a verified 3.50 is coloured (as 3) and its tooltip is in the interface's language
    cell = page.locator("#heatmap td.heat.l4").first
    assert "ตรวจสอบแล้ว" in (cell.get_attribute("title") or "")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_thai_words_stay_whole_on_the_page(setup, live_server, browser, shots, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    log_in(page, live_server.url, "province")
    expect(page.locator("header nav")).to_contain_text("โทเค็น API")
    nav = page.locator("header nav").element_handle()
    for word in ("รอบการประเมิน", "โทเค็น", "สรุปตัวชี้วัด"):
        assert all(page.evaluate(WORD_ON_ONE_LINE, [nav, word])), word

    page.goto(f"{live_server.url}/rounds/import/")
    page.set_input_files("#document", str(DOC))
    page.locator("form.card button[type=submit]").click()
    table = page.locator("section.card table")
    expect(table).to_be_visible()
    page.screenshot(path=shots / f"import-preview-{width}.png", full_page=True)
    for word in ("กลุ่มงานส่งเสริมฯ", "กลุ่มงานประสานฯ", "งบประมาณ", "ขั้นบันได", "เป้าหมาย"):
        lines = page.evaluate(WORD_ON_ONE_LINE, [table.element_handle(), word])
        assert lines and all(lines), (word, lines)

    page.goto(f"{live_server.url}/rounds/{setup.pk}/d/2001/report/")
    form = page.locator("table.form")
    page.screenshot(path=shots / f"report-{width}.png", full_page=True)
    for word in ("งบประมาณ", "ใช้จ่าย", "ความสำเร็จ"):
        lines = page.evaluate(WORD_ON_ONE_LINE, [form.element_handle(), word])
        assert lines and all(lines), (word, lines)
    # copying the text gives the words back, with nothing between them
    assert "ร้อยละของการใช้จ่ายงบประมาณ" in form.inner_text()
    context.close()


def test_a_phones_header_is_short_and_every_control_is_on_screen(setup, live_server, browser):
    """At 390 px the header takes four short rows (it took six, a quarter of the screen), and
    the person's controls, sign-out included, are on screen without scrolling sideways."""
    context = english_context(browser, 390)
    page = context.new_page()
    log_in(page, live_server.url, "d2001")
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] <= 130, header
    for control in (
        "header .who .inbox-link",
        "header .who a[href*=password]",
        "header .who button",
    ):
        box = page.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (control, box)
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    expect(page.locator("header .who > span")).to_contain_text("อำเภอเมืองชลบุรี")
    context.close()
