"""In real Chromium: evidence over the body limit is refused from its headers, and htmx places
the message in the card, which stays as it was."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pramoen.evaluation.models import Evidence
from tests.browser.test_round import Session, save_card, setup  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MB = 1024 * 1024


def test_an_oversized_evidence_file_is_refused_in_its_card(
    setup,  # noqa: F811 - the fixture imported above
    live_server,
    browser,
    tmp_path,
    settings,
):
    settings.EVIDENCE_MAX_BYTES = MB
    d = Session(browser, live_server.url, "d2001")
    page = d.go(f"/rounds/{setup.pk}/d/2001/")
    page.fill("#v-I5", "11")
    save_card(page, "I5")
    big = tmp_path / "ภาพถ่าย.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (3 * MB))
    page.set_input_files("#file-I5", str(big))
    page.locator("#card-I5").get_by_role("button", name="แนบ").click()
    refused = page.locator("#card-I5 [data-refused='413']")
    expect(refused).to_contain_text("ไฟล์ใหญ่เกิน 1 MB")
    expect(page.locator("#card-I5 .evidence")).to_contain_text("ยังไม่มีหลักฐาน")  # card kept
    assert not Evidence.objects.exists()
    d.close()
