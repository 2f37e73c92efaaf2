"""Excel workbooks with openpyxl: numbers stay numbers (two places shown), Thai in Sarabun."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pramoen.core.cells import xlsx_keep_text
from pramoen.core.scoring import display
from pramoen.evaluation.models import Round

from .data import DistrictReport, report_ranking

FONT = "Sarabun"
_THIN = Side(style="thin", color="888888")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="E8EEF3")
_SECTION = PatternFill("solid", fgColor="D6E2EA")
_TWO = "0.00"
DRAFT_MARK = "ฉบับร่าง — อำเภอยังไม่ได้ส่งผล ไม่ใช่ผลการประเมิน"


def figure(value: Decimal | None) -> float | None:
    """Excel stores binary floats; the value written is the two-place displayed score."""
    return None if value is None else float(display(value))


def _cell(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    *,
    bold: bool = False,
    fill: PatternFill | None = None,
    fmt: str | None = None,
    wrap: bool = False,
) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.font = Font(name=FONT, bold=bold, size=11)
    c.border = _BOX
    c.alignment = Alignment(wrap_text=wrap, vertical="top")
    if fill is not None:
        c.fill = fill
    if fmt is not None:
        c.number_format = fmt


def _sheet_title(report: DistrictReport) -> str:
    # Excel sheet names: at most 31 characters, no []:*?/\
    return f"{report.district.code} {report.district.name_th}"[:31]


def district_sheet(ws: Worksheet, report: DistrictReport) -> None:
    ws.title = _sheet_title(report)
    r = report.round
    ws["A1"] = f"แบบสรุปผลการประเมินผลสัมฤทธิ์ของงาน ปีงบประมาณ พ.ศ. {r.fiscal_year} รอบที่ {r.number}"
    district, status = report.district, report.evaluation.get_status_display()
    ws["A2"] = f"อำเภอ{district.name_th} ({district.code}) · สถานะ {status}"
    if report.is_draft:
        ws["A3"] = DRAFT_MARK
        ws["A3"].font = Font(name=FONT, bold=True, color="B3261E")
    for cell in ("A1", "A2"):
        ws[cell].font = Font(name=FONT, bold=cell == "A1", size=13 if cell == "A1" else 11)
    headers = ["รหัส", "ตัวชี้วัด", "ระดับที่ได้", "คะแนน (ก)", "น้ำหนัก (ข)", "(ค) = (ก)×(ข)", "ระดับที่รายงาน"]
    row = 4
    for col, text in enumerate(headers, start=1):
        _cell(ws, row, col, text, bold=True, fill=_HEAD)
    for section in report.sections:
        row += 1
        _cell(ws, row, 1, section.label, bold=True, fill=_SECTION)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        for item in section.rows:
            row += 1
            reached = next((t for n, t in item.levels if n == item.reached), "")
            _cell(ws, row, 1, item.code)
            _cell(ws, row, 2, item.title, wrap=True)
            _cell(ws, row, 3, reached, wrap=True)
            _cell(ws, row, 4, figure(item.level), fmt=_TWO)
            _cell(ws, row, 5, figure(item.weight), fmt=_TWO)
            _cell(ws, row, 6, figure(item.weighted), fmt=_TWO)
            _cell(ws, row, 7, figure(item.reported), fmt=_TWO)
        row += 1
        _cell(ws, row, 2, f"รวม{section.label}", bold=True)
        _cell(ws, row, 5, figure(section.weight_total), fmt=_TWO, bold=True)
        _cell(ws, row, 6, figure(section.weighted_total), fmt=_TWO, bold=True)
        row += 1
        _cell(ws, row, 2, "คะแนนเต็ม 100 = Σ(ค) × 20 ÷ Σ(ข)", bold=True)
        _cell(ws, row, 6, figure(section.score), fmt=_TWO, bold=True)
    s = report.shares
    default = " (ค่าเริ่มต้น)" if s.default else ""
    row += 2
    _cell(
        ws,
        row,
        2,
        f"ผลสัมฤทธิ์ของงาน = {display(s.team * 100)}% × รายทีม"
        f" + {display(s.individual * 100)}% × รายบุคคล{default}",
        bold=True,
        wrap=True,
    )
    _cell(ws, row, 6, figure(report.achievement), fmt=_TWO, bold=True)
    row += 1
    _cell(ws, row, 2, "ระดับผลการประเมิน", bold=True)
    _cell(ws, row, 6, report.rating.label_th, bold=True)
    row += 1
    _cell(ws, row, 2, "ผลสัมฤทธิ์ตามที่อำเภอรายงาน")
    # score_evaluation always scores the reported levels; EvaluationScores types them optional
    # for overview_rows(reported=False): the ignores go when the selectors split types that.
    _cell(ws, row, 6, figure(report.scores.reported.achievement), fmt=_TWO)  # type: ignore[union-attr]
    row += 3
    ws.cell(
        row=row,
        column=2,
        value=f"ลงชื่อ .............................. ผู้รับการประเมิน ({report.evaluatee})",
    ).font = Font(name=FONT)
    ws.cell(
        row=row + 2,
        column=2,
        value=f"ลงชื่อ .............................. ผู้ประเมิน ({report.evaluator})",
    ).font = Font(name=FONT)
    for letter, width in zip("ABCDEFG", (8, 60, 40, 11, 11, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1


def summary_sheet(ws: Worksheet, round_: Round, reports: Sequence[DistrictReport]) -> None:
    ws.title = "สรุป"
    ws["A1"] = (
        f"สรุปผลการประเมิน จังหวัด{round_.province.name_th}"
        f" ปีงบประมาณ พ.ศ. {round_.fiscal_year} รอบที่ {round_.number}"
    )
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    default = " (ค่าเริ่มต้น)" if round_.shares_default else ""
    team, individual = display(round_.team_share * 100), display(round_.individual_share * 100)
    ws["A2"] = f"สัดส่วน รายทีม {team}% รายบุคคล {individual}%{default}"
    ws["A2"].font = Font(name=FONT)
    headers = [
        "อันดับ",
        "รหัส",
        "อำเภอ",
        "สถานะ",
        "รายทีม",
        "รายบุคคล",
        "ผลสัมฤทธิ์",
        "ระดับผล",
        "ตามที่รายงาน",
    ]
    for col, text in enumerate(headers, start=1):
        _cell(ws, 4, col, text, bold=True, fill=_HEAD)
    for i, place in enumerate(report_ranking(list(reports)), start=1):
        row, report, waiting = 4 + i, place.item, place.rank is None
        values = [
            "–" if waiting else place.rank,
            report.district.code,
            report.district.name_th,
            report.evaluation.get_status_display(),
            None if waiting else figure(report.sections[0].score),
            None if waiting else figure(report.sections[1].score),
            None if waiting else figure(report.achievement),
            "ยังไม่ส่ง" if waiting else report.rating.label_th,
            figure(report.scores.reported.achievement),  # type: ignore[union-attr]
        ]
        for col, value in enumerate(values, start=1):
            _cell(ws, row, col, value, fmt=_TWO if isinstance(value, float) else None)
    for col, width in enumerate((8, 8, 16, 14, 11, 11, 12, 14, 13), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A5"


def workbook_bytes(wb: Workbook) -> bytes:
    xlsx_keep_text(wb)  # titles, level texts and names are typed by people: never formulas
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def district_workbook(report: DistrictReport) -> bytes:
    wb = Workbook()
    district_sheet(wb.active, report)
    return workbook_bytes(wb)


def round_workbook(
    round_: Round,
    reports: Sequence[DistrictReport],
    *,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    wb = Workbook()
    summary_sheet(wb.active, round_, reports)
    for done, report in enumerate(reports, start=1):
        district_sheet(wb.create_sheet(), report)
        if progress is not None:
            progress(done)
    return workbook_bytes(wb)
