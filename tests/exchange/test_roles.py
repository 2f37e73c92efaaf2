"""What an import does depends on who imports: districts enter, work groups verify and enter
the province-wide results, the province enters for any district; viewers do not import."""

from __future__ import annotations

import time

import pytest

from pramoen.evaluation import services as evaluation_services
from pramoen.evaluation.models import Evaluation, Result
from pramoen.exchange import services
from pramoen.exchange.sheets import ImportRefused
from pramoen.testing import factories

from .helpers import D, check, csv_bytes, fill, state, template, where, xlsx_bytes

pytestmark = pytest.mark.django_db

COORDINATION = "กลุ่มงานประสานฯ"


def submitted_2001(round_, users):
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])


def test_a_work_group_template_has_its_own_indicators_only(round_, users):
    wb = template(round_, users["wg-coordination"])
    assert wb.sheetnames == ["คำอธิบาย", COORDINATION]
    ws = wb[COORDINATION]
    rows = [(ws[f"B{r}"].value, ws[f"C{r}"].value) for r in range(2, ws.max_row + 1)]
    # T1 once for the province, then I5 for each of the 11 districts
    assert rows[0] == ("", "T1") or rows[0] == (None, "T1")
    assert [c for _d, c in rows[1:]] == ["I5"] * 11


def test_a_work_group_enters_the_province_wide_result(round_, users):
    user = users["wg-coordination"]
    wb = template(round_, user)
    fill(wb[COORDINATION], "", "T1", value=87.5, note="ข้อมูลจาก GFMIS")
    batch = check(round_, user, xlsx_bytes(wb))
    assert [(c["action"], c["indicator"], c["new_level"]) for c in batch.changes] == [
        ("shared", "T1", "4")
    ]
    services.import_apply(batch=batch, user=user)
    t1 = Result.objects.get(indicator__code="T1", district__isnull=True)
    assert (t1.status, t1.verified_level, t1.value, t1.note) == (
        "verified",
        4,
        D("87.5"),
        "ข้อมูลจาก GFMIS",
    )


def test_a_work_group_verifies_submitted_results_and_must_say_why_it_differs(round_, users):
    submitted_2001(round_, users)  # 2001 reported I5 = 9.5 % -> level 5
    user = users["wg-coordination"]
    wb = template(round_, user)
    ws = wb[COORDINATION]
    row = fill(ws, "2001", "I5", level=4)  # lower than reported, no reason given
    other = fill(ws, "2002", "I5", level=3)  # 2002 has not submitted anything
    batch = check(round_, user, xlsx_bytes(wb))
    assert where(batch) == [
        (COORDINATION, row, "L", "comment-required"),
        (COORDINATION, other, "J", "not-submitted"),
    ]
    fill(ws, "2002", "I5", level=None)
    fill(ws, "2001", "I5", note="หลักฐานยอดหนี้ไม่ครบ")
    batch = check(round_, user, xlsx_bytes(wb))
    assert [(c["action"], c["old_level"], c["new_level"]) for c in batch.changes] == [
        ("verify", "5", "4")
    ]
    services.import_apply(batch=batch, user=user)
    i5 = Result.objects.get(indicator__code="I5", district__code="2001")
    assert (i5.status, i5.self_level, i5.verified_level, i5.verification_comment) == (
        "verified",
        5,
        4,
        "หลักฐานยอดหนี้ไม่ครบ",
    )
    # verifying again with the same level changes nothing; another level is refused
    assert check(round_, user, xlsx_bytes(template(round_, user))).changes == []
    fill(ws, "2001", "I5", level=3)
    assert where(check(round_, user, xlsx_bytes(wb))) == [
        (COORDINATION, row, "J", "already-verified")
    ]


def test_a_work_group_may_give_the_verified_level_as_a_value(round_, users):
    submitted_2001(round_, users)
    user = users["wg-coordination"]
    wb = template(round_, user)
    fill(wb[COORDINATION], "2001", "I5", value=9.5)  # its own figure: level 5, as reported
    batch = check(round_, user, xlsx_bytes(wb))
    assert [(c["action"], c["new_level"]) for c in batch.changes] == [("verify", "5")]


