"""The per-round results template, as an Excel workbook and as CSV.

Excel: an instructions sheet, then one sheet per work group or district (see ``sheets``). The
id columns (round, district code, indicator code) are hidden and locked; the sheet is
protected (without a password: it guards against slips, not people) so that only the level,
value and note cells can be typed into. Level cells accept whole numbers 0–5, value cells
numbers (0–100 for percentages), enforced by Excel's data validation and again on import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pramoen.core.cells import csv_cell, xlsx_keep_text

from .sheets import (
    COLUMNS,
    ID_KEYS,
    INSTRUCTIONS_TITLE,
    KEYS,
    RoundData,
    Scope,
    row_action,
    template_row,
    template_sheets,
    unit_of,
)

FONT = "Sarabun"
_HEAD = PatternFill("solid", fgColor="E8EEF3")
_INPUT = PatternFill("solid", fgColor="FFF8E1")
_WIDTHS = {
    "district_name": 16,
    "indicator_title": 60,
    "status": 14,
    "reported_level": 12,
    "reported_value": 12,
    "entry": 22,
    "level": 9,
    "value": 12,
    "note": 40,
}
LETTER = {key: get_column_letter(n) for n, key in enumerate(KEYS, start=1)}


def excel_text(value: Any) -> Any:
    """Excel cells cannot hold most control characters (a PDF's form feed, say): drop them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def excel_number(value: Decimal | None) -> float | int | None:
    """Excel stores binary floats; every value here has at most 4 decimal places and 14
    digits, which a float carries exactly back to the same Decimal."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _instructions(ws: Worksheet, data: RoundData) -> None:
    r = data.round
    lines = [
        _("แบบนำเข้าผลการประเมิน ปีงบประมาณ %(year)s รอบที่ %(number)s")
        % {"year": r.fiscal_year, "number": r.number},
        "",
        _("กรอกเฉพาะช่องสีเหลือง: ระดับ ค่า และหมายเหตุ แล้วนำเข้าที่หน้า นำเข้าและส่งออกข้อมูล"),
        _("ตัวชี้วัดแบบเกณฑ์ตัวเลข: กรอกค่า ระบบคำนวณระดับให้ตามเกณฑ์"),
        _("ตัวชี้วัดแบบขั้นบันได: กรอกระดับเป็นจำนวนเต็ม ๐ ถึง ๕"),
        _("กลุ่มงาน: ช่องระดับของผลรายอำเภอคือระดับที่ตรวจสอบแล้ว ใส่เหตุผลในหมายเหตุเมื่อต่างจากที่อำเภอรายงาน"),
        _("แถวที่เว้นว่างหรือไม่เปลี่ยนจะไม่ถูกนำเข้า หมายเหตุที่เว้นว่างคงข้อความเดิมไว้"),
        _("ก่อนบันทึกจริง ระบบจะแสดงทุกแถวที่จะเปลี่ยนและทุกข้อผิดพลาดให้ตรวจก่อน"),
        _("อย่าเปลี่ยนชื่อแผ่นงานหรือแก้คอลัมน์ที่ซ่อนไว้ (รอบ รหัสอำเภอ รหัสตัวชี้วัด)"),
    ]
    for n, text in enumerate(lines, start=1):
        cell = ws.cell(row=n, column=1, value=text)
        cell.font = Font(name=FONT, bold=n == 1, size=13 if n == 1 else 11)
    ws.column_dimensions["A"].width = 110


def _validations(ws: Worksheet) -> dict[str, DataValidation]:
    dvs = {
        "level": DataValidation(type="whole", operator="between", formula1="0", formula2="5"),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100"),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
    }
    messages = {
        "level": _("ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕"),
        "percent": _("ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"),
        "number": _("ต้องเป็นตัวเลขไม่ติดลบ"),
    }
    for name, dv in dvs.items():
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = _("ค่าไม่ถูกต้อง")
        dv.error = messages[name]
        ws.add_data_validation(dv)
    return dvs


def _sheet(ws: Worksheet, data: RoundData, scope: Scope, spec: Any) -> None:
    ws.title = spec.title
    for n, key in enumerate(KEYS, start=1):
        cell = ws.cell(row=1, column=n, value=str(COLUMNS[key]))
        cell.font = Font(name=FONT, bold=True)
        cell.fill = _HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    dvs = _validations(ws)
    for row_no, (district, indicator) in enumerate(spec.rows, start=2):
        values = template_row(data, scope, district, indicator)
        action = row_action(scope, district)
        threshold = indicator.kind == "threshold"
        editable = {
            "level": not threshold or action == "verify",
            "value": threshold,
            "note": True,
        }
        for n, key in enumerate(KEYS, start=1):
            value = values[key]
            if isinstance(value, Decimal):
                value = excel_number(value)
            cell = ws.cell(row=row_no, column=n, value=excel_text(value))
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(wrap_text=key in ("indicator_title", "note"), vertical="top")
            if key in ID_KEYS:
                cell.number_format = "@"  # codes stay text ("2001", not 2001.0)
            if editable.get(key):
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT
        coordinate = f"{LETTER['level']}{row_no}"
        if editable["level"]:
            dvs["level"].add(coordinate)
        if editable["value"]:
            kind = "percent" if unit_of(indicator) == "%" else "number"
            dvs[kind].add(f"{LETTER['value']}{row_no}")
            ws[f"{LETTER['value']}{row_no}"].number_format = "0.00##"
    for key in ID_KEYS:
        ws.column_dimensions[LETTER[key]].hidden = True
    for key, width in _WIDTHS.items():
        ws.column_dimensions[LETTER[key]].width = width
    ws.freeze_panes = f"{LETTER['district_name']}2"
    ws.protection.sheet = True
    ws.protection.formatColumns = True  # hidden id columns stay hidden
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def template_xlsx(data: RoundData, scope: Scope) -> bytes:
    wb = Workbook()
    intro = wb.active
    intro.title = str(INSTRUCTIONS_TITLE)
    _instructions(intro, data)
    for spec in template_sheets(data, scope):
        _sheet(wb.create_sheet(), data, scope, spec)
    xlsx_keep_text(wb)  # notes, titles and names are typed by people: never formulas
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Thai correctly; text that would run as a
    formula is quoted (``core.cells``), and the import takes the quote off again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_csv(data: RoundData, scope: Scope) -> bytes:
    """The same rows as the workbook, one table, header = the column keys."""
    rows = [
        [template_row(data, scope, district, indicator)[k] for k in KEYS]
        for spec in template_sheets(data, scope)
        for district, indicator in spec.rows
    ]
    return csv_bytes(KEYS, rows)


def template_name(data: RoundData, scope: Scope, fmt: str) -> str:
    who = "province"
    if scope.role == "district":
        who = next((d.code for d in data.districts if d.pk == scope.district_id), "district")
    elif scope.role == "work_group":
        who = next((w.code for w in data.work_groups if w.pk == scope.work_group_id), "group")
    return f"pramoen-template-{data.round.code}-{who}.{fmt}"
