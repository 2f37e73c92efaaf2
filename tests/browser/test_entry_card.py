"""The result card in real Chromium, at desktop and phone width, in a Thai and an English
browser: nothing typed is lost, the preview follows every change and says why, ladders say
their rule, conflicts show both versions, and leaving with unsaved changes warns."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pramoen.evaluation.models import Evidence, Result
from tests.browser.test_round import setup  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROWSERS = [
    pytest.param((1280, "th-TH"), id="desktop-th"),
    pytest.param((390, "th-TH"), id="phone-th"),
    pytest.param((1280, "en-US"), id="desktop-en"),
    pytest.param((390, "en-US"), id="phone-en"),
]


@pytest.fixture(params=BROWSERS)
def officer(request, browser, live_server, setup):  # noqa: F811 - the fixture imported above
    width, locale = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale=locale,
        extra_http_headers={"Accept-Language": f"{locale},{locale[:2]};q=0.9"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "d2001")
    page.fill("#id_password", "pw-d2001")
    page.click("#login-submit")
    expect(page.locator("header .who")).to_contain_text("d2001")
    page.entry = f"{live_server.url}/rounds/{setup.pk}/d/2001/"  # type: ignore[attr-defined]
    page.goto(page.entry)  # type: ignore[attr-defined]
    yield page
    assert not [e for e in errors if "htmx" in e or "Content Security Policy" in e], errors
    context.close()


def idle(page) -> None:
    """As a user would, wait for the preview to answer before pressing a button: the live
    server's in-memory SQLite is shared between its threads and locks a table for a writer
    meeting a reader (a file database in WAL mode does not)."""
    page.wait_for_timeout(300)  # the preview's debounce
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def save(page, code: str) -> None:
    idle(page)
    page.locator(f"#entry-{code} button[type=submit]").click()
    expect(page.locator(f"#card-{code} .flash.success")).to_be_visible()
    expect(page.locator(f"#entry-{code}")).not_to_have_attribute("data-unsaved", "true")


def level(page, code: str):
    return page.locator(f"[data-preview-level='{code}']")


def attach(page, code: str, path) -> None:
    idle(page)
    page.set_input_files(f"#file-{code}", str(path))
    page.locator(f"#card-{code} .inline-form button[type=submit]").click()


def test_the_preview_follows_every_keystroke_and_says_why(officer):
    page = officer
    field = page.locator("#v-I5")
    for typed, expected in (("25", "1"), ("14.5", "3"), ("11", "4"), ("9", "5"), ("18", "2")):
        field.fill(typed)  # type, change your mind, type again
        expect(level(page, "I5")).to_have_text(expected)
    expect(page.locator("[data-why='I5']")).to_contain_text(re.compile(r"20( %)? ✓, 15 ✗"))
    field.press_sequentially("0")  # "180" keystroke by keystroke: out of range, said so
    expect(page.locator("#preview-I5 .field-error")).to_be_visible()
    field.press("Backspace")
    expect(level(page, "I5")).to_have_text("2")
    assert page.locator("#preview-I5").count() == 1  # the target survived every answer


def test_ladder_boxes_ticked_out_of_order_show_the_gap_before_saving(officer):
    page = officer
    box = lambda n: page.locator(f"#entry-I6 input[name=met][value='{n}']")  # noqa: E731
    expect(page.locator("#card-I6 .ladder-rule")).to_be_visible()
    box(3).check()
    expect(level(page, "I6")).to_have_text("0")
    expect(page.locator("[data-why-note='I6']")).to_contain_text("1–2")
    box(1).check()
    expect(level(page, "I6")).to_have_text("1")
    expect(page.locator("[data-why-note='I6']")).to_contain_text("3")
    box(2).check()
    expect(level(page, "I6")).to_have_text("3")
    expect(page.locator("[data-why-note='I6']")).to_have_count(0)
    box(1).uncheck()  # change of mind: the gap is back
    expect(level(page, "I6")).to_have_text("0")
    save(page, "I6")
    expect(page.locator("[data-why-note='I6']")).to_contain_text("2–3")  # and stays said
    assert Result.objects.get(indicator__code="I6").met == [2, 3]


def test_a_number_that_overrides_a_tick_is_said(officer):
    page = officer
    for n in (1, 2, 3):
        page.locator(f"#entry-I4 input[name=met][value='{n}']").check()
    expect(level(page, "I4")).to_have_text("3")
    page.fill("#m0-I4", "5")  # level 3 needs 10 households
    expect(level(page, "I4")).to_have_text("2")
    expect(page.locator("[data-why-note='I4']")).to_contain_text("3")


def test_attaching_removing_and_refused_files_keep_what_was_typed(officer, tmp_path, settings):
    page = officer
    page.fill("#v-I5", "12")
    save(page, "I5")
    page.fill("#v-I5", "14.5")
    page.fill("#note-I5", "พิมพ์ไว้ ยังไม่บันทึก")
    proof = tmp_path / "รายงาน.pdf"
    proof.write_bytes(b"%PDF-1.4\n% evidence\n")
    attach(page, "I5", proof)  # attach a file mid-edit
    expect(page.locator("#card-I5 .evidence")).to_contain_text("รายงาน.pdf")
    expect(page.locator("#v-I5")).to_have_value("14.5")
    expect(page.locator("#note-I5")).to_have_value("พิมพ์ไว้ ยังไม่บันทึก")
    expect(page.locator("#entry-I5 .unsaved-mark")).to_be_visible()

    page.fill("#v-I5", "11")  # change again, then a file of the wrong type
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00 not a document")
    attach(page, "I5", bad)
    expect(page.locator("#card-I5 .flash.error")).to_be_visible()
    expect(page.locator("#v-I5")).to_have_value("11")
    expect(level(page, "I5")).to_have_text("4")

    settings.EVIDENCE_MAX_BYTES = 100  # and one too large
    big = tmp_path / "ใหญ่.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 1000)
    attach(page, "I5", big)
    expect(page.locator("#card-I5 .flash.error")).to_be_visible()
    expect(page.locator("#v-I5")).to_have_value("11")
    expect(page.locator("#note-I5")).to_have_value("พิมพ์ไว้ ยังไม่บันทึก")

    idle(page)
    page.locator("#card-I5 .evidence form button").click()  # remove evidence mid-edit
    expect(page.locator("#card-I5 .flash.success")).to_be_visible()
    assert not Evidence.objects.filter(removed_at__isnull=True).exists()
    expect(page.locator("#v-I5")).to_have_value("11")
    assert Result.objects.get(indicator__code="I5").value == Decimal(12)  # nothing saved yet
    save(page, "I5")
    assert Result.objects.get(indicator__code="I5").value == Decimal(11)


def test_two_tabs_show_both_versions_and_mine_can_go_on_top(officer):
    first = officer
    first.fill("#v-I5", "12")
    save(first, "I5")
    second = first.context.new_page()
    second.goto(first.entry)  # type: ignore[attr-defined]
    first.fill("#v-I5", "9")
    first.fill("#note-I5", "แท็บแรก")
    save(first, "I5")
    second.fill("#v-I5", "14.5")
    second.fill("#note-I5", "แท็บที่สอง")
    idle(second)
    second.locator("#entry-I5 button[type=submit]").click()
    conflict = second.locator("#card-I5 .conflict")
    expect(conflict.locator("[data-theirs='value']")).to_have_text("9")
    expect(conflict.locator("[data-theirs='note']")).to_contain_text("แท็บแรก")
    expect(second.locator("#v-I5")).to_have_value("14.5")  # mine, kept
    assert Result.objects.get(indicator__code="I5").value == Decimal(9)  # theirs, untouched
    idle(second)
    second.locator("#entry-I5 button[type=submit]").click()  # keep mine on top of theirs
    expect(second.locator("#card-I5 .flash.success")).to_be_visible()
    expect(second.locator("#card-I5 .conflict")).to_have_count(0)
    result = Result.objects.get(indicator__code="I5")
    assert result.value == Decimal("14.5") and result.note == "แท็บที่สอง"


def test_leaving_with_unsaved_changes_warns_and_a_save_clears_it(officer, live_server):
    page = officer
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator("#v-I5").press_sequentially("12")
    expect(page.locator("#entry-I5")).to_have_attribute("data-unsaved", "true")
    page.evaluate("() => { location.href = '/'; }")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == page.entry  # type: ignore[attr-defined]
    save(page, "I5")
    page.goto(live_server.url + "/")  # saved: no warning
    assert dialogs == ["beforeunload"]
