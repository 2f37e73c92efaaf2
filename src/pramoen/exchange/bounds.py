"""How big an uploaded results file may be, and the checks that refuse a bigger one before any
parser spends time on it. Every door (the import page, the API, the apply step that reads the
kept file again) reaches these through ``reader.read_upload``.

What the bounds are set from, measured on this project's 2-core machine (openpyxl 3.1.5 in
read-only mode, no lxml; the figures move by a third between runs):

* our own template of a whole round (Chonburi, the province's: 4 work-group sheets, 66 rows,
  12 columns) is 15 KB, 92 KB unpacked, largest part 33 KB, 13 parts, read in 15-35 ms. With
  ten times its rows it is 0.5 MB unpacked (largest part 0.25 MB), read in 0.15 s; with 660
  rows on every sheet (2,640 rows) 1.9 MB (0.5 MB), 0.2-0.7 s. Both are accepted.
* openpyxl's time goes with the unpacked XML, not the upload: one XML comment of 4 MB takes
  0.37 s, of 8 MB 1.6 s, of 48 MB 72 s (the parser rescans a token it has not finished, so it
  is quadratic: the 64 KB workbook that held one took a worker past gunicorn's timeout);
  cells cost 0.3-0.8 s per MB (the most in a sheet without <dimension>, which openpyxl reads
  twice), styles ~0.5 s per MB.
* and with a sheet's declared width: openpyxl pads every row to it, so a 15 KB workbook that
  declares 3,000 columns down to row 5,010 took 3.4 s (16,384 columns: 11 s), and one that
  declares none but has a cell in column XFD on 5,000 rows 12 s. Such a width is refused
  from the declaration; without one, reading stops at ``MAX_COLUMNS``.

The slowest workbooks we could build inside these bounds (three 1 MB sheets of dense cells
without <dimension>, or 1 MB of styles beside two of them) take 1.0-1.7 s to check.
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from typing import IO

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from .problems import FileTooLarge, Problem

MAX_BYTES = 5 * 1024 * 1024  # the upload itself, CSV or Excel
MAX_UNPACKED = 3 * 1024 * 1024  # every part of a workbook together: 30x our round's
MAX_PART_BYTES = 1024 * 1024  # any one part (sheet, styles, strings) unpacked: 30x
MAX_PARTS = 200  # our template has 13, Excel adds a few
MAX_RATIO = 100  # unpacked : packed; real workbooks ~5-30
RATIO_FLOOR = 1024 * 1024  # below this much unpacked, no ratio can cost time
MAX_COLUMNS = 100  # the template has 12
MAX_ROWS = 5000  # rows of data in one sheet (or the CSV)
HEADER_SEARCH = 10  # the header is looked for in the first rows only
DIMENSION_PROBE = 16 * 1024  # <dimension> comes right after <sheetPr> in every writer we know

# A whole round's export loaded back (restore, for administrators): definitions and every result.
RESTORE_MAX_BYTES = 10 * MAX_BYTES
RESTORE_MAX_UNPACKED = 50 * 1024 * 1024

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_COLUMN = re.compile(r"([A-Za-z]+)\d*$")


def _label(name: str) -> str:
    name = "".join(c for c in name if c.isprintable()).strip()
    return (name[:77] + "...") if len(name) > 80 else (name or "upload")


def _mb(size: int) -> str:
    # Rounded up, so that a size just over a bound never reads as the bound itself.
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}".removesuffix(".0")


def _refuse(code: str, message: str, sheet: str = "") -> FileTooLarge:
    return FileTooLarge(Problem(code, message, sheet=sheet))


def read_limited(upload: IO[bytes]) -> bytes:
    """The upload's bytes, at most one over ``MAX_BYTES``: enough for ``check_size`` to refuse
    it, without holding a huge upload in memory."""
    return upload.read(MAX_BYTES + 1)


def check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise _refuse(
            "too-big",
            _("ไฟล์ %(name)s ใหญ่เกิน %(max)s MB") % {"name": _label(name), "max": _mb(MAX_BYTES)},
        )


def check_width(columns: int, name: str, sheet: str = "") -> None:
    """A sheet (``sheet`` its title) or a CSV (no title) ``columns`` wide."""
    if columns <= MAX_COLUMNS:
        return
    params = {"name": _label(name), "sheet": sheet, "count": columns, "max": MAX_COLUMNS}
    if sheet:
        message = _(
            "แผ่นงาน %(sheet)s ในไฟล์ %(name)s มีข้อมูลกว้าง %(count)s คอลัมน์ เกินกำหนด %(max)s "
            "คอลัมน์ กรุณาลบคอลัมน์ที่ไม่ใช้"
        )
    else:
        message = _("ไฟล์ %(name)s มี %(count)s คอลัมน์ เกินกำหนด %(max)s คอลัมน์ กรุณาลบคอลัมน์ที่ไม่ใช้")
    raise _refuse("too-many-columns", message % params, sheet)


def check_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse, from the ZIP directory and the first bytes of each sheet, a workbook that is
    too large to parse. The sizes in the directory are binding: zipfile stops at them."""
    label = _label(name)
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _refuse(
            "too-many-parts",
            _("ไฟล์ %(name)s มีส่วนประกอบ %(count)s ส่วน เกินกำหนด %(max)s ส่วน ไม่ใช่แบบนำเข้าผล")
            % {"name": label, "count": len(parts), "max": MAX_PARTS},
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED:
        raise _refuse(
            "too-big-unpacked",
            _("ไฟล์ %(name)s เมื่อขยายออกมีขนาด %(size)s MB เกินกำหนด %(max)s MB")
            % {"name": label, "size": _mb(unpacked), "max": _mb(MAX_UNPACKED)},
        )
    packed = sum(p.compress_size for p in parts)
    if unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1):
        raise _refuse(
            "compression-ratio",
            _("ไฟล์ %(name)s ถูกบีบอัดไว้มากผิดปกติ (%(ratio)s เท่า เกินกำหนด %(max)s เท่า)")
            % {"name": label, "ratio": unpacked // max(packed, 1), "max": MAX_RATIO},
        )
    titles = _sheet_titles(archive)
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            params = {
                "name": label,
                "sheet": titles.get(part.filename, ""),
                "part": part.filename,
                "size": _mb(part.file_size),
                "max": _mb(MAX_PART_BYTES),
            }
            if params["sheet"]:
                message = _("แผ่นงาน %(sheet)s ในไฟล์ %(name)s มีขนาด %(size)s MB เกินกำหนด %(max)s MB")
            else:
                message = _(
                    "ส่วน %(part)s ในไฟล์ %(name)s เมื่อขยายออกมีขนาด %(size)s MB เกินกำหนด %(max)s MB"
                )
            raise _refuse("part-too-big", message % params, str(params["sheet"]))
    for part in parts:
        if part.filename.endswith(".xml"):
            columns = _declared_width(archive, part)
            if columns:
                check_width(columns, name, titles.get(part.filename) or part.filename)


def _declared_width(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """The number of columns a sheet's ``<dimension ref="A1:L34">`` declares; 0 when none is
    found in its first bytes (then reading stops at MAX_COLUMNS instead)."""
    with archive.open(part) as stream:
        head = stream.read(DIMENSION_PROBE)
    found = _DIMENSION.search(head)
    if found is None:
        return 0
    last = found.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
    letters = _COLUMN.match(last)
    if letters is None:
        return 0
    columns = 0
    for letter in letters.group(1).upper():
        columns = columns * 26 + ord(letter) - ord("A") + 1
    return columns


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet title, for messages that name the sheet a user sees; {} if the
    workbook part cannot tell (openpyxl then judges the file itself)."""
    names = set(archive.namelist())
    book, rels = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
    if book not in names or rels not in names:
        return {}
    if max(archive.getinfo(book).file_size, archive.getinfo(rels).file_size) > MAX_PART_BYTES:
        return {}
    try:
        targets = {
            el.get("Id"): el.get("Target", "")
            for el in ElementTree.fromstring(archive.read(rels)).iter()
            if _local(el.tag) == "Relationship"
        }
        titles = {}
        for el in ElementTree.fromstring(archive.read(book)).iter():
            if _local(el.tag) != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid, "")
            if target:
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                titles[posixpath.normpath(part)] = el.get("name", "")
    except Exception:  # a broken workbook part: openpyxl will say so when it reads the file
        return {}
    return titles
