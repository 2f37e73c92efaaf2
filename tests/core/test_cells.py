"""core.cells: text in an exported cell is never run as a formula, and reads back as typed."""

from __future__ import annotations

import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pramoen.core.cells import FORMULA_START, csv_cell, from_csv_cell, xlsx_keep_text

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_text_a_spreadsheet_would_run_gets_a_quote():
    assert [csv_cell(t) for t in FORMULAS] == ["'" + t for t in FORMULAS]
    assert csv_cell("-5 ครัวเรือน") == "'-5 ครัวเรือน"


def test_other_text_and_numbers_are_written_as_they_are():
    assert csv_cell("ส่งผลิตภัณฑ์ครบทุกกลุ่ม") == "ส่งผลิตภัณฑ์ครบทุกกลุ่ม"
    assert csv_cell("ร้อยละ -5") == "ร้อยละ -5"  # only the first character counts
    assert csv_cell("") == "" and csv_cell(None) == ""
    assert csv_cell(Decimal("-5")) == "-5"  # a number we write is a number, not a formula
    assert csv_cell(Decimal("87.50")) == "87.5" and csv_cell(Decimal("100")) == "100"
    assert csv_cell(-3) == "-3" and csv_cell(-0.5) == "-0.5"
    assert csv_cell(True) == "True"


def test_reading_back_takes_off_exactly_the_quote_that_was_added():
    for text in FORMULAS:
        assert from_csv_cell(csv_cell(text)) == text
    assert from_csv_cell("'ข้อความ") == "'ข้อความ"  # a quote we did not add stays
    assert csv_cell("'=1") == "''=1" and from_csv_cell("''=1") == "'=1"
    assert from_csv_cell("=1+1") == "=1+1"  # a CSV someone else wrote is not changed


@given(st.text())
def test_every_text_is_safe_and_comes_back_unchanged(text):
    cell = csv_cell(text)
    assert cell[:1] not in FORMULA_START
    assert cell in (text, "'" + text)
    assert from_csv_cell(cell) == text


def test_a_workbook_keeps_formula_looking_text_as_text():
    wb = Workbook()
    ws = wb.active
    texts = FORMULAS[:-1]  # XML reads a stored "\r" back as "\n": not ours to change
    ws.append([*texts, "ปกติ", 5, -2, None])
    assert ws["A1"].data_type == "f"  # what openpyxl does with a str starting with "="
    xlsx_keep_text(wb)
    out = io.BytesIO()
    wb.save(out)
    back = load_workbook(io.BytesIO(out.getvalue()))
    row = next(back.active.iter_rows())
    assert [c.value for c in row] == [*texts, "ปกติ", 5, -2]
    assert [c.data_type for c in row] == ["s"] * 6 + ["n", "n"]
    assert [c.quotePrefix for c in row] == [True] * 5 + [False] * 3
