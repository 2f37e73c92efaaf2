"""The fiscal-year pages in real Chromium, as people use them (issue 16): the province office
opens the year from a round, reads both rounds side by side, follows a district to its year,
downloads the table; a district officer sees their own year and is refused another's.

At 1280 px in a th-TH browser and at 390 px in an en-US one: the interface is Thai whatever
the browser asks, English after the switch; on a phone the page never scrolls sideways and no
word is cut across two lines. The figures are the year world's (tests/evaluation/year_world.py,
the same as tests/evaluation/views/test_year.py). ``PRAMOEN_SHOTS=<dir>`` keeps screenshots."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from pramoen.accounts.services import province_setup
from pramoen.testing import factories
from tests.browser.test_officer_flow import Session
from tests.evaluation.year_world import two_rounds
from tests.web.conftest import DOC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Mueang Chonburi (2001): round 1 85.50, round 2 86.375, both ดีมาก
# Phan Thong (2005): round 1 not submitted, round 2 55.08 (ต้องปรับปรุง)
MEAN = {
    "rule": "mean",
    "says_th": "ผลประจำปี: ค่าเฉลี่ยของสองรอบ",
    "says_en": "The year's result: the mean of the two rounds",
    "result": "85.94",
    "rank_2005": "–",
    "result_2005": "–",
}
LAST = {
    "rule": "last",
    "says_th": "ผลประจำปี: รอบที่ 2",
    "says_en": "The year's result: round 2",
    "result": "86.38",
    "rank_2005": "2",
    "result_2005": "55.08",
}
# Mueang Chonburi's verified levels in rounds 1 and 2 (I6 was taken out of round 2)
LEVELS_2001 = {
    "T1": ["4", "5"],
    "T2": ["5", "3"],
    "I1": ["4", "3"],
    "I2a": ["3", "5"],
    "I3a": ["5", "5"],
    "I4": ["3", "5"],
    "I5": ["5", "4"],
    "I6": ["5", "–"],
}
CONTENT_TYPE = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@pytest.fixture
def year(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    province = province_setup()
    round_ = factories.round_opened(province=province, document=DOC)
    users = factories.people(province=province)  # password "pw-<username>"
    return two_rounds(round_, users)


# Words (as Chromium's own Thai dictionary cuts them, per text node: the ``words`` filter's
# pieces are text nodes of their own) that the layout laid over two lines.
CUT_WORDS = """() => {
  const seg = new Intl.Segmenter(document.documentElement.lang || 'th', {granularity: 'word'});
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const cut = [];
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    if (!node.parentElement.checkVisibility()) continue;
    for (const s of seg.segment(node.data)) {
      if (!s.isWordLike || s.segment.length < 2) continue;
      const range = document.createRange();
      range.setStart(node, s.index);
      range.setEnd(node, s.index + s.segment.length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) cut.push(s.segment);
    }
  }
  return cut;
}"""


def _fits_a_phone(page) -> None:
    """No sideways scroll of the page (a wide table scrolls in its own box) and no cut word."""
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    assert page.evaluate(CUT_WORDS) == []


def _results_on_screen(page) -> None:
    """The year's result of every district is on the screen, not beyond the table's scroll."""
    inner = page.evaluate("window.innerWidth")
    for cell in page.locator("#year [data-result]").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= inner, box


def _row(page, code: str):
    return page.locator(f"#year tr[data-district='{code}']")


def _levels(page) -> dict[str, list[str]]:
    """Each indicator's verified level in rounds 1 and 2, as the district's year shows them."""
    return {
        row.get_attribute("data-indicator"): [
            row.locator(f"[data-level='{n}']").inner_text() for n in (1, 2)
        ]
        for row in page.locator("#year-levels tr[data-indicator]").all()
    }


@pytest.mark.parametrize(
    ("width", "locale", "rule"),
    [
        pytest.param(1280, "th-TH", MEAN, id="desktop-th-mean"),
        pytest.param(390, "en-US", LAST, id="phone-en-last"),
    ],
)
def test_both_rounds_side_by_side_then_a_district_by_click(
    year, live_server, browser, settings, width, locale, rule, request
):
    settings.PRAMOEN_YEAR_RULE = rule["rule"]
    first, _second = year
    phone = width < 800
    boss = Session(browser, live_server.url, "province", width, locale, request.node.callspec.id)
    page = boss.go(f"/rounds/{first.pk}/")
    page.locator("main a[href='/years/2568/']").first.click()
    expect(page).to_have_url(re.compile(r"/years/2568/$"))
    # Thai whatever the browser asks
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_have_text("ผลการประเมินทั้งสองรอบ ปีงบประมาณ 2568")
    expect(page.locator("#year-rule")).to_have_attribute("data-rule", rule["rule"])
    expect(page.locator("#year-rule")).to_have_text(rule["says_th"])
    mueang = _row(page, "2001")
    expect(mueang.locator("[data-round='1']")).to_have_text("85.50 ดีมาก", use_inner_text=True)
    expect(mueang.locator("[data-round='2']")).to_have_text("86.38 ดีมาก", use_inner_text=True)
    expect(mueang.locator("[data-result]")).to_have_text(rule["result"])
    expect(mueang.locator("[data-rank]")).to_have_text("1")
    phan_thong = _row(page, "2005")  # round 1 not submitted
    expect(phan_thong.locator("[data-round='1']")).to_have_text("ยังไม่ส่ง")
    expect(phan_thong.locator("[data-rank]")).to_have_text(rule["rank_2005"])
    expect(phan_thong.locator("[data-result]")).to_have_text(rule["result_2005"])
    if phone:  # the change is left out on a phone (the district's year shows it)
        expect(mueang.locator("[data-change]")).to_be_hidden()
        _fits_a_phone(page)
        _results_on_screen(page)
    else:
        expect(mueang.locator("[data-change]")).to_have_text("+0.88")
        expect(mueang.locator("[data-rating]")).to_have_text("ดีมาก")
    boss.shot("year")

    mueang.get_by_role("link", name="เมืองชลบุรี").click()
    expect(page).to_have_url(re.compile(r"/years/2568/d/2001/$"))
    expect(page.locator("h1")).to_have_text("อำเภอเมืองชลบุรี ทั้งสองรอบ ปีงบประมาณ 2568")
    expect(page.locator("#year-result [data-result]")).to_have_text(rule["result"])
    expect(page.locator("#year-result [data-change]")).to_have_text("+0.88")
    for n, achievement in ((1, "85.50"), (2, "86.38")):
        expect(page.locator(f"[data-achievement='{n}']")).to_have_text(achievement)
    assert _levels(page) == LEVELS_2001
    # one digit style: the document's "พ.ศ. ๒๕๖๘" in T2's title is written as the scores are
    expect(page.locator("tr[data-indicator='T2']")).to_contain_text("พ.ศ. 2568")
    if phone:
        _fits_a_phone(page)
    boss.shot("year-district")

    if phone:  # the switch: the same page in English
        page.locator("header .lang button").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        # names stay as the province wrote them, as on every page
        expect(page.locator("h1")).to_have_text(
            "เมืองชลบุรี district, both rounds of fiscal year 2568"
        )
        expect(page.locator("#year-rule")).to_have_text(rule["says_en"])
        expect(page.locator("#year-result")).to_contain_text("Very good")
        assert _levels(page) == LEVELS_2001
        _fits_a_phone(page)
        boss.shot("year-district-en")
        page.get_by_role("link", name="Every district, fiscal year 2568").click()
        expect(page.locator("h1")).to_have_text("Both rounds of fiscal year 2568")
        expect(_row(page, "2001").locator("[data-round='1']")).to_have_text(
            "85.50 Very good", use_inner_text=True
        )
        _fits_a_phone(page)
        _results_on_screen(page)
        boss.shot("year-en")
    boss.close()


def test_the_table_downloads_from_the_page(year, live_server, browser, request):
    boss = Session(browser, live_server.url, "province", 1280, "th-TH", "desktop-th")
    page = boss.go("/years/2568/")
    files = {}
    for link, fmt in (("#year-csv", "csv"), ("#year-xlsx", "xlsx"), ("#year-pdf", "pdf")):
        url = re.compile(rf"/years/2568/table\.{fmt}$")
        with page.expect_response(url) as answer, page.expect_download() as download:
            page.locator(link).click()
        assert answer.value.status == 200
        assert answer.value.headers["content-type"].startswith(CONTENT_TYPE[fmt])
        assert download.value.suggested_filename == f"pramoen-2568-year-province.{fmt}"
        files[fmt] = Path(download.value.path()).read_bytes()

    table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert table[0][:3] == ["อันดับ", "รหัส", "อำเภอ"]
    assert table[1][:3] == ["1", "2001", "เมืองชลบุรี"] and table[1][-3:] == ["0.88", "85.94", "ดีมาก"]

    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert sheet["A1"].value == "ผลการประเมินทั้งสองรอบ จังหวัดชลบุรี ปีงบประมาณ พ.ศ. 2568"
    assert [c.value for c in sheet[5]][:3] == [1, "2001", "เมืองชลบุรี"]

    assert files["pdf"].startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "ผลการประเมินทั้งสองรอบ" in text and "เมืองชลบุรี" in text and "85.94" in text
    boss.close()


@pytest.mark.parametrize(
    ("width", "locale"),
    [pytest.param(1280, "th-TH", id="desktop-th"), pytest.param(390, "en-US", id="phone-en")],
)
def test_a_district_officer_sees_only_their_own_year(
    year, live_server, browser, width, locale, request
):
    officer = Session(browser, live_server.url, "d2002", width, locale, request.node.callspec.id)
    page = officer.go("/years/2568/d/2002/")
    expect(page.locator("h1")).to_have_text("อำเภอบ้านบึง ทั้งสองรอบ ปีงบประมาณ 2568")
    expect(page.locator("[data-achievement='1']")).to_have_text("70.50")
    expect(page.locator("[data-achievement='2']")).to_have_text("ยังไม่ส่ง")
    expect(page.locator("#year-result [data-result]")).to_have_text("–")
    expect(page.locator("main a[href='/years/2568/']")).to_have_count(0)
    if width < 800:
        _fits_a_phone(page)
    officer.shot("year-own-district")
    # another district's year and the province's table: refused in Thai, not a server error
    for label, path, status, says in (
        ("another", "/years/2568/d/2001/", 404, "ไม่พบข้อมูลที่ขอ หรือคุณไม่มีสิทธิ์เห็นข้อมูลนี้"),
        ("province", "/years/2568/", 403, "คุณไม่มีสิทธิ์ทำรายการนี้"),
        ("file", "/years/2568/table.xlsx", 403, "คุณไม่มีสิทธิ์ทำรายการนี้"),
    ):
        answer = page.goto(live_server.url + path)
        assert answer.status == status, path
        expect(page.locator("h1")).to_have_text(says)
        expect(page.locator("main")).not_to_contain_text("เมืองชลบุรี")
        if width < 800:
            _fits_a_phone(page)
        officer.shot(f"year-refused-{label}")
    officer.close()
