"""The official KPI summary (text extracted from the province's PDF) -> Scorecard.

The format, as the FY2568 Chonburi summary has it:

* a header block (title with the fiscal year, the position pair, the round and its period and
  the table header) repeated at the top of every page;
* tab-separated rows ``indicator text | weight | data source``;
* section rows ``ตัวชี้วัดรายทีม`` / ``ตัวชี้วัดรายบุคคล``;
* ``<u>`` and ``<p>`` markup left over from the PDF, level markers ``ระดับ ๑`` … ``ระดับ ๕``;
* an indicator whose levels continue on the next page in a row with empty weight and source;
* Thai or Arabic digits and OCR slips such as "กีบ"/"กบ" for "กับ".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import criteria
from .districts import chonburi, work_group
from .errors import DocumentError
from .model import Applicability, District, Group, Indicator, Scorecard
from .thai import (
    DIGIT,
    NUMBER_RE,
    fix_ocr_slips,
    normalize_space,
    parse_number,
    parse_thai_date,
    round_period,
    to_arabic_digits,
)
from .thairepair import repair

MAX_BYTES = 5_000_000

_TAG = re.compile(r"</?\s*[a-zA-Z][^>]*>")
_SECTIONS = {"ตัวชี้วัดรายทีม": Group.TEAM, "ตัวชี้วัดรายบุคคล": Group.INDIVIDUAL}
_INDICATOR_START = re.compile(rf"^ตัวชี้วัดที่\s*([{DIGIT}]+)\s*[:.]?\s*")
_LEVEL_MARK = re.compile(rf"ระดับ\s*([1-5๑-๕])(?![{DIGIT}])\s*[:.]?")
_FISCAL_YEAR = re.compile(rf"ปีงบประมาณ\s*(?:พ\.ศ\.)?\s*([{DIGIT}]{{4}})")
_ROUND = re.compile(rf"รอบการประเมินที่\s*([{DIGIT}])\s*(?:\((.*?)\))?")
_POSITION = re.compile(r"^ตำแหน่ง\s+(.+)$")
_TABLE_HEADER = "ตัวชี้วัดและค่าเป้าหมาย"
# A row whose tabs were lost: "… text ๖๐ กลุ่มงาน ประสานฯ".
_UNTABBED_TAIL = re.compile(rf"\s({NUMBER_RE})\s+(กลุ่มงาน.*)$")
_ONLY = re.compile(r"เฉพาะ\s*(อำเภอ.+?)(?:\)|$)")
_EXCEPT = re.compile(r"ยกเว้น\s*(อำเภอ.+?)(?:\)|$)")


@dataclass
class _Row:
    line: int
    text: str
    weight: str
    source: str


@dataclass
class _Draft:
    group: Group
    number: int
    line: int
    weight: str
    source: str
    parts: list[str] = field(default_factory=list)


def read_document(path: str | Path) -> str:
    """Read a KPI summary file in any of its forms (text, Word, PDF) as the text form.

    The form is told by the content, never by the name (see ``decode_document``).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: เปิดไฟล์ไม่ได้ ({exc.strerror or exc})") from exc
    return decode_document(data, name=str(path))


def decode_document(data: bytes, *, name: str = "เอกสาร") -> str:
    """The text form of a KPI summary given as the bytes of a file.

    Word (.docx: a ZIP holding ``word/document.xml``) and PDF (``%PDF``) are read by their
    readers into the text form, whose structure is checked here so that a row that cannot be
    read is named by its place in the file (table and row, page and row); an old Word .doc is
    refused with what to do. Anything else must be UTF-8 text.
    """
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name}: ไฟล์ใหญ่เกิน {MAX_BYTES // 1_000_000} MB")
    summary = None
    if data.startswith(b"PK\x03\x04"):
        from .docx_reader import read_docx

        summary = read_docx(data, name)
    elif data.lstrip()[:5] == b"%PDF-":
        from .pdf_reader import read_pdf

        summary = read_pdf(data, name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"{name}: เป็นไฟล์ Word รุ่นเก่า (.doc) ซึ่งอ่านไม่ได้ — "
            "กรุณาเปิดใน Word แล้วบันทึกเป็น .docx (หรือส่งออกเป็น PDF) แล้วส่งใหม่"
        )
    if summary is not None:
        try:
            parse(summary.text)
        except DocumentError as exc:
            place = summary.place(exc.line) or "หัวเอกสาร"
            raise DocumentError(f"{name}: {place}: {exc.message}") from exc
        return summary.text
    if b"\x00" in data:
        raise DocumentError(f"{name}: เป็นไฟล์ไบนารี ไม่ใช่ข้อความ")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start})") from exc


