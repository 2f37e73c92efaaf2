"""The province's summary of every appraisal, as the screening committee reads it on paper
(A4 PDF, its text layer as printed) and in a workbook: the final appraisals ranked by total,
the bands counted, every other district listed without a rank and with its step. What it shows
comes from ``appraisal.selectors.round_appraisals``; the officers' names from
``data.signatories``, the lookup every form uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from pramoen.appraisal.selectors import RoundAppraisals, SummaryRow
from pramoen.evaluation.models import EvaluationStatus, Round
from pramoen.evaluation.templatetags.pramoen import local

from .data import signatories
from .excel import FONT, figure, workbook_bytes
from .pdf import FONT_DIR, _generated, _layout, one_digit_style


@dataclass(frozen=True)
class Line:
    """One district as printed: its place, its officer, its step and its figures."""

    rank: int | None
    district: str
    officer: str
    step: str
    achievement: Decimal | None
    competency: Decimal | None
    total: Decimal | None
    band: str


def _step(row: SummaryRow) -> str:
    if row.appraisal is not None:
        return str(row.appraisal.get_status_display())
    if row.evaluation.status == EvaluationStatus.APPROVED:
        return _("รอผู้ประเมินประเมินสมรรถนะ")
    return _("รออนุมัติผลตัวชี้วัด")


def lines(round_: Round, summary: RoundAppraisals) -> list[Line]:
    _evaluator, officers = signatories(round_)
    out = []
    for row in summary.rows:
        officer = officers.get(row.evaluation.district_id)
        score = row.score
        out.append(
            Line(
                rank=row.rank,
                district=row.evaluation.district.name_th,
                officer=officer.name if officer is not None else "",
                step=_step(row),
                achievement=score.achievement if score else None,
                competency=score.competency if score else None,
                total=score.total if score else None,
                band=local(score.band, "label") if score and row.rank else "",
            )
        )
    return out


def title(round_: Round) -> str:
    return _("สรุปผลการประเมินผลการปฏิบัติราชการ ปีงบประมาณ %(year)s รอบที่ %(number)s") % {
        "year": round_.fiscal_year,
        "number": round_.number,
    }


def summary_pdf(round_: Round, summary: RoundAppraisals, *, thai_digits: bool = False) -> bytes:
    """A4 portrait, in the active language; a draft mark while any district is not final."""
    from django.template.loader import render_to_string

    html = render_to_string(
        "reports/appraisal_summary_pdf.html",
        {
            "round": round_,
            "summary": summary,
            "lines": lines(round_, summary),
            "title": title(round_),
            "complete": summary.final == len(summary.rows),
            "thai": thai_digits,
            "font_dir": FONT_DIR.as_uri(),
            "generated": _generated(),
        },
    )
    pdf: bytes = _layout(one_digit_style(html, thai=thai_digits)).write_pdf()
    return pdf


def summary_workbook(round_: Round, summary: RoundAppraisals) -> bytes:
    """One row per district with the figures as numbers (two places shown), then the bands."""
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("สรุปผลการประเมิน")
    header = [
        _("ลำดับ"),
        _("อำเภอ"),
        _("ผู้รับการประเมิน"),
        _("สถานะ"),
        _("ผลสัมฤทธิ์"),
        _("สมรรถนะ"),
        _("รวม"),
        _("ระดับ"),
    ]
    rows: list[list[Any]] = [
        [title(round_)],
        [_("สำนักงานพัฒนาชุมชนจังหวัด%(name)s") % {"name": round_.province.name_th}],
        [],
        header,
        *[
            [
                line.rank,
                line.district,
                line.officer,
                line.step,
                figure(line.achievement),
                figure(line.competency),
                figure(line.total),
                line.band,
            ]
            for line in lines(round_, summary)
        ],
        [],
        [_("ระดับผลการประเมิน"), _("จำนวน (ราย)")],
        *[[local(band, "label"), count] for band, count in summary.bands],
    ]
    for row in rows:
        ws.append(row)
    plain, bold = Font(name=FONT), Font(name=FONT, bold=True)
    for row in ws.iter_rows():
        for cell in row:
            cell.font = plain
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    for cell in (ws["A1"], *ws[4]):
        cell.font = bold
    for col, width in zip("ABCDEFGH", (8, 22, 28, 26, 12, 12, 12, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    return workbook_bytes(wb)  # names are typed by people: never formulas
