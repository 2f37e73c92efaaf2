"""A KPI summary written in Word (.docx) -> the text form (see ``docrows``).

Read with python-docx: the paragraphs above the first table are the header (the page header
too, when the title sits there); every table's rows are cells, a cell's paragraphs joined
(the levels may be paragraphs of their own or inline). A cell merged across columns
(``gridSpan``) fills its first column and leaves None in the others; a cell merged down
(``vMerge``) keeps its text in its first row only, so an indicator whose weight spans its
rows is one indicator.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from .docrows import Summary, Table, summary_text
from .errors import DocumentError
from .thai import thai_number

MAX_UNPACKED = 60_000_000  # a .docx unpacks to a few MB; more is a zip bomb, not a summary

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> Summary:
    document = _open(data, name)
    body = document.element.body
    header: list[str] = []
    tables: list[Table] = []
    for element in _blocks(body):
        if element.tag == f"{_W}p":
            if not tables:
                header.append(_text(element))
        else:
            tables.append(_table(element, len(tables) + 1))
    if not tables:
        raise DocumentError(
            f"{name}: ไฟล์ Word นี้ไม่มีตาราง — สรุปตัวชี้วัดต้องเป็นตาราง ตัวชี้วัด | น้ำหนัก | แหล่งข้อมูล"
        )
    if not any("ปีงบประมาณ" in line for line in header):
        # The title may be in the page header, repeated on every page as Word does.
        for section in document.sections[:1]:
            header = [p.text for p in section.header.paragraphs] + header
    return summary_text(name, header, tables)


def _open(data: bytes, name: str) -> Any:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise DocumentError(f"{name}: เป็นไฟล์ ZIP แต่ไม่ใช่ไฟล์ Word (.docx)")
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
                raise DocumentError(f"{name}: ไฟล์ Word ขยายแล้วใหญ่ผิดปกติ ไม่อ่าน")
        return Document(io.BytesIO(data))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"{name}: ไฟล์ Word เสียหรือเปิดไม่ได้ ({exc})") from exc
    except Exception as exc:  # lxml's syntax errors and the like: a broken file, not ours
        raise DocumentError(f"{name}: ไฟล์ Word เสียหรือเปิดไม่ได้ ({type(exc).__name__})") from exc


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in order, through content controls (``w:sdt``)."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        parts.append((node.text or "") if node.tag == f"{_W}t" else " ")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    return " ".join(_text(p) for p in tc.iter(f"{_W}p"))


def _table(tbl: Any, number: int) -> Table:
    name = f"ตารางที่ {thai_number(number)}"
    cells: list[list[str | None]] = []
    places: list[str] = []
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        row: list[str | None] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, continued = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                if grid is not None:
                    try:
                        span = max(1, int(grid.get(f"{_W}val", "1")))
                    except ValueError:
                        span = 1
                merge = props.find(f"{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            row.append("" if continued else _cell_text(tc))
            row += [None] * (span - 1)
        cells.append(row)
        places.append(f"{name} แถวที่ {thai_number(r)}")
    return Table(cells, places, name)
