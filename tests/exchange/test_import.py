"""Importing a filled template: the dry run, the apply, all or nothing, the history."""

from __future__ import annotations

import hashlib

import pytest

from pramoen.evaluation import services as evaluation_services
from pramoen.evaluation.errors import ConflictError
from pramoen.evaluation.models import Evaluation, HistoryEvent, Indicator, Result
from pramoen.evaluation.services import ResultInput
from pramoen.exchange import services
from pramoen.exchange.models import ImportBatch

from .helpers import D, check, csv_bytes, fill, levels, state, template, where, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET = "2001 เมืองชลบุรี"


def filled_2001(round_, user):
    """What Mueang Chonburi types into its template: ladders by level, thresholds by value."""
    wb = template(round_, user)
    ws = wb[SHEET]
    fill(ws, "2001", "I1", level=4, note="ส่งผลิตภัณฑ์ครบทุกกลุ่ม")
    fill(ws, "2001", "I2a", value=6)  # programmes -> level 3
    fill(ws, "2001", "I3a", level=5)
    fill(ws, "2001", "I4", level=3)
    fill(ws, "2001", "I5", value=9.5)  # overdue debt 9.5 % -> level 5
    fill(ws, "2001", "I6", level=5)
    return xlsx_bytes(wb)


def test_the_dry_run_lists_every_change_and_writes_nothing(round_, users):
    before = state()
    batch = check(round_, users["d2001"], filled_2001(round_, users["d2001"]))
    assert batch.status == "dry_run" and batch.errors == []
    assert batch.summary["rows"] == 6
    changes = {c["indicator"]: c for c in batch.changes}
    assert {c: (v["old_level"], v["new_level"]) for c, v in changes.items()} == {
        "I1": (None, "4"),
        "I2a": (None, "3"),
        "I3a": (None, "5"),
        "I4": (None, "3"),
        "I5": (None, "5"),
        "I6": (None, "5"),
    }
    assert (changes["I5"]["new_value"], changes["I5"]["row"], changes["I5"]["sheet"]) == (
        "9.5",
        6,
        SHEET,
    )
    assert changes["I1"]["note"] == "ส่งผลิตภัณฑ์ครบทุกกลุ่ม"
    assert state() == before


def test_applying_saves_every_row_through_the_services_and_records_one_import(round_, users):
    user = users["d2001"]
    data = filled_2001(round_, user)
    batch = check(round_, user, data, name="ผลอำเภอเมือง.xlsx")
    batch = services.import_apply(batch=batch, user=user)
    assert batch.status == "applied" and batch.applied_at is not None
    assert levels(round_, "2001") == {
        "I1": 4,
        "I2a": 3,
        "I3a": 5,
        "I4": 3,
        "I5": 5,
        "I6": 5,
    }
    i1 = Result.objects.get(indicator__code="I1", district__code="2001")
    assert (i1.met, i1.status, i1.version, i1.updated_by) == ([1, 2, 3, 4], "draft", 1, user)
    # one import in the history, beside the per-field events the services write
    event = HistoryEvent.objects.get(action="bulk_import")
    assert event.new == {"batch": batch.pk, "rows": 6, "file": "ผลอำเภอเมือง.xlsx"}
    assert (event.actor, event.round) == (user, round_)
    assert HistoryEvent.objects.filter(action="result_saved", actor=user).count() > 6
    # the file is kept as uploaded, under a random name
    with batch.file.open("rb") as f:
        assert f.read() == data
    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert batch.original_name not in batch.file.name and batch.file.name.startswith("imports/")


def test_the_csv_template_imports_the_same_way(round_, users):
    user = users["d2001"]
    rows = template(round_, user, fmt="csv")
    assert [r["indicator"] for r in rows] == ["I1", "I2a", "I3a", "I4", "I5", "I6"]
    typed = {"I1": ("4", ""), "I2a": ("", "๖"), "I3a": ("5", ""), "I4": ("3", "")}
    typed |= {"I5": ("", "9.5"), "I6": ("5", "")}
    for row in rows:
        row["level"], row["value"] = typed[row["indicator"]]
    batch = check(round_, user, csv_bytes(rows), name="2001.csv")
    assert (batch.format, batch.errors) == ("csv", [])
    assert [c["row"] for c in batch.changes] == [2, 3, 4, 5, 6, 7]
    services.import_apply(batch=batch, user=user)
    assert levels(round_, "2001") == {"I1": 4, "I2a": 3, "I3a": 5, "I4": 3, "I5": 5, "I6": 5}


def test_a_template_uploaded_unchanged_changes_nothing(round_, users):
    user = users["d2001"]
    services.import_apply(batch=check(round_, user, filled_2001(round_, user)), user=user)
    again = check(round_, user, xlsx_bytes(template(round_, user)))
    assert (again.status, again.changes, again.errors, again.can_apply) == (
        "dry_run",
        [],
        [],
        False,
    )
    with pytest.raises(services.ImportFailed):
        services.import_apply(batch=again, user=user)


