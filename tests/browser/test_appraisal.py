"""The appraisal in real Chromium, at desktop and phone widths, in a th-TH and an en-US
browser: the evaluator leaves a competency unrated (refused, nothing typed is lost), rates it,
sends; the evaluatee dismisses the question once (nothing happens), then acknowledges; the
page never scrolls sideways on a phone. ``PRAMOEN_SHOTS=<dir>`` keeps screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pramoen.accounts.services import province_setup
from pramoen.appraisal.models import Appraisal
from pramoen.evaluation import services
from pramoen.testing import factories
from tests.browser.test_officer_flow import Session
from tests.web.conftest import DOC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWS = [
    pytest.param(1280, "th-TH", id="desktop-th"),
    pytest.param(390, "en-US", id="phone-en"),
]


@pytest.fixture
def approved(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    province = province_setup()
    round_ = factories.round_opened(province=province, document=DOC)
    users = factories.people(province=province)
    factories.shared_results_entered(round_=round_, users=users)
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    return round_


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_rate_refused_then_sent_then_acknowledged(
    approved, live_server, browser, width, locale, request
):
    name = request.node.callspec.id
    boss = Session(browser, live_server.url, "province", width, locale, name)
    page = boss.go(f"/rounds/{approved.pk}/d/2001/")
    page.locator("#appraisal-link").click()
    expect(page.locator("#rate-form")).to_be_visible()
    expect(page.locator('[data-score="achievement"]')).to_have_text("85.50")
    for code, level in (("ACH", "3"), ("SERV", "4"), ("EXP", "2"), ("ING", "1")):
        page.select_option(f"#rating-{code}", level)
    page.fill("#comment", "ขยันและตรงต่อเวลา")
    page.fill("#plan-what-1", "การเขียนรายงาน")
    page.fill("#plan-when-1", "ไตรมาส 2")
    boss.answer(True)
    page.locator("#rate").click()
    # TW left unrated: refused, and everything typed is still there
    expect(page.locator("#appraisal-error")).to_contain_text(
        boss.says("ยังไม่ได้ประเมินสมรรถนะ", "ยังไม่ได้ประเมินสมรรถนะ")  # the core's Thai
    )
    expect(page.locator("#comment")).to_have_value("ขยันและตรงต่อเวลา")
    expect(page.locator("#plan-what-1")).to_have_value("การเขียนรายงาน")
    expect(page.locator("#rating-SERV")).to_have_value("4")
    assert not Appraisal.objects.exists()
    page.select_option("#rating-TW", "3")
    boss.answer(True)
    page.locator("#rate").click()
    expect(page.locator('[data-score="total"]')).to_have_text(re.compile(r"83\.85"))
    expect(page.locator("#appraisal-status")).to_have_attribute("data-status", "acknowledging")
    _no_sideways_scroll(page)
    boss.shot("appraisal-rated")
    boss.close()

    officer = Session(browser, live_server.url, "d2001", width, locale, name)
    page = officer.go(f"/rounds/{approved.pk}/d/2001/appraisal/")
    officer.answer(False)  # changes their mind: nothing is signed
    page.locator("#acknowledge").click()
    expect(page.locator("#acknowledge")).to_be_visible()
    assert Appraisal.objects.get().acknowledged_at is None
    officer.answer(True)
    page.locator("#acknowledge").click()
    expect(page.locator("[data-acknowledged]")).to_be_visible()
    expect(page.locator("#appraisal-status")).to_have_attribute("data-status", "supervisor")
    _no_sideways_scroll(page)
    officer.shot("appraisal-acknowledged")
    officer.close()


@pytest.mark.parametrize(("width", "locale"), VIEWS)
def test_the_setup_in_two_tabs_the_later_save_is_shown_the_other_not_overwritten(
    approved, live_server, browser, width, locale, request
):
    from pramoen.appraisal.models import AppraisalSetup

    name = request.node.callspec.id
    path = f"/rounds/{approved.pk}/appraisal/setup/"
    one = Session(browser, live_server.url, "province", width, locale, name + "-one")
    two = Session(browser, live_server.url, "province", width, locale, name + "-two")
    first, second = one.go(path), two.go(path)  # both open before either saves
    first.fill("#weight_achievement", "80")
    first.fill("#weight_competency", "20")
    first.locator("#setup-form button[type=submit]").click()
    expect(first.locator(".messages .success")).to_be_visible()
    # tab two types, changes its mind, types again, then saves
    second.fill("#weight_achievement", "90")
    second.fill("#weight_achievement", "72")
    second.fill("#weight_competency", "28")
    second.fill("input[name=name_th-1]", "การมุ่งผลสัมฤทธิ์ของทีม")
    second.locator("#setup-form button[type=submit]").click()
    expect(second.locator("#setup-error")).to_contain_text("มีผู้อื่นบันทึกการตั้งค่านี้")
    expect(second.locator("#setup-latest")).to_contain_text("80")
    # what tab two typed is still in its form; tab one's setup is what is stored
    expect(second.locator("#weight_achievement")).to_have_value("72")
    expect(second.locator("input[name=name_th-1]")).to_have_value("การมุ่งผลสัมฤทธิ์ของทีม")
    setup = AppraisalSetup.objects.get(round=approved)
    assert (setup.weight_achievement, setup.version) == (80, 1)
    if width < 640:  # a competency is a block of its own: the code field is not squeezed
        box = second.locator("input[name=code-1]").bounding_box()
        assert box and box["width"] >= 120, box
        _no_sideways_scroll(second)
    two.shot("appraisal-setup-conflict")
    # saving again, knowingly, goes through
    second.locator("#setup-form button[type=submit]").click()
    expect(second.locator(".messages .success")).to_be_visible()
    setup.refresh_from_db()
    assert (setup.weight_achievement, setup.version) == (72, 2)
    assert setup.competencies[0]["name_th"] == "การมุ่งผลสัมฤทธิ์ของทีม"
    one.close()
    two.close()
