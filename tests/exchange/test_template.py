"""The results template: what each role gets, which cells may be typed into, and what Excel
itself refuses (data validation) before the import checks again."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pramoen.evaluation import services as ev_services
from pramoen.exchange.template import LETTER
from pramoen.testing import factories

from .helpers import check, csv_bytes, fill, row_of, template, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET = "2001 เมืองชลบุรี"


def validations(ws):
    """cell -> (type, operator, formula1, formula2) of the data validation covering it."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in (
                ws[cell_range.coord] if ":" in cell_range.coord else [[ws[cell_range.coord]]]
            ):
                for cell in row:
                    out[cell.coordinate] = (dv.type, dv.operator, dv.formula1, dv.formula2)
    return out


def test_each_role_gets_its_own_sheets(round_, users):
    assert template(round_, users["d2001"]).sheetnames == ["คำอธิบาย", SHEET]
    assert template(round_, users["wg-promotion"]).sheetnames == ["คำอธิบาย", "กลุ่มงานส่งเสริมฯ"]
    assert template(round_, users["province"]).sheetnames == [
        "คำอธิบาย",
        "กลุ่มงานประสานฯ",
        "กลุ่มงานยุทธศาสตร์",
        "กลุ่มงานส่งเสริมฯ",
        "กลุ่มงานสารสนเทศฯ",
    ]


def test_a_district_sheet_has_its_applicable_own_indicators_only(round_, users):
    ws = template(round_, users["d2001"])[SHEET]
    ids = [
        (ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"C{r}"].value) for r in range(2, ws.max_row + 1)
    ]
    # no shared team indicator, no I2b/I3b/I7 (not for Mueang Chonburi)
    assert ids == [("2568-1", "2001", c) for c in ("I1", "I2a", "I3a", "I4", "I5", "I6")]


def test_ids_are_hidden_and_only_the_input_cells_are_unlocked(round_, users):
    ws = template(round_, users["d2001"])[SHEET]
    assert ws.protection.sheet
    assert all(ws.column_dimensions[LETTER[k]].hidden for k in ("round", "district", "indicator"))
    i1, i5 = row_of(ws, "2001", "I1"), row_of(ws, "2001", "I5")
    unlocked = {
        c.coordinate for row in ws.iter_rows(min_row=2) for c in row if not c.protection.locked
    }
    assert {f"J{i1}", f"L{i1}", f"K{i5}", f"L{i5}"} <= unlocked
    # a ladder takes no value, a threshold no level: those cells stay locked
    assert f"K{i1}" not in unlocked and f"J{i5}" not in unlocked
    assert not any(c.startswith(("A", "B", "C", "D", "E")) for c in unlocked)


def test_excel_itself_restricts_levels_and_numbers(round_, users):
    ws = template(round_, users["d2001"])[SHEET]
    dv = validations(ws)
    i1, i2a, i5 = (row_of(ws, "2001", c) for c in ("I1", "I2a", "I5"))
    assert dv[f"J{i1}"] == ("whole", "between", "0", "5")
    assert dv[f"K{i5}"] == ("decimal", "between", "0", "100")  # overdue debt, percent
    assert dv[f"K{i2a}"] == ("decimal", "greaterThanOrEqual", "0", None)  # programmes


def test_a_work_group_may_type_a_verified_level_for_a_threshold(round_, users):
    ws = template(round_, users["wg-coordination"])["กลุ่มงานประสานฯ"]
    row = row_of(ws, "2001", "I5")
    assert not ws[f"J{row}"].protection.locked
    assert validations(ws)[f"J{row}"] == ("whole", "between", "0", "5")


def test_the_template_carries_what_is_saved(round_, users):
    factories.results_entered(round_=round_, user=users["d2001"])
    ws = template(round_, users["d2001"])[SHEET]
    i1, i5 = row_of(ws, "2001", "I1"), row_of(ws, "2001", "I5")
    assert (ws[f"J{i1}"].value, ws[f"K{i5}"].value, ws[f"F{i5}"].value) == (4, 9.5, "ร่าง")
    # the work group sees what was reported, but its level cell stays empty until it verifies
    wg = template(round_, users["wg-coordination"])["กลุ่มงานประสานฯ"]
    row = row_of(wg, "2001", "I5")
    assert (wg[f"G{row}"].value, wg[f"H{row}"].value, wg[f"J{row}"].value) == (5, 9.5, None)


def test_the_csv_template_has_the_workbooks_rows(round_, users):
    for name in ("d2001", "wg-coordination", "province"):
        wb = template(round_, users[name])
        in_xlsx = [
            (ws[f"B{r}"].value or "", ws[f"C{r}"].value)
            for ws in wb.worksheets[1:]
            for r in range(2, ws.max_row + 1)
        ]
        in_csv = [(r["district"], r["indicator"]) for r in template(round_, users[name], "csv")]
        assert in_csv == in_xlsx and in_csv


@pytest.mark.parametrize("written", ["2568/1", "๒๕๖๘-๑", "2568 รอบ 1", datetime(2568, 1, 1)])
def test_the_round_may_be_written_in_other_ways(round_, users, written):
    """Excel turns "2568-1" into 1 January 2568 when it opens a CSV file: still this round."""
    wb = template(round_, users["d2001"])
    fill(wb[SHEET], "2001", "I1", level=2, round=written)
    assert [c["indicator"] for c in check(round_, users["d2001"], xlsx_bytes(wb)).changes] == ["I1"]


def test_a_value_for_a_threshold_is_scored_with_interpolation_when_the_round_uses_it(round_, users):
    ev_services.round_settings_update(
        round_=round_, user=users["province"], team_share=None, bands=None, interpolate=True
    )
    rows = template(round_, users["wg-coordination"], "csv")
    rows[0]["value"] = "87.5"  # T1: between 85 (level 4) and 90 (level 5)
    batch = check(round_, users["wg-coordination"], csv_bytes(rows), name="t1.csv")
    assert Decimal(batch.changes[0]["new_level"]) == Decimal("4.5")
