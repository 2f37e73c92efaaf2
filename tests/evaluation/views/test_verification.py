"""The work group's queue page: a refused entry keeps what was typed, withdraw, the batch,
confirmations, all as plain forms and as htmx fragments."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pramoen.evaluation import services
from pramoen.evaluation.models import HistoryEvent
from tests.evaluation.services.helpers import result, submitted
from tests.exchange.helpers import state

pytestmark = pytest.mark.django_db

WHOLE = "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _row(html: str, pk: int) -> str:
    found = re.search(rf'<section class="card queue-item" id="item-{pk}".*?</section>', html, re.S)
    assert found, html[:2000]
    return found.group(0)


def _fields(r, **typed):
    return {**{f"{k}-{r.pk}": v for k, v in typed.items()}, f"version-{r.pk}": str(r.version)}


def test_a_refused_level_comes_back_with_the_comment_typed_and_the_message_beside_it(
    round_, users, client_for
):
    submitted(round_, users)
    r = result("I5")
    before = state()
    response = client_for("wg-coordination").post(
        reverse("result_verify", args=[r.pk]),
        _fields(r, level="3.5", comment="มีหลักฐานครึ่งหนึ่ง"),
    )
    assert response.status_code == 422
    row = _row(response.content.decode(), r.pk)
    assert 'value="3.5"' in row
    assert ">มีหลักฐานครึ่งหนึ่ง</textarea>" in row
    assert f'<p class="field-error" id="level-error-{r.pk}">{WHOLE}</p>' in row
    assert 'aria-invalid="true"' in row
    assert state() == before


def test_the_fragment_answers_with_the_row_as_typed_and_swaps_it(round_, users, client_for):
    submitted(round_, users)
    r = result("I5")
    response = client_for("wg-coordination").post(
        reverse("result_verify", args=[r.pk]),
        _fields(r, level="4", comment=""),  # differs from the reported 5: a comment is needed
        **HTMX,
    )
    assert response.status_code == 200  # htmx swaps 2xx only
    html = response.content.decode()
    assert "<html" not in html
    row = _row(html, r.pk)
    assert 'value="4"' in row
    assert "กำหนดระดับต่างจากที่อำเภอรายงาน ต้องระบุเหตุผล" in row
    assert result("I5").status == "submitted"


def test_a_verify_by_fragment_shows_the_row_verified_with_its_withdraw_and_the_counts(
    round_, users, client_for
):
    submitted(round_, users)
    r = result("I5")
    response = client_for("wg-coordination").post(
        reverse("result_verify", args=[r.pk]), _fields(r, level="5", comment=""), **HTMX
    )
    html = response.content.decode()
    row = _row(html, r.pk)
    assert 'data-status="verified"' in row and "ตรวจสอบ I5 ของอำเภอ" in row
    assert reverse("result_withdraw", args=[r.pk]) in row
    assert '<span id="awaiting-count" hx-swap-oob="true">0</span>' in html
    assert '<span id="verified-count" hx-swap-oob="true">1</span>' in html


def test_a_work_group_withdraws_its_verification_from_the_queue(round_, users, client_for):
    submitted(round_, users)
    r = result("I5")
    services.result_verify(
        result=r, user=users["wg-coordination"], level=Decimal(5), comment="", version=r.version
    )
    client = client_for("wg-coordination")
    page = client.get(reverse("queue", args=[round_.pk])).content.decode()
    r = result("I5")
    row = _row(page, r.pk)
    assert "ถอนการยืนยัน" in row and "hx-confirm=" in row
    response = client.post(
        reverse("result_withdraw", args=[r.pk]), _fields(r, reason="ยืนยันผิดอำเภอ"), follow=True
    )
    assert "ถอนการยืนยัน I5 ของอำเภอ" in response.content.decode()
    assert (result("I5").status, result("I5").verified_level) == ("submitted", None)
    assert HistoryEvent.objects.get(action="result_verification_withdrawn").reason == "ยืนยันผิดอำเภอ"


def test_without_javascript_a_rows_button_posts_the_whole_form_and_reaches_its_row(
    round_, users, client_for
):
    """The queue is one form; a row's button says which row (do=verify:<id>)."""
    submitted(round_, users)
    i1, i6 = result("I1"), result("I6")
    response = client_for("wg-promotion").post(
        reverse("queue_decide", args=[round_.pk]),
        {
            **_fields(i1, level="4", comment="", reason=""),
            **_fields(i6, level="2.5", comment="ไม่ครบ", reason=""),
            "do": f"verify:{i1.pk}",
        },
    )
    assert response.status_code == 302
    assert (result("I1").status, result("I6").status) == ("verified", "submitted")


