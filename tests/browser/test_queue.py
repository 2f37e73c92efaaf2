"""A work group's queue in real Chromium, on a desktop and a 390 px phone, in a Thai and an
English-language browser: a refused level keeps what was typed, withdraw with a reason, the
batch with "select all", and the confirmation before anything destructive (keyboard too).

Selectors are ids and data attributes, so the tests hold whichever language the interface is
in; messages are matched in Thai or English. Set PRAMOEN_SCREENSHOTS=<dir> to keep the pages.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pramoen.evaluation import services
from pramoen.evaluation.models import HistoryEvent, Result
from pramoen.testing import factories
from tests.browser.test_round import setup  # noqa: F401 - the fixture
from tests.exchange.helpers import state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = [(1280, "th-TH"), (390, "en-US"), (390, "th-TH"), (1280, "en-US")]
WHOLE = re.compile(r"ระดับต้องเป็นจำนวนเต็ม|must be a whole number")


class Queue:
    """A work group's queue page in its own browser context."""

    def __init__(self, browser, base: str, round_id: int, user: str, width: int, locale: str):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.dialogs: list[str] = []
        self.answer = True
        self.page.on("dialog", self._dialog)
        self.page.goto(f"{base}/accounts/login/")
        self.page.fill("#id_username", user)
        self.page.fill("#id_password", f"pw-{user}")
        self.page.click("#login-submit")
        expect(self.page.locator("header .who")).to_be_visible()
        self.page.goto(f"{base}/rounds/{round_id}/queue/")
        self.width, self.locale = width, locale

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        if self.answer:
            dialog.accept()
        else:
            dialog.dismiss()

    def row(self, result: Result):
        return self.page.locator(f"#item-{result.pk}")

    def button(self, action: str, result: Result):
        return self.page.locator(f"button[value='{action}:{result.pk}']")

    def shoot(self, name: str) -> None:
        where = os.environ.get("PRAMOEN_SCREENSHOTS")
        if where:
            Path(where).mkdir(parents=True, exist_ok=True)
            path = Path(where) / f"{name}-{self.width}-{self.locale}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def close(self) -> None:
        assert self.errors == [], self.errors  # no CSP violation, no script error
        self.context.close()


def _result(code: str) -> Result:
    return Result.objects.get(indicator__code=code, district__code="2001")


def _submitted(round_, users=None):
    users = users or factories.people_by_username(["d2001", "wg-coordination"])
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)


@pytest.mark.parametrize(("width", "locale"), SCREENS, ids=[f"{w}-{lc}" for w, lc in SCREENS])
def test_a_refused_level_keeps_the_comment_typed_and_says_why_beside_it(
    setup,  # noqa: F811 - the fixture imported above
    live_server,
    browser,
    width,
    locale,
):
    _submitted(setup)
    i5 = _result("I5")
    q = Queue(browser, live_server.url, setup.pk, "wg-coordination", width, locale)
    before = state()
    q.page.fill(f"#level-{i5.pk}", "3.5")
    q.page.fill(f"#comment-{i5.pk}", "มีหลักฐานครึ่งหนึ่ง")
    q.button("verify", i5).click()
    expect(q.row(i5).locator(f"#level-error-{i5.pk}")).to_have_text(WHOLE)
    expect(q.page.locator(f"#level-{i5.pk}")).to_have_value("3.5")
    expect(q.page.locator(f"#level-{i5.pk}")).to_have_attribute("aria-invalid", "true")
    expect(q.page.locator(f"#comment-{i5.pk}")).to_have_value("มีหลักฐานครึ่งหนึ่ง")
    q.shoot("queue-refused")
    assert state() == before
    # fixed in place, verified without leaving the page
    q.page.fill(f"#level-{i5.pk}", "4")
    q.button("verify", i5).click()
    expect(q.row(i5)).to_have_attribute("data-status", "verified")
    expect(q.page.locator("#awaiting-count")).to_have_text("0")
    expect(q.page.locator("#verified-count")).to_have_text("1")
    assert (_result("I5").verified_level, _result("I5").verification_comment) == (
        Decimal(4),
        "มีหลักฐานครึ่งหนึ่ง",
    )
    q.close()


