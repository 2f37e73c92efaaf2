"""What the Word and PDF readers share: a table's cells -> the rows of the text form.

Each reader turns its file into header lines (the paragraphs above the table) and a grid of
cells per table (``None`` where a merged cell spans). ``summary_text`` maps the grid's columns
to indicator | weight | source by the header row (or by position, for a table of exactly three
columns without one), drops the header row each page repeats, joins an indicator carried over
a page or merged across rows, and writes the tab-separated text ``officialdoc.parse`` reads,
with the place of each of its lines in the file, so that every form is parsed and checked by
the same code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import DocumentError
from .thai import DIGIT, normalize_space, thai_number
from .thairepair import MARK, repair

GROUP_LABELS = ("ตัวชี้วัดรายทีม", "ตัวชี้วัดรายบุคคล")
_INDICATOR = re.compile(rf"^ตัวชี้วัดที่\s*[{DIGIT}]")
_DIGITS = re.compile(rf"[{DIGIT}]")
_SKELETON_DROP = re.compile(rf"[\s{MARK}\ufffd\u0e33\u0e32]")


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    weight: str
    source: str
    place: str


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the file: ``cells[r][c]`` is a cell's text, None where a merge spans."""

    cells: list[list[str | None]]
    places: list[str]  # where each row is, in the reader's words ("หน้า ๒ แถวที่ ๓")
    name: str  # the table itself ("ตารางที่ ๑", "หน้า ๒")


@dataclass(frozen=True, slots=True)
class Summary:
    """The text form of a summary read from a file, and where each of its lines came from."""

    text: str
    places: list[str]

    def place(self, line: int | None) -> str | None:
        if line is None or not 1 <= line <= len(self.places):
            return None
        return self.places[line - 1]


def clean_cell(text: str) -> str:
    return normalize_space(repair(text.replace("\t", " ")))


def _skeleton(text: str) -> str:
    """Letters only, for recognising a header whatever the text layer did to its marks."""
    return _SKELETON_DROP.sub("", text)


def _role(text: str) -> str | None:
    s = _skeleton(text)
    if "หนก" in s or s.startswith("รอยละ"):
        return "weight"
    if "แหลงขอมล" in s or "ผรบผดชอบ" in s or "หนวยงาน" in s:
        return "source"
    if "ตวชวด" in s or "คาเปาหมาย" in s or "คเปาหมาย" in s:
        return "indicator"
    return None


def _columns(cells: list[str | None]) -> dict[str, int] | None:
    """The header row's columns by role; None when the row is not a header."""
    if any(cell and _INDICATOR.match(cell) for cell in cells):
        return None  # an indicator's row, not a header
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if cell and (role := _role(cell)) and role not in roles:
            roles[role] = i
    weight = cells[roles["weight"]] if "weight" in roles else None
    if weight and _DIGITS.search(weight):
        return None  # "ร้อยละ ๖๐" is a weight, not the weight column's name
    if "weight" in roles and ("indicator" in roles or "source" in roles):
        roles.setdefault("indicator", 0)
        return roles
    return None


def _spaced(a: str, b: str) -> str:
    return f"{a} {b}"


