"""User management in real Chromium, as the province's HR officer uses it: add a district
officer with a one-time password (a mistake first, fixed without retyping), the new officer
signs in and changes the password, the province deactivates and reactivates, at desktop width
and on a 390 px phone, in a Thai and an English-language browser (the page is Thai in both)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from pramoen.accounts.services import province_setup
from pramoen.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PRAMOEN_SHOTS", "")


@pytest.fixture
def setup(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = province_setup()
    factories.people(province=province, roles={"province": ("province", {})})


def context(browser, width, locale):
    ctx = browser.new_context(
        viewport={"width": width, "height": 900},
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
    )
    ctx.set_default_timeout(15_000)
    return ctx


def sign_in(page, base, user, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("#login-submit")


@pytest.mark.parametrize(("width", "locale"), [(1280, "th-TH"), (390, "en-US")])
def test_the_province_adds_and_manages_a_person(browser, live_server, setup, width, locale):
    ctx = context(browser, width, locale)
    page = ctx.new_page()
    errors = []
    # a refused form answers 422 by design (Chromium logs it); anything else is a fault
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "422" not in m.text else None,
    )
    sign_in(page, live_server.url, "province", "pw-province")
    page.locator("header nav a", has_text="ผู้ใช้").click()
    expect(page.locator("h1")).to_contain_text("ผู้ใช้ของจังหวัดชลบุรี")
    page.get_by_role("link", name="เพิ่มผู้ใช้").click()
    page.fill("#id_username", "d2003")
    page.fill("#id_full_name", "สมหญิง รักดี")
    page.fill("#id_position", "พัฒนาการอำเภอบางละมุง")
    page.fill("#id_email", "somying@example.org")
    page.select_option("#id_role", "district")  # the district not chosen yet: refused
    page.check("input[name=invite][value=password]")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#id_district-error")).to_contain_text("ต้องระบุรหัสอำเภอ")
    expect(page.locator("#id_full_name")).to_have_value("สมหญิง รักดี")  # nothing retyped
    expect(page.locator("#id_email")).to_have_value("somying@example.org")
    page.select_option("#id_district", label="บางละมุง")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/person-form-{width}.png", full_page=True)
    page.get_by_role("button", name="บันทึก").click()
    password = page.locator("#new-password").input_value()
    assert len(password) >= 12
    page.get_by_role("link", name="กลับไปที่รายชื่อผู้ใช้").click()
    row = page.locator("tr", has_text="d2003")
    expect(row).to_contain_text("สมหญิง รักดี")
    expect(row).to_contain_text("บางละมุง")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/people-{width}.png", full_page=True)

    officer = context(browser, width, locale).new_page()
    sign_in(officer, live_server.url, "d2003", password)
    officer.get_by_role("link", name="เปลี่ยนรหัสผ่าน").click()
    officer.fill("#id_old_password", password)
    officer.fill("#id_new_password1", "ส้มโอ-บางละมุง-2569")
    officer.fill("#id_new_password2", "ส้มโอ-บางละมุง-2569")
    officer.get_by_role("button", name="เปลี่ยนรหัสผ่าน").click()
    expect(officer.locator("h1")).to_contain_text("เปลี่ยนรหัสผ่านแล้ว")

    page.once("dialog", lambda d: d.dismiss())  # "are you sure?" → no: nothing changes
    row.get_by_role("button", name="ปิดบัญชี").click()
    expect(row).to_contain_text("ใช้งานได้")
    page.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="ปิดบัญชี").click()
    expect(page.locator(".messages")).to_contain_text("ปิดบัญชี d2003 แล้ว")
    expect(page.locator("tr", has_text="d2003")).to_contain_text("ปิดบัญชีแล้ว")
    expect(page.locator(".history")).to_contain_text("ปิดบัญชี d2003")
    expect(page.locator(".history")).to_contain_text("d2003 เปลี่ยนรหัสผ่าน")

    stranger = context(browser, width, locale).new_page()
    sign_in(stranger, live_server.url, "d2003", "ส้มโอ-บางละมุง-2569")
    expect(stranger.locator(".flash.error")).to_be_visible()  # deactivated: cannot sign in
    assert errors == []
    ctx.close()
