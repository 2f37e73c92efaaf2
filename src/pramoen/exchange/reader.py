"""Uploaded bytes -> sheets of raw rows, each cell keyed by its column's key.

Nothing is interpreted here beyond finding the header: the importer judges every value. A file
that cannot be read at all (not a workbook, not text, too big when unpacked) is refused with one
problem; a sheet without the needed columns gets a problem and no rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pramoen.core.cells import from_csv_cell

from .sheets import REQUIRED_KEYS, fold, header_aliases, instruction_titles

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024  # a 5 MB workbook that unpacks to more is not a template
MAX_ROWS = 5000
HEADER_SEARCH = 10


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column letter, as Excel shows it (CSV opened in Excel too)
    field: str = ""  # the column's key

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class RawRow:
    sheet: str
    number: int
    cells: dict[str, Any]
    percent_format: set[str] = field(default_factory=set)  # keys whose cell is formatted as %


@dataclass
class RawSheet:
    title: str  # "" for CSV
    letters: dict[str, str] = field(default_factory=dict)  # key -> column letter
    rows: list[RawRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    is_instructions: bool = False


class UnreadableFile(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def detect_format(data: bytes, name: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(
            Problem("old-excel", _("ไฟล์ Excel รุ่นเก่า (.xls) ใช้ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ CSV"))
        )
    if name.lower().endswith(".xlsx"):
        raise UnreadableFile(Problem("unreadable", _("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย")))
    return "csv"


def _header(cells: list[Any], aliases: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for n, cell in enumerate(cells):
        key = aliases.get(fold(cell)) if cell not in (None, "") else None
        if key is not None and key not in found:
            found[key] = n
    return found


def _rows_to_sheet(
    title: str, rows: list[tuple[list[Any], list[str]]], aliases: dict[str, str]
) -> RawSheet:
    """``rows`` are (cell values, number formats) from the top of the sheet."""
    sheet = RawSheet(title)
    header_at = None
    columns: dict[str, int] = {}
    for n, (cells, _formats) in enumerate(rows[:HEADER_SEARCH]):
        columns = _header(cells, aliases)
        if "indicator" in columns:
            header_at = n
            break
    if header_at is None:
        sheet.problems.append(
            Problem(
                "no-header",
                _("ไม่พบหัวตาราง ต้องมีคอลัมน์ %(columns)s") % {"columns": ", ".join(REQUIRED_KEYS)},
                sheet=title,
                row=1,
            )
        )
        return sheet
    missing = [k for k in REQUIRED_KEYS if k not in columns]
    if "level" not in columns and "value" not in columns:
        missing.append("level/value")
    if missing:
        sheet.problems.append(
            Problem(
                "missing-columns",
                _("หัวตารางขาดคอลัมน์ %(columns)s") % {"columns": ", ".join(missing)},
                sheet=title,
                row=header_at + 1,
            )
        )
        return sheet
    sheet.letters = {k: get_column_letter(i + 1) for k, i in columns.items()}
    for n, (cells, formats) in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        values = {k: cells[i] if i < len(cells) else None for k, i in columns.items()}
        percent = {k for k, i in columns.items() if i < len(formats) and "%" in formats[i]}
        sheet.rows.append(RawRow(title, n, values, percent))
    return sheet


def _too_many(title: str) -> Problem:
    return Problem(
        "too-many-rows",
        _("มีข้อมูลเกิน %(max)s แถว ไม่ใช่แบบนำเข้าผลของรอบการประเมิน") % {"max": MAX_ROWS},
        sheet=title,
    )


def read_xlsx(data: bytes) -> list[RawSheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile(Problem("unreadable", _("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย"))) from None
    if unpacked > MAX_UNPACKED:
        raise UnreadableFile(Problem("too-big", _("ไฟล์ใหญ่เกินกว่าจะเป็นแบบนำเข้าผล")))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise UnreadableFile(Problem("unreadable", _("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย"))) from None
    aliases = header_aliases()
    skip = instruction_titles()
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.title in skip:
                sheets.append(RawSheet(ws.title, is_instructions=True))
                continue
            rows: list[tuple[list[Any], list[str]]] = []
            for n, row in enumerate(ws.iter_rows(), start=1):
                if n > MAX_ROWS + HEADER_SEARCH:
                    sheets.append(RawSheet(ws.title, problems=[_too_many(ws.title)]))
                    break
                rows.append(
                    ([c.value for c in row], [getattr(c, "number_format", "") or "" for c in row])
                )
            else:
                sheets.append(_rows_to_sheet(ws.title, rows, aliases))
    finally:
        wb.close()
    return sheets


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableFile(Problem("unreadable", _("ไฟล์นี้ไม่ใช่ CSV หรือ Excel")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel on Thai Windows writes for "CSV (Comma delimited)".
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise UnreadableFile(
            Problem("encoding", _("อ่านตัวอักษรในไฟล์ CSV ไม่ได้ กรุณาบันทึกเป็น UTF-8"))
        ) from None


def read_csv(data: bytes) -> list[RawSheet]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows = []
        for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if n > MAX_ROWS + HEADER_SEARCH:
                return [RawSheet("", problems=[_too_many("")])]
            rows.append(([from_csv_cell(c) for c in row], []))  # csv_cell's quote off again
    except csv.Error:
        raise UnreadableFile(Problem("unreadable", _("อ่านไฟล์ CSV นี้ไม่ได้"))) from None
    return [_rows_to_sheet("", rows, header_aliases())]


def read_upload(data: bytes, name: str) -> tuple[str, list[RawSheet]]:
    """(format, sheets) of an uploaded file; UnreadableFile when it cannot be read at all."""
    if not data:
        raise UnreadableFile(Problem("empty", _("ไฟล์ว่าง")))
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            Problem("too-big", _("ไฟล์ใหญ่เกิน %(size)s MB") % {"size": MAX_BYTES // (1024 * 1024)})
        )
    fmt = detect_format(data, name)
    return fmt, read_xlsx(data) if fmt == "xlsx" else read_csv(data)
