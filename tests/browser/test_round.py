"""A whole round in real Chromium: enter, submit, verify, return, fix, resubmit, approve, lock."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pramoen.accounts.services import province_setup
from pramoen.core import IndicatorResult, display, score_district
from pramoen.evaluation.models import Evaluation, Evidence, Result
from pramoen.evaluation.selectors import round_scorecard
from pramoen.testing import factories
from tests.web.conftest import DOC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERS = {
    "province": ("province", {}),
    "wg-coordination": ("work_group", {"work_group": "coordination"}),
    "wg-strategy": ("work_group", {"work_group": "strategy"}),
    "wg-promotion": ("work_group", {"work_group": "promotion"}),
    "wg-information": ("work_group", {"work_group": "information"}),
    "d2001": ("district", {"district": "2001"}),
}


@pytest.fixture
def setup(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    province = province_setup()
    round_ = factories.round_opened(province=province, document=DOC, reason="ทดสอบ")
    factories.people(province=province, roles=USERS)  # password "pw-<username>"
    return round_


class Session:
    def __init__(self, browser, base: str, user: str, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        # submit, approve, return, reopen and closing a round ask first (a native confirm)
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.base = base
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", f"pw-{user}")
        self.page.click("#login-submit")
        expect(self.page.locator("header .who")).to_contain_text(
            user if user.startswith("d") else ""
        )

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def close(self) -> None:
        self.context.close()


def save_card(page, code: str) -> None:
    card = page.locator(f"#card-{code}")
    card.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator(f"#card-{code} .flash.success")).to_contain_text("บันทึกร่างแล้ว")


def tick(page, code: str, levels) -> None:
    for level in levels:
        page.locator(f"#card-{code} input[name=met][value='{level}']").check()


def verify(page, code: str, district: str = "2001") -> None:
    item = page.locator(f"[data-item='{code}-{district}']")
    item.get_by_role("button", name="ยืนยันผล").click()
    expect(item.locator(".flash.success")).to_contain_text(f"ตรวจสอบ {code}")


def test_a_whole_round_in_the_browser(setup, live_server, browser, tmp_path):
    round_ = setup
    base = live_server.url
    r = round_.pk

    # the work groups enter the province-wide team results
    for user, code, value in (("wg-coordination", "T1", "87.5"), ("wg-strategy", "T2", "91")):
        s = Session(browser, base, user)
        page = s.go(f"/rounds/{r}/queue/")
        page.fill(f"#shared-{code} input[name=value]", value)
        page.locator(f"#shared-{code}").get_by_role("button", name="บันทึกผลระดับจังหวัด").click()
        expect(page.locator(".messages")).to_contain_text(f"บันทึกผลระดับจังหวัดของ {code}")
        s.close()

    # the district officer enters every indicator, on a phone-width screen
    d = Session(browser, base, "d2001", width=390)
    page = d.go(f"/rounds/{r}/d/2001/")
    page.fill("#v-I2a", "5")
    # the level and score appear as they type (htmx), before saving
    expect(page.locator("[data-preview-level='I2a']")).to_have_text("2")
    save_card(page, "I2a")
    page.fill("#v-I5", "๑๑")  # Thai digits
    save_card(page, "I5")
    tick(page, "I1", [1, 2, 3, 4])
    save_card(page, "I1")
    tick(page, "I3a", [1, 2])
    page.fill("#m0-I3a", "29")  # 29 people → levels 3 and 4 hold by the number
    save_card(page, "I3a")
    tick(page, "I4", [1, 2, 3])
    save_card(page, "I4")
    tick(page, "I6", [1, 2, 3, 4, 5])
    save_card(page, "I6")
    # a bad value is refused in Thai and what was typed stays
    page.fill("#v-I5", "สิบ")
    page.locator("#card-I5").get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator("#card-I5 .field-error")).to_contain_text("ต้องเป็นตัวเลข")
    expect(page.locator("#v-I5")).to_have_value("สิบ")
    page.reload()
    expect(page.locator("#v-I5")).to_have_value("11")
    # evidence for I5
    proof = tmp_path / "รายงานหนี้.pdf"
    proof.write_bytes(b"%PDF-1.4\n% evidence\n")
    page.set_input_files("#file-I5", str(proof))
    page.locator("#card-I5").get_by_role("button", name="แนบ").click()
    expect(page.locator("#card-I5 .evidence")).to_contain_text("รายงานหนี้.pdf")
    page.click("#submit-evaluation")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "submitted")

    # the work groups: promotion returns I2a and verifies the rest of its own
    s = Session(browser, base, "wg-promotion")
    page = s.go(f"/rounds/{r}/queue/")
    item = page.locator("[data-item='I2a-2001']")
    item.locator("textarea[name^=reason]").fill("ไม่มีรายชื่อโปรแกรมท่องเที่ยวแนบมา")
    page.once("dialog", lambda dialog: dialog.accept())  # "return I2a?"
    item.get_by_role("button", name="ส่งกลับให้อำเภอแก้ไข").click()
    expect(item.locator(".flash.success")).to_contain_text("ส่ง I2a กลับ")
    verify(page, "I1")
    verify(page, "I6")
    s.close()
    for user, codes in (("wg-coordination", ["I5"]), ("wg-information", ["I3a", "I4"])):
        s = Session(browser, base, user)
        page = s.go(f"/rounds/{r}/queue/")
        for code in codes:
            verify(page, code)
        s.close()

    # the district sees why, fixes I2a and resubmits
    page = d.go(f"/rounds/{r}/d/2001/")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "returned")
    expect(page.locator("#card-I2a")).to_contain_text("ไม่มีรายชื่อโปรแกรมท่องเที่ยวแนบมา")
    page.fill("#v-I2a", "8")
    save_card(page, "I2a")
    page.click("#submit-evaluation")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "submitted")

    s = Session(browser, base, "wg-promotion")
    verify(s.go(f"/rounds/{r}/queue/"), "I2a")
    s.close()

    # the province approves; the evaluation is locked
    p = Session(browser, base, "province")
    page = p.go(f"/rounds/{r}/d/2001/")
    page.click("#approve")
    expect(page.locator("#evaluation-status")).to_have_attribute("data-status", "approved")

    # the scores shown equal the core's for the same levels
    levels = {"T1": 4, "T2": 5, "I1": 4, "I2a": 4, "I3a": 4, "I4": 3, "I5": 4, "I6": 5}
    scorecard = round_scorecard(round_)
    expected = score_district(
        scorecard,
        scorecard.district("2001"),
        {k: IndicatorResult(level=v) for k, v in levels.items()},
    )
    shown = {
        k: page.locator(f"[data-score='{k}']").inner_text()
        for k in ("team", "individual", "achievement")
    }
    assert shown == {
        "team": f"{display(expected.team.score):.2f}",
        "individual": f"{display(expected.individual.score):.2f}",
        "achievement": f"{display(expected.achievement):.2f}",
    }
    verified = {
        r.indicator.code: r.verified_level for r in Result.objects.select_related("indicator")
    }
    assert verified == {k: Decimal(v) for k, v in levels.items()}
    assert Evaluation.objects.get(district__code="2001").status == "approved"
    assert Evidence.objects.get().original_name == "รายงานหนี้.pdf"
    overview = p.go(f"/rounds/{r}/")
    expect(overview.locator("tr[data-district='2001']")).to_contain_text(
        f"{display(expected.achievement):.2f}"
    )
    p.close()

    # locked: the district has nothing left to edit
    page = d.go(f"/rounds/{r}/d/2001/")
    expect(page.locator("#submit-evaluation")).to_have_count(0)
    expect(page.get_by_role("button", name="บันทึกร่าง")).to_have_count(0)
    d.close()
