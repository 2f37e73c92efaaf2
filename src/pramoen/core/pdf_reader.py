"""A KPI summary as a PDF with a text layer -> the text form (see ``docrows``).

Read with PDFium (pypdfium2, which pdfplumber itself ships on): pdfminer's pure-Python
interpreter takes over three seconds for a 10-page summary, PDFium a fraction of one.

The table is rebuilt from the page's ruling lines: the thin paths (and the edges of stroked
rectangles) that touch one another make one table; their x and y positions are its grid, and
a cell whose left rule is missing is merged into the cell before it (a group row spanning the
table). Each character goes to the cell its centre falls in. A cell's text is written from
its characters as they were drawn: each combining mark stays with the letter drawn before it
(an extractor that sorts marks by position moves them: "ตัวชวี้ ัด"), lines go top to bottom
by baseline (a fallback font's taller "." is on the same line), words left to right. A glyph
the layer gives no character for, drawn before SARA AA, is the NIKHAHIT of a SARA AM: it is
kept as ``thairepair.LOST`` for the repair to settle. The header row each page repeats is
dropped and an indicator carried to the next page is joined by ``docrows``.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass, field
from typing import Any

from .docrows import Summary, Table, summary_text
from .errors import DocumentError
from .thai import thai_number
from .thairepair import LOST, MARKS

MAX_PAGES = 60
_RULE = 2.5  # a path thinner than this (pt) is a rule
_UNMAPPED = re.compile(r"(?<=[\u0e01-\u0e4e])[^\u0e00-\u0e7f\s!-~](?=\u0e32)")
_LEVEL_START = re.compile(r"ระดับ\s*[1-5๑-๕](?![0-9๐-๙])")


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    y: float  # centre, PDF coordinates (up)
    baseline: float
    size: float


@dataclass
class _Cluster:
    x0: float
    x1: float
    baseline: float
    size: float
    text: str


@dataclass
class _Grid:
    xs: list[float]  # column rules, left to right
    ys: list[float]  # row rules, top to bottom (PDF y falls)
    owner: list[list[int]]  # owner[r][c]: the column whose cell covers (r, c)
    chars: dict[tuple[int, int], list[_Char]] = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.ys[0]


def read_pdf(data: bytes, name: str) -> Summary:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(
                f"{name}: ไฟล์ PDF นี้เข้ารหัสผ่านไว้ เปิดอ่านไม่ได้ — กรุณาส่งไฟล์ที่ไม่ตั้งรหัสผ่าน หรือไฟล์ Word ต้นฉบับ"
            ) from exc
        raise DocumentError(f"{name}: ไฟล์ PDF เสียหรือเปิดไม่ได้ ({exc})") from exc
    try:
        return _read(pdf, name)
    except DocumentError:
        raise
    except Exception as exc:  # a broken file makes PDFium fail in many ways: never a crash
        raise DocumentError(f"{name}: อ่านไฟล์ PDF ไม่ได้ ({type(exc).__name__})") from exc
    finally:
        pdf.close()


def _read(pdf: Any, name: str) -> Summary:
    import pypdfium2.raw as raw

    if len(pdf) > MAX_PAGES:
        raise DocumentError(f"{name}: ไฟล์ PDF มี {thai_number(len(pdf))} หน้า เกิน {MAX_PAGES} หน้า")
    header: list[str] = []
    tables: list[Table] = []
    any_text = False
    images = 0
    for number in range(1, len(pdf) + 1):
        page = pdf[number - 1]
        chars = _chars(page)
        images += sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1))
        if not chars:
            continue
        any_text = True
        grids = sorted(_grids(page), key=lambda g: -g.top)
        outside = _bucket(chars, grids)
        if not tables and grids:
            header += _lines([c for c in outside if c.y > grids[0].top])
        for g, grid in enumerate(grids, start=1):
            tables.append(_table(grid, number, g))
    if not any_text:
        if images:
            raise DocumentError(
                f"{name}: ไม่มีข้อความในไฟล์ PDF นี้ — เป็นภาพสแกน อ่านตัวชี้วัดไม่ได้ "
                "กรุณาใช้ไฟล์ Word ต้นฉบับ หรือ PDF ที่ส่งออกจากโปรแกรมพิมพ์เอกสาร "
                "(ไม่ใช่ภาพสแกน)"
            )
        raise DocumentError(f"{name}: ไม่มีข้อความในไฟล์ PDF นี้")
    if not tables:
        raise DocumentError(
            f"{name}: ไม่พบตารางที่มีเส้นตารางในไฟล์ PDF นี้ — สรุปตัวชี้วัดต้องเป็นตาราง ตัวชี้วัด | น้ำหนัก | แหล่งข้อมูล"
        )
    return summary_text(name, header, tables, join=_join_wrapped)


def _chars(page: Any) -> list[_Char]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        # PDFium shows a glyph with no character by its code: before SARA AA it is the
        # NIKHAHIT of a SARA AM (see the module doc).
        text = _UNMAPPED.sub(LOST, textpage.get_text_range(0, count))
        handle = textpage.raw
        box = raw.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        out: list[_Char] = []
        for i, ch in enumerate(text[:count]):
            if ch in " \r\n\x02" and raw.FPDFText_IsGenerated(handle, i):
                continue  # PDFium's own guesses at spaces and line ends: ours are made below
            # The loose box runs from the font's descent to its ascent (its height is the
            # size); the origin is on the baseline, which a fallback font shares.
            raw.FPDFText_GetLooseCharBox(handle, i, box)
            bottom, top = box.bottom, box.top
            if ch in MARKS or ch == LOST:  # joins the letter before it: no line of its own
                out.append(_Char(ch, box.left, box.left, (bottom + top) / 2, 0, 0))
                continue
            raw.FPDFText_GetCharOrigin(handle, i, ox, oy)
            out.append(_Char(ch, box.left, box.right, (bottom + top) / 2, oy.value, top - bottom))
        return out
    finally:
        textpage.close()


def _segments(
    page: Any,
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal rules (y, x0, x1) and vertical rules (x, y0, y1) drawn on the page."""
    import pypdfium2.raw as raw

    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
        x0, y0, x1, y1 = obj.get_bounds()
        w, h = x1 - x0, y1 - y0
        if h < _RULE and w > _RULE:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w < _RULE and h > _RULE:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif w > _RULE and h > _RULE and raw.FPDFPath_CountSegments(obj) <= 6:
            # a stroked rectangle: its four edges are rules (a filled shading is not: it
            # has no rule where its neighbour's shading differs, and harms nothing either way)
            horizontal += [(y0, x0, x1), (y1, x0, x1)]
            vertical += [(x0, y0, y1), (x1, y0, y1)]
    return horizontal, vertical


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _near(x: float, xs: list[float]) -> bool:
    i = bisect.bisect_left(xs, x)
    return any(abs(xs[j] - x) <= 3 for j in (i - 1, i) if 0 <= j < len(xs))