def parse(text: str, districts: Sequence[District] | None = None) -> Scorecard:
    """Parse the text of an official KPI summary.

    ``districts`` is the province's district list (Chonburi's when omitted); names in the
    indicator titles are resolved against it. Raises DocumentError when the text cannot be read
    as a KPI summary; everything that can be read but is wrong is left to ``checks.check``.
    """
    if not isinstance(text, str):
        raise DocumentError("เอกสารต้องเป็นข้อความ")
    province = tuple(districts) if districts is not None else chonburi()
    # Text extracted from a PDF carries the text layer's damage to Thai: repaired once here,
    # for every form (the Word and PDF readers' text too).
    text = repair(text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError("เอกสารว่างเปล่า")
    if "\x00" in text:
        raise DocumentError("เอกสารมีอักขระไบนารี ไม่ใช่ข้อความ")

    fiscal_year, round_no, position, period = _header(text)
    drafts = _drafts(_rows(text))
    if not drafts:
        raise DocumentError("ไม่พบตัวชี้วัด (ไม่มีแถวที่ขึ้นต้นด้วย 'ตัวชี้วัดที่ …')")

    if period is None:
        if fiscal_year is None or round_no is None:
            raise DocumentError("ไม่พบปีงบประมาณหรือรอบการประเมินในหัวเอกสาร")
        period = round_period(fiscal_year, round_no)
    if fiscal_year is None or round_no is None:
        raise DocumentError("ไม่พบปีงบประมาณหรือรอบการประเมินในหัวเอกสาร")

    ids = _ids(drafts)
    indicators = tuple(_indicator(d, ids[i], province) for i, d in enumerate(drafts))
    return Scorecard(
        fiscal_year=fiscal_year,
        round=round_no,
        period_start=period[0],
        period_end=period[1],
        position=position,
        indicators=indicators,
        districts=province,
        shares=None,  # no official summary seen so far states the team/individual split
    )


def _header(text: str) -> tuple[int | None, int | None, str, tuple[date, date] | None]:
    fiscal_year = round_no = None
    position = ""
    period = None
    head = "\n".join(text.split("\n")[:40])
    if m := _FISCAL_YEAR.search(head):
        fiscal_year = int(to_arabic_digits(m.group(1)))
    for line in head.split("\n"):
        clean = fix_ocr_slips(normalize_space(line))
        if not position and (m := _POSITION.match(clean)):
            position = m.group(1)
    if m := _ROUND.search(head):
        round_no = int(to_arabic_digits(m.group(1)))
        if m.group(2):
            period = _period(m.group(2))
    return fiscal_year, round_no, position, period


def _period(text: str) -> tuple[date, date] | None:
    halves = re.split(r"\s[–—-]\s|\s*ถึง\s*", text, maxsplit=1)
    if len(halves) != 2:
        return None
    try:
        start, end = parse_thai_date(halves[0]), parse_thai_date(halves[1])
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _rows(text: str) -> list[_Row]:
    rows: list[_Row] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        body = _clean(cells[0])
        weight = normalize_space(cells[1]) if len(cells) > 1 else ""
        source = normalize_space(" ".join(cells[2:])) if len(cells) > 2 else ""
        if len(cells) == 1 and (m := _UNTABBED_TAIL.search(body)):
            body, weight, source = body[: m.start()].strip(), m.group(1), m.group(2)
        rows.append(_Row(number, body, weight, source))
    return rows


def _clean(cell: str) -> str:
    return fix_ocr_slips(normalize_space(_TAG.sub(" ", cell)))


def _is_header(row: _Row) -> bool:
    text = row.text
    return (
        text.startswith(_TABLE_HEADER)
        or text.startswith("สรุปตัวชี้วัด")
        or bool(_POSITION.match(text))
        or text.startswith("รอบการประเมินที่")
    )


def _drafts(rows: list[_Row]) -> list[_Draft]:
    drafts: list[_Draft] = []
    group: Group | None = None
    for row in rows:
        if _is_header(row):
            continue
        if row.text in _SECTIONS:
            group = _SECTIONS[row.text]
            continue
        if m := _INDICATOR_START.match(row.text):
            if group is None:
                raise DocumentError("ตัวชี้วัดอยู่ก่อนหัวข้อ 'ตัวชี้วัดรายทีม' หรือ 'ตัวชี้วัดรายบุคคล'", line=row.line)
            drafts.append(
                _Draft(group, int(to_arabic_digits(m.group(1))), row.line, row.weight, row.source)
            )
            drafts[-1].parts.append(row.text[m.end() :])
            continue
        if drafts and not row.weight and not row.source:
            # A continuation: the levels of the previous indicator carried over a page break.
            drafts[-1].parts.append(row.text)
            continue
        if drafts or row.weight:
            raise DocumentError(f"แถวนี้ไม่ใช่ตัวชี้วัดหรือส่วนต่อของตัวชี้วัด: '{row.text[:60]}'", line=row.line)
        # Anything else before the first indicator is preamble (titles, notes): not data.
    return drafts


def _ids(drafts: list[_Draft]) -> list[str]:
    counts = Counter((d.group, d.number) for d in drafts)
    seen: Counter[tuple[Group, int]] = Counter()
    ids = []
    for d in drafts:
        key = (d.group, d.number)
        variant = chr(ord("a") + seen[key]) if counts[key] > 1 else ""
        seen[key] += 1
        ids.append(f"{d.group.prefix}{d.number}{variant}")
    return ids


def _indicator(draft: _Draft, indicator_id: str, province: Sequence[District]) -> Indicator:
    text = normalize_space(" ".join(draft.parts))
    title, level_texts = _split_levels(text)
    weight: Decimal | None = None
    if draft.weight:
        try:
            weight = parse_number(draft.weight)
        except ValueError as exc:
            raise DocumentError(
                f"น้ำหนักของตัวชี้วัด {indicator_id} ไม่ใช่ตัวเลข: '{draft.weight}'", line=draft.line
            ) from exc
    return Indicator(
        id=indicator_id,
        group=draft.group,
        number=draft.number,
        title=title,
        weight=weight,
        source=work_group(draft.source),
        applicability=applicability(title, province),
        levels=criteria.assign_measures(_bare_title(title), level_texts),
        line=draft.line,
    )


def _split_levels(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Title before "ระดับ ๑", then each level's text. Markers out of order are plain text
    (a level may mention "ระดับ ๑" in its prose)."""
    marks = []
    expected = 1
    for m in _LEVEL_MARK.finditer(text):
        number = int(to_arabic_digits(m.group(1)))
        if number >= expected:
            marks.append((number, m.start(), m.end()))
            expected = number + 1
    if not marks:
        return text.strip(" :"), []
    title = text[: marks[0][1]].strip(" :")
    levels = []
    for i, (number, _, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        levels.append((number, text[end:stop].strip()))
    return title, levels


def _bare_title(title: str) -> str:
    """The title without its applicability clause, for labelling measures."""
    title = re.sub(r"\((?:เฉพาะ|ยกเว้น)[^)]*\)", "", title)
    title = re.sub(r"ทุกอำเภอ\s*ยกเว้น.*$", "", title)
    return normalize_space(title)


def applicability(title: str, province: Sequence[District]) -> Applicability:
    """Read "(เฉพาะอำเภอ …)", "(ยกเว้นอำเภอ …)" or "ทุกอำเภอยกเว้น…" from a title."""
    if m := _EXCEPT.search(title):
        mode, names = "except", m.group(1)
    elif m := _ONLY.search(title):
        mode, names = "only", m.group(1)
    else:
        return Applicability()
    codes: list[str] = []
    unknown: list[str] = []
    by_name = {re.sub(r"\s+", "", d.name_th): d.code for d in province}
    for name in _district_names(names):
        code = by_name.get(name)
        if code is None:
            unknown.append(name)
        elif code not in codes:
            codes.append(code)
    return Applicability(mode, tuple(sorted(codes)), tuple(unknown))


def _district_names(names: str) -> list[str]:
    result = []
    for chunk in re.split(r"อำเภอ", names):
        chunk = re.sub(r"[\s,]+", "", chunk)
        chunk = re.sub(r"^(?:และ|หรือ)|(?:และ|หรือ)$", "", chunk)
        if chunk:
            result.append(chunk)
    return result