def test_a_changed_row_shows_old_and_new(round_, users):
    user = users["d2001"]
    services.import_apply(batch=check(round_, user, filled_2001(round_, user)), user=user)
    wb = template(round_, user)
    fill(wb[SHEET], "2001", "I5", value=13)  # 13 % overdue -> level 3
    batch = check(round_, user, xlsx_bytes(wb))
    assert [
        (c["indicator"], c["old_level"], c["new_level"], c["old_value"], c["new_value"])
        for c in batch.changes
    ] == [("I5", "5", "3", "9.5", "13")]


def test_the_bad_spreadsheet_is_rejected_with_every_problem_and_nothing_changes(round_, users):
    user = users["d2001"]
    wb = template(round_, user)
    ws = wb[SHEET]
    fill(ws, "2001", "I1", level=7)  # a level of 7
    fill(ws, "2001", "I5", value="ไม่มีข้อมูล")  # text in a number cell
    fill(ws, "2001", "I4", indicator="I99", level=3)  # an unknown indicator
    fill(ws, "2001", "I6", level=3)  # a good row: not written either
    ws.append(["2568-1", "2002", "I1", "บ้านบึง", "", "", None, None, "", 3])  # not their district
    wb.create_sheet("Sheet1").append(["round", "district", "indicator", "level"])  # unknown sheet
    other = wb.copy_worksheet(ws)
    other.title = "2002 บ้านบึง"  # another district's sheet
    before = state()

    batch = check(round_, user, xlsx_bytes(wb))

    assert batch.status == "rejected"
    assert where(batch) == [
        (SHEET, 2, "J", "level-out-of-range"),
        (SHEET, 5, "C", "unknown-indicator"),
        (SHEET, 6, "K", "not-a-number"),
        (SHEET, 8, "B", "not-yours"),
        ("2002 บ้านบึง", 0, "", "wrong-sheet"),
        ("Sheet1", 0, "", "unknown-sheet"),
    ]
    messages = {e["code"]: e["message"] for e in batch.errors}
    assert "7" in messages["level-out-of-range"] and "ไม่มีข้อมูล" in messages["not-a-number"]
    assert "I99" in messages["unknown-indicator"] and "บ้านบึง" in messages["not-yours"]
    assert state() == before
    with pytest.raises(services.ImportFailed):
        services.import_apply(batch=batch, user=user)
    assert state() == before


def test_the_bad_csv_is_rejected_with_every_problem(round_, users):
    user = users["d2001"]
    rows = template(round_, user, fmt="csv")
    by_code = {r["indicator"]: r for r in rows}
    by_code["I1"]["level"] = "7"
    by_code["I5"]["value"] = "ไม่มีข้อมูล"
    by_code["I4"].update(indicator="I99", level="3")
    by_code["I6"]["level"] = "3"
    rows.append({**by_code["I3a"], "district": "2002", "indicator": "I1", "level": "3"})
    rows.append({**by_code["I3a"], "district": "9999", "level": "3"})
    rows.append({**by_code["I3a"], "round": "2567-2", "level": "3"})
    before = state()

    batch = check(round_, user, csv_bytes(rows), name="bad.csv")

    assert where(batch) == [
        ("", 2, "J", "level-out-of-range"),
        ("", 5, "C", "unknown-indicator"),
        ("", 6, "K", "not-a-number"),
        ("", 8, "B", "not-yours"),
        ("", 9, "B", "unknown-district"),
        ("", 10, "A", "wrong-round"),
    ]
    assert state() == before


def test_values_out_of_range_and_levels_on_thresholds_are_problems(round_, users):
    user = users["province"]
    rows = template(round_, user, fmt="csv")
    t1 = next(r for r in rows if r["indicator"] == "T1")
    t1["value"] = "120"  # percent above 100
    i5 = next(r for r in rows if r["indicator"] == "I5" and r["district"] == "2002")
    i5["level"] = "4"  # a threshold takes the value, not a level
    i2b = next(r for r in rows if r["indicator"] == "I2b" and r["district"] == "2003")
    i2b["value"] = "3"  # a ladder takes a level, not a value
    i1 = next(r for r in rows if r["indicator"] == "I1" and r["district"] == "2004")
    i1["level"] = "2.5"
    i6 = next(r for r in rows if r["indicator"] == "I6" and r["district"] == "2005")
    i6["value"] = "-1"
    i3a = next(r for r in rows if r["indicator"] == "I3a" and r["district"] == "2006")
    i3a["level"], i3a["district"] = "2", ""
    batch = check(round_, user, csv_bytes(rows), name="p.csv")
    got = {(e["row"], e["column"], e["code"]) for e in batch.errors}
    row = {id(r): n for n, r in enumerate(rows, start=2)}
    assert got == {
        (row[id(t1)], "K", "percent-out-of-range"),
        (row[id(i5)], "J", "level-on-threshold"),
        (row[id(i2b)], "K", "value-on-ladder"),
        (row[id(i1)], "J", "level-out-of-range"),
        (row[id(i6)], "K", "value-negative"),
        (row[id(i3a)], "B", "district-required"),
    }


