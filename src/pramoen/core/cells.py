"""Spreadsheet cells that never run: the one rule every Excel and CSV export follows.

Text people type (notes, comments, reasons, names, indicator titles) ends up in workbooks and
CSV files that someone opens in Excel or LibreOffice. A spreadsheet runs a cell as a formula
when its text starts with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or a carriage
return, what follows), so ``=HYPERLINK("http://…","ดูหลักฐาน")`` typed as a note would become a
live link in the province's workbook (OWASP: CSV injection).

* CSV has no cell types: such a text is written with a single quote before it (OWASP's rule),
  which spreadsheets take as "this is text". ``from_csv_cell`` takes exactly that quote off
  again when one of our CSV files is imported back.
* Excel cells are typed: a text stays a text cell, whatever it starts with. openpyxl makes every
  str starting with ``=`` a formula; ``xlsx_keep_text`` turns such cells back into text before
  a workbook is saved. The text shown is the text typed, unchanged.

Numbers we write as numbers are not text and stay as they are: ``-5`` in a value column is the
number -5, while the note "-5 ครัวเรือน" is text and gets its quote.

Plain Python on purpose (no openpyxl import): openpyxl's cells are used through the small
protocols below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from .thai import decimal_text

# What a spreadsheet takes as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula."""
    return text[:1] in FORMULA_START


def _needs_quote(text: str) -> bool:
    # A text that already starts with quotes before a formula character ("'=1") gets one more
    # too, so that from_csv_cell, taking one off, gives back exactly what was written.
    return starts_formula(text.lstrip(QUOTE))


def csv_cell(value: object) -> str:
    """The text of one CSV cell: numbers as plain decimals, text that a spreadsheet would run
    as a formula with a single quote before it, everything else as it is."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return QUOTE + text if _needs_quote(text) else text


def from_csv_cell(cell: str) -> str:
    """A cell of one of our CSV files back to the text it was made from (``csv_cell``'s quote
    taken off); any other cell is returned as it is."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


class XlsxCell(Protocol):
    """The part of an openpyxl cell this module uses."""

    @property
    def value(self) -> Any: ...

    data_type: str
    quotePrefix: bool


class XlsxSheet(Protocol):
    def iter_rows(self) -> Iterable[Sequence[XlsxCell]]: ...


class XlsxWorkbook(Protocol):
    @property
    def worksheets(self) -> Sequence[XlsxSheet]: ...


def xlsx_keep_text(workbook: XlsxWorkbook) -> None:
    """Make every text cell of ``workbook`` a text cell, however it starts; call it just
    before saving. We write no formulas of our own (every total is computed here, in
    core.scoring), so no formula cell is left."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str) or not starts_formula(value):
                    continue
                cell.data_type = "s"  # openpyxl's "f" for "=…" becomes a plain string
                # Excel keeps the cell text even when someone edits it and presses Enter
                # (shown with a leading ' in the formula bar, not in the cell).
                cell.quotePrefix = True
