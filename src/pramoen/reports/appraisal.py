"""The appraisal as printed: the official A4 form (PDF, its text layer as printed, one digit
style) and its workbook. What it shows comes from ``appraisal.selectors.appraisal_view`` (the
achievement from the approved KPI evaluation, the score from ``pramoen.core.appraisal``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from pramoen.accounts.models import Membership, membership_of
from pramoen.appraisal.models import AppraisalStatus
from pramoen.appraisal.selectors import AppraisalView
from pramoen.core.scoring import DEFAULT_BANDS
from pramoen.evaluation.templatetags.pramoen import local

from .data import signatories
from .excel import FONT, figure, workbook_bytes
from .pdf import FONT_DIR, _generated, _layout, one_digit_style


@dataclass(frozen=True)
class Person:
    name: str
    position: str


def _person(m: Membership | None) -> Person:
    return Person(m.name, m.position) if m is not None else Person("", "")


def people(view: AppraisalView) -> dict[str, Person]:
    """The evaluatee and the evaluator as the KPI form names them (``data.signatories``); the
    evaluator is whoever rated, once someone has."""
    evaluation = view.evaluation
    evaluator, officers = signatories(evaluation.round)
    rater = view.appraisal.evaluator
    if rater is not None:
        evaluator = membership_of(rater) or evaluator
    return {
        "evaluatee": _person(officers.get(evaluation.district_id)),
        "evaluator": _person(evaluator),
    }


def _context(view: AppraisalView, *, thai_digits: bool) -> dict[str, Any]:
    score = view.score
    weighted = None
    if score is not None:
        weighted = {
            "achievement": score.achievement * view.setup.weight_achievement / 100,
            "competency": score.competency * view.setup.weight_competency / 100,
        }
    points = {s.competency.code: s.points for s in score.competencies} if score else {}
    return {
        "view": view,
        "appraisal": view.appraisal,
        "round": view.evaluation.round,
        "district": view.evaluation.district,
        "people": people(view),
        "weighted": weighted,
        "rows": [
            (c, view.appraisal.ratings.get(c.code), points.get(c.code))
            for c in view.setup.core_competencies()
        ],
        "bands": DEFAULT_BANDS,
        "final": view.appraisal.status == AppraisalStatus.FINAL,
        "thai": thai_digits,
        "font_dir": FONT_DIR.as_uri(),
        "generated": _generated(),
        "title": _("แบบสรุปการประเมินผลการปฏิบัติราชการ %(round)s อำเภอ%(district)s")
        % {"round": view.evaluation.round.code, "district": view.evaluation.district.name_th},
    }


def appraisal_pdf(view: AppraisalView, *, thai_digits: bool = False) -> bytes:
    """In the active language (Thai, or English by the switch): names typed in Thai stay so."""
    from django.template.loader import render_to_string

    html = render_to_string("reports/appraisal_pdf.html", _context(view, thai_digits=thai_digits))
    pdf: bytes = _layout(one_digit_style(html, thai=thai_digits)).write_pdf()
    return pdf


def appraisal_workbook(view: AppraisalView) -> bytes:
    from openpyxl.styles import Font

    context = _context(view, thai_digits=False)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("แบบประเมิน")
    bold = Font(name=FONT, bold=True)
    plain = Font(name=FONT)
    evaluatee, evaluator = context["people"]["evaluatee"], context["people"]["evaluator"]
    band = local(view.score.band, "label") if view.score else "–"
    rows: list[list[Any]] = [
        [context["title"]],
        [_("ผู้รับการประเมิน"), evaluatee.name, evaluatee.position],
        [_("ผู้ประเมิน"), evaluator.name, evaluator.position],
        [],
        [_("องค์ประกอบ"), _("คะแนน (เต็ม 100)"), _("น้ำหนัก (ร้อยละ)"), _("คะแนนถ่วงน้ำหนัก")],
        [
            _("ผลสัมฤทธิ์ของงาน"),
            figure(view.achievement),
            figure(view.setup.weight_achievement),
            figure(context["weighted"]["achievement"]) if context["weighted"] else None,
        ],
        [
            _("พฤติกรรมการปฏิบัติราชการ (สมรรถนะ)"),
            figure(view.score.competency) if view.score else None,
            figure(view.setup.weight_competency),
            figure(context["weighted"]["competency"]) if context["weighted"] else None,
        ],
        [_("รวม"), None, 100, figure(view.score.total) if view.score else None],
        [_("ระดับผลการประเมิน"), band],
        [],
        [_("สมรรถนะ"), _("ระดับที่คาดหวัง"), _("ที่ประเมินได้"), _("คะแนน")],
        *[[local(c, "name"), c.expected, rated, figure(p)] for c, rated, p in context["rows"]],
        [],
        [_("ความเห็นของผู้ประเมิน"), view.appraisal.evaluator_comment],
        [_("แผนพัฒนา: สิ่งที่ต้องพัฒนา"), _("วิธีการพัฒนา"), _("ช่วงเวลา")],
        *[[p.get("what", ""), p.get("how", ""), p.get("when", "")] for p in view.appraisal.plan],
    ]
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            cell.font = plain
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    for cell in (ws["A1"], ws["A5"], ws["A11"]):
        cell.font = bold
    ws.column_dimensions["A"].width = 42
    for col in "BCD":
        ws.column_dimensions[col].width = 22
    return workbook_bytes(wb)  # comments and the plan are typed by people: never formulas
