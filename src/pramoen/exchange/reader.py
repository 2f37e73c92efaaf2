"""Uploaded bytes -> sheets of raw rows, each cell keyed by its column's key.

Nothing is interpreted here beyond finding the header: the importer judges every value. A file
that cannot be read at all (not a workbook, not text in an encoding we accept) is refused with
one problem; one over a bound of ``bounds`` (too big, too wide, unpacking to too much) is
refused before it is parsed; a sheet without the needed columns gets a problem and no rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pramoen.core.cells import from_csv_cell

from .bounds import (
    HEADER_SEARCH,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    check_size,
    check_width,
    check_workbook,
)
from .problems import FileTooLarge, Problem, UnreadableFile
from .sheets import REQUIRED_KEYS, fold, header_aliases, instruction_titles

__all__ = [
    "MAX_BYTES",
    "FileTooLarge",
    "Problem",
    "RawRow",
    "RawSheet",
    "UnreadableFile",
    "read_upload",
]


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


def _unreadable_xlsx() -> UnreadableFile:
    return UnreadableFile(Problem("unreadable", _("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย")))


def detect_format(data: bytes, name: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(
            Problem("old-excel", _("ไฟล์ Excel รุ่นเก่า (.xls) ใช้ไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ CSV"))
        )
    if name.lower().endswith(".xlsx"):
        raise _unreadable_xlsx()
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


def read_xlsx(data: bytes, name: str = "") -> list[RawSheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_workbook(archive, name)
    except FileTooLarge:
        raise
    except Exception:  # not a ZIP, or a part that cannot be unpacked (damaged, encrypted)
        raise _unreadable_xlsx() from None
    try:
        return _read_sheets(data)
    except UnreadableFile:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file, at open or mid-sheet
        raise _unreadable_xlsx() from None


def _read_sheets(data: bytes) -> list[RawSheet]:
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    aliases = header_aliases()
    skip = instruction_titles()
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.title in skip:
                sheets.append(RawSheet(ws.title, is_instructions=True))
                continue
            # openpyxl pads every row to the sheet's width and fills gaps between rows, so
            # both are capped: a sheet declaring no width would otherwise be as wide as its
            # widest row (bounds.check_workbook has refused a wider declared one).
            width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
            rows: list[tuple[list[Any], list[str]]] = []
            cells = ws.iter_rows(max_row=MAX_ROWS + HEADER_SEARCH + 1, max_col=width)
            for n, row in enumerate(cells, start=1):
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


# Thai letters (consonants, vowels, marks; not digits or the baht sign), and what real Thai text
# never does: a mark or following vowel not on a Thai letter, a leading vowel not before a
# consonant, a Thai letter touching a Latin one. Latin-1 or cp1252 text read as cp874 does so at
# nearly every accented letter ("café" becomes "caf้", "ÉCOLE" "ษCOLE").
_THAI_LETTER = re.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]")
_NOT_THAI = re.compile(
    "(?<![\u0e01-\u0e4e])[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]"
    "|[\u0e40-\u0e44](?![\u0e01-\u0e2e])"
    "|[A-Za-z][\u0e01-\u0e4e]|[\u0e01-\u0e4e][A-Za-z]"
)
NOT_THAI_TOLERANCE = 50  # one odd spot ("OTOPที่") in this many Thai letters is still Thai


def looks_thai(text: str) -> bool:
    letters = len(_THAI_LETTER.findall(text))
    return letters > 0 and len(_NOT_THAI.findall(text)) * NOT_THAI_TOLERANCE <= letters


def _decode(data: bytes, name: str) -> str:
    """The text of a CSV: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode
    Text"), or Thai Windows' cp874 (Excel's "CSV" on Thai Windows; TIS-620 is its subset) when
    what it gives is Thai. Anything else is refused rather than read as the wrong letters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]  # the BOM says which byte order, and is dropped
    elif b"\x00" in data:
        raise UnreadableFile(Problem("unreadable", _("ไฟล์นี้ไม่ใช่ CSV หรือ Excel")))
    else:
        encodings = ["utf-8-sig", "cp874"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp874" or looks_thai(text):
            return text
    raise UnreadableFile(
        Problem(
            "encoding",
            _(
                "อ่านตัวอักษรในไฟล์ %(name)s ไม่ได้ รับไฟล์ CSV ที่บันทึกเป็น UTF-8, UTF-16 "
                "(Unicode Text ของ Excel) หรือภาษาไทยของ Windows (TIS-620/Windows-874) เท่านั้น "
                "กรุณาบันทึกใหม่เป็น CSV UTF-8"
            )
            % {"name": name or "CSV"},
        )
    )


def read_csv(data: bytes, name: str = "") -> list[RawSheet]:
    text = _decode(data, name)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows: list[tuple[list[Any], list[str]]] = []  # a CSV cell has no number format
        for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if n > MAX_ROWS + HEADER_SEARCH:
                return [RawSheet("", problems=[_too_many("")])]
            check_width(len(row), name)
            rows.append(([from_csv_cell(c) for c in row], []))  # csv_cell's quote off again
    except csv.Error:
        raise UnreadableFile(Problem("unreadable", _("อ่านไฟล์ CSV นี้ไม่ได้"))) from None
    return [_rows_to_sheet("", rows, header_aliases())]


def read_upload(data: bytes, name: str) -> tuple[str, list[RawSheet]]:
    """(format, sheets) of an uploaded file. ``UnreadableFile`` when it cannot be read at all;
    ``FileTooLarge``, a kind of it, when it is over a bound, before anything parses it."""
    if not data:
        raise UnreadableFile(Problem("empty", _("ไฟล์ว่าง")))
    check_size(len(data), name)
    fmt = detect_format(data, name)
    return fmt, read_xlsx(data, name) if fmt == "xlsx" else read_csv(data, name)
