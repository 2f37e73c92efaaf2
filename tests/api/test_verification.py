"""The API's verification: the queue, verify, return, withdraw and a batch, refused as every
other door refuses (403 who, 409 state or stale version, 422 input) and writing nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from pramoen.evaluation import services
from pramoen.evaluation.models import HistoryEvent
from tests.evaluation.services.helpers import everything_verified, result, submitted
from tests.exchange.helpers import state

pytestmark = pytest.mark.django_db

WHOLE = "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"


def _post(client, url, body):
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_the_queue_lists_what_waits_for_the_work_group_with_ids_and_versions(
    round_, users, api_for
):
    submitted(round_, users)
    response = api_for("wg-promotion").get(f"/api/rounds/{round_.pk}/verifications")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["indicator"], r["district"]["code"], r["status"]) for r in rows] == [
        ("I1", "2001", "submitted"),
        ("I2a", "2001", "submitted"),
        ("I6", "2001", "submitted"),
    ]
    assert rows[0]["result_id"] == result("I1").pk and rows[0]["version"] == result("I1").version
    assert api_for("province").get(f"/api/rounds/{round_.pk}/verifications").status_code == 403


def test_a_level_between_whole_numbers_is_a_422_with_the_services_message(round_, users, api_for):
    submitted(round_, users)
    r = result("I5")
    before = state()
    status, body = _post(
        api_for("wg-coordination"),
        f"/api/results/{r.pk}/verify",
        {"version": r.version, "level": "3.5", "comment": "ครึ่ง"},
    )
    assert (status, body["code"], body["field"], body["message_th"]) == (
        422,
        "validation",
        "level",
        WHOLE,
    )
    assert state() == before
    status, body = _post(
        api_for("wg-coordination"),
        f"/api/results/{r.pk}/verify",
        {"version": r.version, "level": 4, "comment": "ขาดหลักฐาน"},
    )
    assert (status, body["status"], body["verified_level"]) == (200, "verified", 4)


def test_a_work_group_withdraws_its_verification_with_a_reason(round_, users, api_for):
    submitted(round_, users)
    r = result("I5")
    services.result_verify(
        result=r, user=users["wg-coordination"], level=Decimal(5), comment="", version=r.version
    )
    r = result("I5")
    client = api_for("wg-coordination")
    url = f"/api/results/{r.pk}/withdraw"
    status, body = _post(client, url, {"version": r.version, "reason": "\u200b "})
    assert (status, body["field"], body["message_th"]) == (422, "reason", "ต้องระบุเหตุผลที่ถอนการยืนยัน")
    status, body = _post(api_for("wg-strategy"), url, {"version": r.version, "reason": "x"})
    assert status == 403
    status, body = _post(client, url, {"version": r.version + 5, "reason": "x"})
    assert (status, body["code"]) == (409, "conflict")
    status, body = _post(client, url, {"version": r.version, "reason": "ยืนยันผิดอำเภอ"})
    assert (status, body["status"], body["verified_level"]) == (200, "submitted", None)
    assert HistoryEvent.objects.get(action="result_verification_withdrawn").reason == "ยืนยันผิดอำเภอ"


def test_nothing_is_withdrawn_after_approval(round_, users, api_for):
    ev = everything_verified(round_, users)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    r = result("I5")
    status, body = _post(
        api_for("wg-coordination"),
        f"/api/results/{r.pk}/withdraw",
        {"version": r.version, "reason": "x"},
    )
    assert (status, body["code"], body["message_th"]) == (
        409,
        "workflow",
        "การประเมินอนุมัติแล้ว ต้องให้จังหวัดเปิดใหม่ก่อน",
    )


def test_a_batch_with_one_refused_item_writes_none_and_names_each_refused_item(
    round_, users, api_for
):
    submitted(round_, users)
    before = state()
    items = [
        {"result_id": result("I1").pk, "version": result("I1").version, "level": 4},
        {"result_id": result("I2a").pk, "version": result("I2a").version, "level": "3.5"},
        {"result_id": result("I6").pk, "version": result("I6").version + 3, "level": 5},
    ]
    url = f"/api/rounds/{round_.pk}/verifications"
    status, body = _post(api_for("wg-promotion"), url, {"action": "verify", "items": items})
    assert status == 422, body
    assert [(e["field"], e["message_th"][:20]) for e in body["errors"]] == [
        ("items.1.level", WHOLE[:20]),
        ("items.2.version", "มีผู้อื่นบันทึกผลของ"),
    ]
    assert state() == before
    items[1]["level"] = 3
    items[2]["version"] -= 3
    status, body = _post(api_for("wg-promotion"), url, {"action": "verify", "items": items})
    assert status == 200, body
    assert [(r["indicator"], r["status"], r["verified_level"]) for r in body] == [
        ("I1", "verified", 4),
        ("I2a", "verified", 3),
        ("I6", "verified", 5),
    ]


def test_a_batch_return_takes_one_reason_and_a_verify_needs_every_level(round_, users, api_for):
    submitted(round_, users)
    url = f"/api/rounds/{round_.pk}/verifications"
    items = [{"result_id": result(c).pk, "version": result(c).version} for c in ("I1", "I6")]
    status, body = _post(api_for("wg-promotion"), url, {"action": "verify", "items": items})
    assert (status, body["errors"][0]["field"]) == (422, "items.0.level")
    status, body = _post(
        api_for("wg-promotion"), url, {"action": "return", "items": items, "reason": " "}
    )
    assert (status, body["message_th"]) == (422, "ต้องระบุเหตุผลที่ส่งกลับ")
    status, body = _post(
        api_for("wg-promotion"), url, {"action": "return", "items": items, "reason": "ไม่ครบ"}
    )
    assert status == 200
    assert [r["status"] for r in body] == ["returned", "returned"]
    # another work group's result in the batch: refused as not theirs
    status, body = _post(
        api_for("wg-coordination"),
        url,
        {"action": "return", "items": items, "reason": "x"},
    )
    assert status == 403