def test_the_batch_verifies_each_selected_row_at_its_typed_level(round_, users, client_for):
    submitted(round_, users)
    i1, i2a, i6 = result("I1"), result("I2a"), result("I6")
    response = client_for("wg-promotion").post(
        reverse("queue_decide", args=[round_.pk]),
        {
            **_fields(i1, level="4", comment=""),
            **_fields(i2a, level="2", comment="ขาดรายชื่อ"),
            **_fields(i6, level="5", comment=""),
            "selected": [str(i1.pk), str(i2a.pk)],
            "do": "verify-selected",
        },
        follow=True,
    )
    assert "ยืนยันผลแล้ว 2 รายการ" in response.content.decode()
    assert [(result(c).status, result(c).verified_level) for c in ("I1", "I2a", "I6")] == [
        ("verified", Decimal(4)),
        ("verified", Decimal(2)),
        ("submitted", None),
    ]


def test_a_batch_with_a_refused_row_writes_none_and_each_refused_row_says_why(
    round_, users, client_for
):
    submitted(round_, users)
    i1, i2a, i6 = result("I1"), result("I2a"), result("I6")
    before = state()
    response = client_for("wg-promotion").post(
        reverse("queue_decide", args=[round_.pk]),
        {
            **_fields(i1, level="4", comment=""),
            **_fields(i2a, level="3.5", comment="ครึ่งหนึ่ง"),
            **_fields(i6, level="สี่", comment=""),
            "selected": [str(i1.pk), str(i2a.pk), str(i6.pk)],
            "do": "verify-selected",
        },
        **HTMX,
    )
    html = response.content.decode()
    assert state() == before
    assert "ยังไม่ได้บันทึกรายการใดเลย: 2 รายการทำไม่ได้" in html
    assert WHOLE in _row(html, i2a.pk) and ">ครึ่งหนึ่ง</textarea>" in _row(html, i2a.pk)
    assert "ระดับต้องเป็นตัวเลข ๐ ถึง ๕" in _row(html, i6.pk)
    assert "field-error" not in _row(html, i1.pk)
    for r in (i1, i2a, i6):  # still selected, to fix and send again
        assert f'name="selected" value="{r.pk}" checked' in _row(html, r.pk)


def test_the_batch_returns_the_selected_rows_with_one_reason(round_, users, client_for):
    submitted(round_, users)
    i1, i6 = result("I1"), result("I6")
    client = client_for("wg-promotion")
    url = reverse("queue_decide", args=[round_.pk])
    data = {**_fields(i1), **_fields(i6), "selected": [str(i1.pk), str(i6.pk)]}
    response = client.post(url, {**data, "do": "return-selected", "bulk_reason": " "})
    assert response.status_code == 422
    assert "ต้องระบุเหตุผลที่ส่งกลับ" in response.content.decode()
    client.post(url, {**data, "do": "return-selected", "bulk_reason": "แนบหลักฐานไม่ครบ"})
    assert [result(c).return_reason for c in ("I1", "I6")] == ["แนบหลักฐานไม่ครบ"] * 2


def test_nothing_selected_is_said_not_a_500(round_, users, client_for):
    submitted(round_, users)
    response = client_for("wg-promotion").post(
        reverse("queue_decide", args=[round_.pk]),
        {"do": "verify-selected", "selected": ["abc", "99999999999999"]},
    )
    assert response.status_code == 422
    assert "ยังไม่ได้เลือกรายการ" in response.content.decode()


def test_destructive_buttons_ask_first_and_the_page_has_no_inline_script(round_, users, client_for):
    submitted(round_, users)
    page = client_for("wg-promotion").get(reverse("queue", args=[round_.pk])).content.decode()
    for button in ("return:", 'id="bulk-verify"', 'id="bulk-return"'):
        tag = re.search(rf"<button[^>]*{re.escape(button)}[^>]*>", page, re.S)
        assert tag and "hx-confirm=" in tag.group(0), button
    verify = re.search(r'<button[^>]*value="verify:\d+"[^>]*>', page, re.S)
    assert verify and "hx-confirm" not in verify.group(0)  # verifying one row is not destructive
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "pramoen/queue.js" in page and "data-select-all" in page


def test_the_queue_shows_the_value_with_its_unit(round_, users, client_for):
    submitted(round_, users)
    page = client_for("wg-coordination").get(reverse("queue", args=[round_.pk])).content.decode()
    assert re.search(r"ผลการดำเนินงาน: <strong>\S+ ", _row(page, result("I5").pk))