def summary_text(
    name: str,
    header: Sequence[str],
    tables: Sequence[Table],
    join: Callable[[str, str], str] = _spaced,
) -> Summary:
    """The text form of a summary from its header lines and tables (see the module doc).

    ``join`` puts together the parts of an indicator carried over rows: in Word they are
    paragraphs (a space), in a PDF a line wrapped at the page break (the reader knows how).
    """
    lines = [clean_cell(h) for h in header if clean_cell(h)]
    places = ["หัวเอกสาร"] * len(lines)
    rows: list[Row] = []
    columns: dict[str, int] | None = None
    header_width = 0
    kpi_tables = 0
    for table in tables:
        width = max((len(r) for r in table.cells), default=0)
        if width != header_width:
            # Another table's header does not say this one's columns (a signature block,
            # a note); the summary continued on the next page keeps its width.
            columns = None
        for cells, place in zip(table.cells, table.places, strict=True):
            texts = [clean_cell(c) if c is not None else None for c in cells]
            if (found := _columns(texts)) is not None:
                columns, header_width = found, width
                continue
            filled = [t for t in texts if t]
            if not filled:
                continue
            if columns is None:
                if width != 3:
                    if _INDICATOR.match(filled[0]):
                        raise DocumentError(
                            f"{name}: {table.name} มี {thai_number(width)} คอลัมน์ ไม่พบหัวตาราง "
                            "'ตัวชี้วัด | น้ำหนัก | แหล่งข้อมูล'"
                        )
                    if not rows:  # a title laid out in a table above the summary's
                        lines += filled
                        places += [place] * len(filled)
                    continue  # a table that is not the summary's (a signature block, a note)
                columns, header_width = {"indicator": 0, "weight": 1, "source": 2}, width
            kpi_tables += 1
            row = _row(texts, columns, place)
            if row is not None:
                rows.append(row)
    if not kpi_tables:
        raise DocumentError(f"{name}: ไม่พบตารางตัวชี้วัด (ตารางสามคอลัมน์ ตัวชี้วัด | น้ำหนัก | แหล่งข้อมูล)")
    for row in _joined(rows, join):
        lines.append(f"{row.text}\t{row.weight}\t{row.source}")
        places.append(row.place)
    return Summary("\n".join(lines), places)


def _row(texts: list[str | None], columns: dict[str, int], place: str) -> Row | None:
    def at(role: str) -> str:
        i = columns.get(role)
        return (texts[i] or "") if i is not None and i < len(texts) else ""

    # The indicator is its column and any unnamed column before the weight or the source
    # (levels in a column of their own: "ตัวชี้วัด | เกณฑ์ | น้ำหนัก | แหล่งข้อมูล").
    first = columns["indicator"]
    stop = min((i for r, i in columns.items() if r != "indicator" and i > first), default=first + 1)
    text = " ".join(t for t in texts[first:stop] if t)
    weight = _WEIGHT_WORDS.sub("", at("weight")).strip()
    source = at("source")
    spanned = sum(1 for t in texts if t) == 1 and None in texts
    if spanned:
        # A row merged across the table: a group label, or a note that is no indicator's.
        text = next(t for t in texts if t)
        label = next((g for g in GROUP_LABELS if text.startswith(g)), None)
        return Row(label, "", "", place) if label else None
    if (
        not weight
        and not source
        and (label := next((g for g in GROUP_LABELS if text.startswith(g)), None))
    ):
        return Row(label, "", "", place)  # "ตัวชี้วัดรายทีม (ร้อยละ ๕๐)" in the first column
    return Row(text, weight, source, place)


_WEIGHT_WORDS = re.compile(r"^ร้อยละ|%$|ร้อยละ$")


def _starts(row: Row) -> bool:
    return bool(_INDICATOR.match(row.text)) or row.text in GROUP_LABELS


def _joined(rows: list[Row], join: Callable[[str, str], str]) -> list[Row]:
    """An indicator's rows as one: the part carried to the next page, the levels in rows of
    their own. Two parts that both have a weight are left apart, for the parser to refuse."""
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        apart = prev is None or bool((prev.weight and row.weight) or (prev.source and row.source))
        if prev is not None and not apart and not prev.text and _INDICATOR.match(row.text):
            # The weight and source fitted above the page break, the indicator's text did not.
            out[-1] = Row(row.text, row.weight or prev.weight, row.source or prev.source, row.place)
            continue
        if prev is not None and not apart and not _starts(row) and _INDICATOR.match(prev.text):
            out[-1] = Row(
                normalize_space(join(prev.text, row.text)),
                prev.weight or row.weight,
                prev.source or row.source,
                prev.place,
            )
            continue
        out.append(row)
    return out