def test_a_row_twice_is_a_problem(round_, users):
    rows = template(round_, users["d2001"], fmt="csv")
    rows[0]["level"] = "3"
    rows.append({**rows[0], "level": "4"})
    batch = check(round_, users["d2001"], csv_bytes(rows), name="twice.csv")
    assert where(batch) == [("", 8, "C", "duplicate")]


def test_apply_is_all_or_nothing_when_a_row_fails_midway(round_, users, monkeypatch):
    user = users["d2001"]
    batch = check(round_, user, filled_2001(round_, user))
    before = state()
    real = evaluation_services.result_save
    calls = []

    def third_conflicts(**kwargs):
        calls.append(kwargs["indicator"].code)
        if len(calls) == 3:
            raise ConflictError("มีผู้อื่นบันทึกผลของตัวชี้วัดนี้ไปก่อนแล้ว")
        return real(**kwargs)

    monkeypatch.setattr(evaluation_services, "result_save", third_conflicts)
    with pytest.raises(services.ImportFailed, match=f"{SHEET}!4"):  # I3a, row 4, failed
        services.import_apply(batch=batch, user=user)
    assert calls == ["I1", "I2a", "I3a"]  # two rows were written, then undone
    assert state() == before
    batch.refresh_from_db()
    assert batch.status == "rejected" and "apply_error" in batch.summary
    assert not HistoryEvent.objects.filter(action="bulk_import").exists()


def test_apply_refuses_when_the_data_changed_after_the_dry_run(round_, users):
    user = users["d2001"]
    batch = check(round_, user, filled_2001(round_, user))
    ev = Evaluation.objects.select_related("round").get(round=round_, district__code="2001")
    evaluation_services.result_save(
        evaluation=ev,
        indicator=Indicator.objects.get(round=round_, code="I4"),
        user=user,
        data=ResultInput(met=frozenset({1})),
        version=0,
    )
    before = state()
    with pytest.raises(services.ImportFailed, match="ตรวจใหม่"):
        services.import_apply(batch=batch, user=user)
    assert state() == before
    assert ImportBatch.objects.get(pk=batch.pk).status == "rejected"


def test_a_batch_is_applied_once_and_only_by_its_uploader(round_, users):
    user = users["d2001"]
    batch = check(round_, user, filled_2001(round_, user))
    with pytest.raises(services.ImportRefused):
        services.import_apply(batch=batch, user=users["province"])
    services.import_apply(batch=batch, user=user)
    with pytest.raises(services.ImportFailed):
        services.import_apply(batch=batch, user=user)
    assert HistoryEvent.objects.filter(action="bulk_import").count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).status == "applied"


def test_a_submitted_evaluation_cannot_be_changed_by_import(round_, users):
    user = users["d2001"]
    services.import_apply(batch=check(round_, user, filled_2001(round_, user)), user=user)
    ev = Evaluation.objects.select_related("round").get(round=round_, district__code="2001")
    evaluation_services.evaluation_submit(evaluation=ev, user=user, version=ev.version)
    wb = template(round_, user)
    row = fill(wb[SHEET], "2001", "I4", level=4)
    batch = check(round_, user, xlsx_bytes(wb))
    assert where(batch) == [(SHEET, row, "J", "not-editable")]


def test_an_unreadable_file_is_kept_and_rejected(round_, users):
    batch = check(round_, users["d2001"], b"PK\x03\x04 not really a workbook", name="x.xlsx")
    assert batch.status == "rejected" and where(batch) == [("", 0, "", "unreadable")]
    old = check(round_, users["d2001"], b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "a.xls")
    assert where(old) == [("", 0, "", "old-excel")]


def test_thai_windows_csv_and_percent_cells_are_read(round_, users):
    """Excel on Thai Windows saves CSV in cp874; a cell typed "9.5%" is a percentage."""
    rows = template(round_, users["d2001"], fmt="csv")
    i5 = next(r for r in rows if r["indicator"] == "I5")
    i5["value"], i5["note"] = "9.5%", "หนี้ค้างลดลง"
    data = csv_bytes(rows).decode("utf-8").encode("cp874")
    batch = check(round_, users["d2001"], data, name="thai.csv")
    assert [(c["new_value"], c["new_level"], c["note"]) for c in batch.changes] == [
        ("9.5", "5", "หนี้ค้างลดลง")
    ]
    wb = template(round_, users["d2001"])
    row = fill(wb[SHEET], "2001", "I5", value=0.095)
    wb[SHEET][f"K{row}"].number_format = "0.0%"
    batch = check(round_, users["d2001"], xlsx_bytes(wb))
    assert [(c["new_value"], c["new_level"]) for c in batch.changes] == [("9.5", "5")]
    assert D(batch.changes[0]["new_value"]) == D("9.5")


def test_a_file_over_the_limit_is_refused_before_it_is_stored(round_, users, settings):
    with pytest.raises(services.ImportFailed, match="MB"):
        check(round_, users["d2001"], b"x" * (5 * 1024 * 1024 + 1), name="big.csv")
    assert not ImportBatch.objects.exists()
