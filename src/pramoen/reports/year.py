"""The province's fiscal-year table as a file: CSV (UTF-8 with a BOM, for Excel) and an Excel
workbook (openpyxl, as ``excel`` writes the round's), Thai headers. The figures are the year
selector's (``selectors.year.province_year``); nothing is scored here."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pramoen.core.appraisal import YearRule
from pramoen.core.scoring import display
from pramoen.evaluation.selectors.year import ProvinceYear, RoundScore
from pramoen.exchange.template import csv_bytes

from .excel import FONT, workbook_bytes

RULE_TH = {YearRule.MEAN: "ค่าเฉลี่ยของสองรอบ", YearRule.LAST: "รอบที่ 2"}
NOT_SUBMITTED = "ยังไม่ส่ง"
_THIN = Side(style="thin", color="888888")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E8EEF3")
_TWO = "0.00"


def _two(value: Decimal | None) -> Decimal | None:
    """The two-place score the pages show (the CSV writes it as a plain decimal)."""
    return None if value is None else display(value)


def headers(year: ProvinceYear) -> list[str]:
    per_round = [
        f"รอบที่ {r.number} {what}"
        for r in year.rounds
        for what in ("สถานะ", "รายทีม", "รายบุคคล", "ผลสัมฤทธิ์", "ระดับผล")
    ]
    return [
        "อันดับ",
        "รหัส",
        "อำเภอ",
        *per_round,
        "เปลี่ยนแปลง (รอบที่ 2 − รอบที่ 1)",
        f"ผลประจำปี ({RULE_TH[year.rule]})",
        "ระดับผลประจำปี",
    ]


def _round_cells(cell: RoundScore) -> list[object]:
    if cell.row is None:
        return ["–", None, None, None, None]
    status = cell.row.evaluation.get_status_display()
    if not cell.ranked:
        return [status, None, None, None, NOT_SUBMITTED]
    official = cell.row.scores.official
    return [
        status,
        _two(official.team.score),
        _two(official.individual.score),
        _two(official.achievement),
        official.rating.label_th,
    ]


def rows(year: ProvinceYear) -> list[list[object]]:
    out = []
    for place in year.ranked:
        y = place.item
        out.append(
            [
                "–" if place.rank is None else place.rank,
                y.district.code,
                y.district.name_th,
                *(v for cell in y.rounds for v in _round_cells(cell)),
                _two(y.change),
                _two(y.result),
                "–" if y.rating is None else y.rating.label_th,
            ]
        )
    return out


def filename(year: ProvinceYear, fmt: str) -> str:
    return f"pramoen-{year.fiscal_year}-year-province.{fmt}"


def year_csv(year: ProvinceYear) -> bytes:
    return csv_bytes(headers(year), rows(year))


def year_workbook(year: ProvinceYear) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"ปีงบประมาณ {year.fiscal_year}"
    province = year.rounds[0].province.name_th
    ws["A1"] = f"ผลการประเมินทั้งสองรอบ จังหวัด{province} ปีงบประมาณ พ.ศ. {year.fiscal_year}"
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"] = (
        f"ผลประจำปี: {RULE_TH[year.rule]} · อำเภอที่ยังไม่มีผลประจำปีไม่มีอันดับ · คะแนนเฉพาะระดับที่ตรวจสอบแล้ว"
    )
    ws["A2"].font = Font(name=FONT)
    head = headers(year)
    for col, text in enumerate(head, start=1):
        c = ws.cell(row=4, column=col, value=text)
        c.font = Font(name=FONT, bold=True)
        c.fill = _HEAD
        c.border = _BOX
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for n, values in enumerate(rows(year), start=5):
        for col, value in enumerate(values, start=1):
            # Excel stores binary floats: the value written is the two-place displayed score
            c = ws.cell(
                row=n, column=col, value=float(value) if isinstance(value, Decimal) else value
            )
            c.font = Font(name=FONT)
            c.border = _BOX
            if isinstance(value, Decimal):
                c.number_format = _TWO
    for col in range(1, len(head) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 16 if col == 3 else 12
    ws.freeze_panes = "D5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    return workbook_bytes(wb)  # district names are typed by people: never formulas


def year_pdf(year: ProvinceYear, *, thai_digits: bool = False) -> bytes:
    """The year table on A4 landscape: every district in both rounds, the change and the year's
    result, ranked as the page ranks them (the text layer reads as printed)."""
    from django.template.loader import render_to_string

    from .pdf import FONT_DIR, _generated, _layout, one_digit_style

    province = year.rounds[0].province.name_th if year.rounds else ""
    html = render_to_string(
        "reports/year_pdf.html",
        {
            "year": year,
            "rule_th": RULE_TH[year.rule],
            "rows": [
                (place.rank, place.item, [_round_cells(c) for c in place.item.rounds])
                for place in year.ranked
            ],
            "province": province,
            "font_dir": FONT_DIR.as_uri(),
            "generated": _generated(),
            "thai": thai_digits,
        },
    )
    pdf: bytes = _layout(one_digit_style(html, thai=thai_digits)).write_pdf()
    return pdf