def test_a_work_group_may_not_touch_another_groups_indicators(round_, users):
    rows = template(round_, users["wg-coordination"], fmt="csv")
    rows.append({**rows[1], "indicator": "I1", "level": "3"})
    rows.append({**rows[0], "indicator": "T2", "value": "91"})
    batch = check(round_, users["wg-coordination"], csv_bytes(rows), name="wg.csv")
    assert where(batch) == [("", 14, "C", "not-yours"), ("", 15, "C", "not-yours")]
    # nor upload another group's sheet
    wb = template(round_, users["province"])
    fill(wb["กลุ่มงานยุทธศาสตร์"], "", "T2", value=91)
    batch = check(round_, users["wg-coordination"], xlsx_bytes(wb))
    assert ("กลุ่มงานยุทธศาสตร์", 0, "", "wrong-sheet") in where(batch)


def test_a_district_may_not_enter_a_province_wide_result(round_, users):
    rows = template(round_, users["d2001"], fmt="csv")
    rows.append({**rows[0], "district": "", "indicator": "T1", "level": "", "value": "90"})
    assert where(check(round_, users["d2001"], csv_bytes(rows), name="d.csv")) == [
        ("", 8, "C", "not-yours")
    ]


def test_province_wide_results_are_frozen_once_a_district_is_approved(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    submitted_2001(round_, users)
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = Evaluation.objects.get(round=round_, district__code="2001")
    evaluation_services.evaluation_approve(
        evaluation=ev, user=users["province"], version=ev.version
    )
    wb = template(round_, users["wg-coordination"])
    row = fill(wb[COORDINATION], "", "T1", value=70)
    batch = check(round_, users["wg-coordination"], xlsx_bytes(wb))
    assert where(batch) == [(COORDINATION, row, "K", "approved-exists")]


def test_viewers_and_other_provinces_cannot_import(round_, users, province):
    with pytest.raises(ImportRefused):
        services.results_template(round_=round_, user=users["viewer"], fmt="xlsx")
    with pytest.raises(ImportRefused):
        check(round_, users["viewer"], b"round,district,indicator,level\n")
    outsider = factories.outsiders()["other-province"]
    with pytest.raises(ImportRefused):
        check(round_, outsider, b"round,district,indicator,level\n")


def test_the_province_may_read_but_not_fill_the_whole_province_template(round_, users):
    """The province approves, so it enters no results (not a district's, not a province-wide
    one that counts as verified at once): every filled row of its template is refused with the
    services' own message, as the web and the API refuse it, and nothing is written."""
    user = users["province"]
    wb = template(round_, user)
    filled = 0
    for ws in wb.worksheets[1:]:
        for row in range(2, ws.max_row + 1):
            threshold = "ค่า" in (ws[f"I{row}"].value or "")
            ws[f"{'K' if threshold else 'J'}{row}"] = 80 if threshold else 3
            filled += 1
    data = xlsx_bytes(wb)
    before = state()
    started = time.perf_counter()
    batch = check(round_, user, data)
    checked = time.perf_counter()
    print(f"\nprovince template: {filled} rows, dry run {checked - started:.2f} s")
    assert filled == 66 and batch.changes == []
    assert len(batch.errors) == filled
    assert {e["message"] for e in batch.errors} == {
        "เฉพาะพัฒนาการอำเภอของอำเภอนี้เท่านั้นที่บันทึกผลได้",
        "เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูลของตัวชี้วัดนี้เท่านั้น",
    }
    assert state() == before
    assert not Result.objects.filter(indicator__round=round_).exists()


def test_who_may_write_a_row_is_the_permissions_answer(round_, users, monkeypatch):
    """The importer does not judge roles itself: a row is refused when permissions say no,
    and an unchanged row is passed over whoever uploads it."""
    from pramoen.evaluation import permissions

    submitted_2001(round_, users)
    user = users["wg-coordination"]
    wb = template(round_, user)
    fill(wb[COORDINATION], "2001", "I5", level=5)
    assert [c["action"] for c in check(round_, user, xlsx_bytes(wb)).changes] == ["verify"]

    monkeypatch.setattr(permissions, "can_verify", lambda m, indicator: False)
    batch = check(round_, user, xlsx_bytes(wb))
    assert batch.changes == []
    assert where(batch) == [(COORDINATION, 3, "C", "not-yours")]
    assert check(round_, user, xlsx_bytes(template(round_, user))).errors == []
