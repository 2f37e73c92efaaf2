"""PDF with WeasyPrint: A4, Sarabun embedded (Pango shapes and breaks the Thai): a district's
form and the round's booklet.

Laying the Thai out is nearly all the time. The form's table does not size its columns over
every line-break opportunity of the level texts (``_form_columns``), the garbage collector
waits while documents are laid out (``layout.collector_held``), and a booklet lays its
districts out on several cores, here and in worker processes (``pdf_workers``). The Django
and model imports stay inside the functions that need them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .layout import FONT_DIR, _layout, collector_held
from .pdf_workers import district_pages

if TYPE_CHECKING:
    from weasyprint.document import Document

    from pramoen.evaluation.models import Round

    from .data import DistrictReport

__all__ = ["FONT_DIR", "_layout", "booklet_pdf", "district_pdf", "one_digit_style"]


# markup, character references ("&#x27;") and the text of <style> and <script>: their digits
# are not the document's text
_NOT_TEXT = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>|&#?\w+;)", re.S | re.I)

# a number, but not the digits of a code such as "T1" or "I2a", which stay as they are
_NUMBER = re.compile(r"(?<![A-Za-z0-9๐-๙])[0-9๐-๙]+")


def one_digit_style(html: str, *, thai: bool) -> str:
    """Every digit of the body's text in one style: Thai digits throughout, or none at all.

    The document's level texts, our own formulas ("๑๐๐ = Σ(ค) × ๒๐ ÷ Σ(ข)") and the numbers
    put in by the template would otherwise mix "พ.ศ. 2568" with "๒๐" on one page."""
    from pramoen.core.thai import to_arabic_digits, to_thai_digits

    convert = to_thai_digits if thai else to_arabic_digits

    def digits(text: str) -> str:
        return _NUMBER.sub(lambda m: convert(m.group()), text)

    head, tag, body = html.partition("<body")
    if not tag:  # a fragment: all of it is body
        head, body = "", html
    parts = _NOT_TEXT.split(body)
    # split() keeps the separators at the odd places: only the text between them changes
    body = "".join(part if i % 2 else digits(part) for i, part in enumerate(parts))
    return f"{head}{tag}{body}"


def _html(context: dict[str, object]) -> str:
    from django.template.loader import render_to_string

    from pramoen.core.thai import to_arabic_digits, to_thai_digits

    thai = bool(context.get("thai"))
    convert = to_thai_digits if thai else to_arabic_digits
    # the page-margin texts live in the stylesheet: put them in the document's digits here
    for key in ("title", "generated"):
        if isinstance(value := context.get(key), str):
            context = {**context, key: convert(value)}
    if context.get("reports"):
        context = {**context, "form_columns": _form_columns()}
    html = render_to_string(
        "reports/pdf.html", {**context, "font_dir": FONT_DIR.as_uri(), "pdf": True}
    )
    return one_digit_style(html, thai=thai)


# the form table's number columns in each language, as _form_columns measured them
_FORM_COLUMNS: dict[str, list[str]] = {}


def _form_columns() -> list[str]:
    """The widths (CSS px) of the form table's four number columns, in the active language.

    Automatic table layout gave each its heading's width (headings do not wrap, and every
    figure under them is narrower) and the indicator column the rest; but to find that, it
    measured every line-break opportunity of every level text, on every page, which was a
    third of a district's layout. The form is laid out with these widths instead (fixed
    table layout: the indicator column still takes the rest), the same columns for less:
    they are measured once per language by laying out the heading row alone, as narrow as
    it goes."""
    from django.template.loader import render_to_string
    from django.utils.translation import get_language
    from weasyprint.formatting_structure.boxes import TableBox

    language = get_language() or ""
    if (widths := _FORM_COLUMNS.get(language)) is None:
        html = render_to_string(
            "reports/pdf.html", {"measure": True, "font_dir": FONT_DIR.as_uri(), "pdf": True}
        )
        page = _layout(html).pages[0]
        table = next(b for b in page._page_box.descendants() if isinstance(b, TableBox))
        widths = _FORM_COLUMNS[language] = [repr(float(w)) for w in table.column_widths[1:]]
    return widths


def _generated() -> str:
    from django.utils import timezone

    from pramoen.evaluation.templatetags.pramoen import thaidate

    return f"Pramoen · {thaidate(timezone.now())}"


def district_pdf(report: DistrictReport, *, thai_digits: bool = False) -> bytes:
    title = f"แบบสรุปผลการประเมิน {report.round.code} อำเภอ{report.district.name_th}"
    html = _html(
        {"title": title, "reports": [report], "thai": thai_digits, "generated": _generated()}
    )
    with collector_held():
        pdf: bytes = _layout(html).write_pdf()
    return pdf


def booklet_pdf(
    round_: Round,
    reports: list[DistrictReport],
    *,
    thai_digits: bool = False,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The summary page, a contents page, then each district's form, numbered across the
    whole book (pramoen.reports.booklet).

    Each district is a document of its own, and their pages are joined; ``progress`` is
    told each district done, in order.
    """
    from .booklet import Entry, contents, number
    from .charts import achievement_chart
    from .data import report_ranking

    ranked = report_ranking(reports)  # districts not submitted yet: no rank, not in the chart
    title = f"สรุปผลการประเมิน จังหวัด{round_.province.name_th} {round_.code}"
    generated = _generated()
    common = {"title": title, "thai": thai_digits, "generated": generated, "booklet": True}
    htmls = [_html({**common, "reports": [report]}) for report in reports]
    summary = _html(
        {
            **common,
            "reports": [],
            "summary": True,
            "round": round_,
            "ranked": ranked,
            "chart": achievement_chart([p.item for p in ranked if p.rank is not None]),
        }
    )
    with collector_held():
        document, districts = district_pages(htmls, lambda: _layout(summary), progress)

        def contents_layout(entries: list[Entry]) -> Document:
            return _layout(_html({**common, "reports": [], "contents": entries}))

        listing = contents(
            summary_pages=len(document.pages),
            parts=[(r.district.name_th, len(p)) for r, p in zip(reports, districts, strict=True)],
            layout=contents_layout,
        )
        book = [*document.pages, *listing, *(page for pages in districts for page in pages)]
        number(book, _layout(_html({**common, "reports": [], "footers": range(len(book))})))
        pdf: bytes = document.copy(book).write_pdf()
    return pdf