@pytest.mark.parametrize(("width", "locale"), SCREENS[:2], ids=["1280-th-TH", "390-en-US"])
def test_a_work_group_withdraws_its_verification_with_a_reason_after_confirming(
    setup,  # noqa: F811
    live_server,
    browser,
    width,
    locale,
):
    users = factories.people_by_username(["d2001", "wg-coordination"])
    _submitted(setup, users)
    i5 = _result("I5")
    services.result_verify(
        result=i5, user=users["wg-coordination"], level=Decimal(5), comment="", version=i5.version
    )
    q = Queue(browser, live_server.url, setup.pk, "wg-coordination", width, locale)
    q.row(i5).locator("details.withdraw summary").click()
    q.shoot("queue-withdraw")
    # asked first; saying no changes nothing
    q.answer = False
    q.page.fill(f"#reason-{i5.pk}", "ยืนยันผิดอำเภอ")
    q.button("withdraw", i5).click()
    expect(q.row(i5)).to_have_attribute("data-status", "verified")
    assert len(q.dialogs) == 1 and q.dialogs[0].startswith("confirm: ") and "I5" in q.dialogs[0]
    assert _result("I5").status == "verified"
    # a reason of nothing is refused beside the field
    q.answer = True
    q.page.fill(f"#reason-{i5.pk}", "   ")
    q.button("withdraw", i5).click()
    expect(q.row(i5).locator(f"#reason-error-{i5.pk}")).to_have_text(
        re.compile("ต้องระบุเหตุผลที่ถอนการยืนยัน|reason for withdrawing")
    )
    q.page.fill(f"#reason-{i5.pk}", "ยืนยันผิดอำเภอ")
    q.button("withdraw", i5).click()
    expect(q.row(i5)).to_have_attribute("data-status", "submitted")
    expect(q.page.locator(f"#level-{i5.pk}")).to_have_value("5")  # verify again from here
    r = _result("I5")
    assert (r.status, r.verified_level) == ("submitted", None)
    assert HistoryEvent.objects.get(action="result_verification_withdrawn").reason == (
        "ยืนยันผิดอำเภอ"
    )
    q.close()


@pytest.mark.parametrize(("width", "locale"), SCREENS[:2], ids=["1280-th-TH", "390-en-US"])
def test_the_batch_verifies_the_selected_rows_all_or_none(
    setup,  # noqa: F811
    live_server,
    browser,
    width,
    locale,
):
    _submitted(setup)
    i1, i2a, i6 = _result("I1"), _result("I2a"), _result("I6")
    q = Queue(browser, live_server.url, setup.pk, "wg-promotion", width, locale)
    select_all = q.page.locator("[data-select-all]")
    expect(select_all).to_be_visible()
    select_all.check()
    for r in (i1, i2a, i6):
        expect(q.row(r).locator("input[name=selected]")).to_be_checked()
    q.page.fill(f"#level-{i2a.pk}", "3.5")
    q.page.fill(f"#comment-{i2a.pk}", "ครึ่งหนึ่ง")
    q.shoot("queue-batch")
    before = state()
    q.page.locator("#bulk-verify").click()
    expect(q.page.locator("#bulk-error")).to_be_visible()
    expect(q.row(i2a).locator(f"#level-error-{i2a.pk}")).to_have_text(WHOLE)
    expect(q.page.locator(f"#comment-{i2a.pk}")).to_have_value("ครึ่งหนึ่ง")
    expect(q.row(i1).locator(".field-error")).to_have_count(0)
    expect(select_all).to_be_checked()  # still selected, to fix and send again
    q.shoot("queue-batch-refused")
    assert state() == before
    assert len(q.dialogs) == 1
    q.page.fill(f"#level-{i2a.pk}", "2")
    q.page.locator("#bulk-verify").click()
    expect(q.page.locator("#verified-count")).to_have_text("3")
    expect(q.page.locator("#awaiting-count")).to_have_text("0")
    assert [(_result(c).status, _result(c).verified_level) for c in ("I1", "I2a", "I6")] == [
        ("verified", Decimal(4)),
        ("verified", Decimal(2)),
        ("verified", Decimal(5)),
    ]
    q.close()


@pytest.mark.parametrize(("width", "locale"), SCREENS[:2], ids=["1280-th-TH", "390-en-US"])
def test_return_asks_first_and_is_answered_from_the_keyboard(
    setup,  # noqa: F811
    live_server,
    browser,
    width,
    locale,
):
    _submitted(setup)
    i5 = _result("I5")
    q = Queue(browser, live_server.url, setup.pk, "wg-coordination", width, locale)
    q.page.fill(f"#reason-{i5.pk}", "ไม่มีหลักฐานแนบ")
    # Tab from the reason to its button, Enter: the native confirmation, dismissed
    q.answer = False
    q.page.focus(f"#reason-{i5.pk}")
    q.page.keyboard.press("Tab")
    expect(q.button("return", i5)).to_be_focused()
    q.page.keyboard.press("Enter")
    expect(q.row(i5)).to_have_attribute("data-status", "submitted")
    assert len(q.dialogs) == 1 and "I5" in q.dialogs[0]
    assert _result("I5").status == "submitted"
    # accepted: returned, with the reason
    q.answer = True
    q.button("return", i5).press("Enter")
    expect(q.row(i5)).to_have_attribute("data-status", "returned")
    assert (_result("I5").status, _result("I5").return_reason) == ("returned", "ไม่มีหลักฐานแนบ")
    # and the batch asks too
    q.page.reload()
    assert q.page.locator("#bulk-return").count() == 0  # nothing left to return
    q.close()