def _grids(page: Any) -> list[_Grid]:
    horizontal, vertical = _segments(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    # Rules that touch make one table: grouped by their vertical extent overlapping.
    spans = sorted((min(y0, y1), max(y0, y1)) for _, y0, y1 in vertical)
    groups: list[list[float]] = []
    for lo, hi in spans:
        if groups and lo <= groups[-1][1] + _RULE:
            groups[-1][1] = max(groups[-1][1], hi)
        else:
            groups.append([lo, hi])
    grids = []
    for lo, hi in groups:
        vs = [v for v in vertical if v[1] >= lo - _RULE and v[2] <= hi + _RULE]
        xs = _cluster([v[0] for v in vs])
        # A rule runs from one column rule to another; an underline ends anywhere.
        hs = [
            h
            for h in horizontal
            if lo - _RULE <= h[0] <= hi + _RULE and _near(h[1], xs) and _near(h[2], xs)
        ]
        # A row cut by the page break has no rule below it (nor one above on the next page):
        # the column rules' ends close it.
        ys = sorted(_cluster([h[0] for h in hs] + [lo, hi]), reverse=True)
        if len(xs) < 2 or len(ys) < 2:
            continue
        owner = []
        for r in range(len(ys) - 1):
            middle = (ys[r] + ys[r + 1]) / 2
            row = [0]
            for c in range(1, len(xs) - 1):
                ruled = any(abs(v[0] - xs[c]) <= 2 and v[1] - 1 <= middle <= v[2] + 1 for v in vs)
                row.append(c if ruled else row[-1])
            owner.append(row)
        grids.append(_Grid(xs, ys, owner))
    return grids


def _bucket(chars: list[_Char], grids: list[_Grid]) -> list[_Char]:
    """Put each character in its grid cell, in drawing order; those in no table are returned."""
    outside = []
    keyed = [(g, [-y for y in g.ys]) for g in grids]
    for ch in chars:
        x = (ch.x0 + ch.x1) / 2
        for grid, negys in keyed:
            if not (grid.xs[0] <= x <= grid.xs[-1] and grid.ys[-1] <= ch.y <= grid.ys[0]):
                continue
            r = min(bisect.bisect_right(negys, -ch.y) - 1, len(grid.ys) - 2)
            c = min(bisect.bisect_right(grid.xs, x) - 1, len(grid.xs) - 2)
            grid.chars.setdefault((r, grid.owner[r][c]), []).append(ch)
            break
        else:
            outside.append(ch)
    return outside


def _table(grid: _Grid, page: int, number: int) -> Table:
    cells: list[list[str | None]] = []
    places = []
    for r, owners in enumerate(grid.owner):
        cells.append(
            [
                _cell_text(grid.chars.get((r, c), [])) if owners[c] == c else None
                for c in range(len(owners))
            ]
        )
        places.append(f"หน้า {thai_number(page)} แถวที่ {thai_number(r + 1)}")
    name = f"หน้า {thai_number(page)}" + (f" ตารางที่ {thai_number(number)}" if number > 1 else "")
    return Table(cells, places, name)


def _clusters(chars: list[_Char]) -> list[_Cluster]:
    out: list[_Cluster] = []
    for ch in chars:
        if out and (ch.text in MARKS or ch.text == LOST):
            out[-1].text += ch.text
            continue
        out.append(_Cluster(ch.x0, ch.x1, ch.baseline, ch.size, ch.text))
    return out


def _lines(chars: list[_Char]) -> list[str]:
    lines: list[list[_Cluster]] = []
    for cluster in _clusters(chars):
        for line in reversed(lines):
            if abs(line[0].baseline - cluster.baseline) <= 0.3 * min(line[0].size, cluster.size):
                line.append(cluster)
                break
        else:
            lines.append([cluster])
    lines.sort(key=lambda line: -line[0].baseline)
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x0)
        text = ""
        prev: _Cluster | None = None
        for c in line:
            gap = prev is not None and c.x0 - prev.x1 > 0.22 * c.size
            if gap and c.text != " " and not text.endswith(" "):
                text += " "
            text += c.text
            prev = c
        text = re.sub(f"{LOST}(?!\u0e32)", "", text)
        if text.strip():
            out.append(text)
    return out


_OPENING = frozenset("“‘([{\"'")
_CLOSING = frozenset("”’)]},.:;!?ฯ\"'")


def _thai_letter(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4f"


def _cell_text(chars: list[_Char]) -> str:
    """A cell's lines as one text. A line that ends with its space (kept by the producer)
    joins with a space; otherwise a line wrapped inside Thai words joins with nothing, one
    wrapped beside a number, a Latin word or before a level with a space."""
    text = ""
    spaced = False
    for raw_line in _lines(chars):
        line = raw_line.strip()
        text = line if not text else (f"{text} {line}" if spaced else _join_wrapped(text, line))
        spaced = raw_line[-1:].isspace()
    return text


def _join_wrapped(text: str, line: str) -> str:
    """Two lines of one paragraph, the producer having dropped the space at the wrap if
    there was one: none inside Thai words, one beside a number, a Latin word, a level."""
    if not text or not line:
        return text or line
    if text[-1] in _OPENING or line[0] in _CLOSING:
        return text + line
    if _LEVEL_START.match(line) or not (_thai_letter(text[-1]) and _thai_letter(line[0])):
        return f"{text} {line}"
    return text + line
