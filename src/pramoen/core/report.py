"""Scorecards, findings and scores as JSON-ready dicts and as readable Thai text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .model import Finding, Group, Indicator, Scorecard
from .scoring import DistrictScore, GroupScore, ScoreReport, display
from .thai import format_thai_date
from .thai import thai_number as th


def number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: integral values as ints, others as floats.

    Only used for values already in their final precision (document figures, displayed scores).
    """
    return int(value) if value == value.to_integral_value() else float(value)


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity.value,
        "code": f.code,
        "indicator": f.indicator,
        "district": f.district,
        "group": f.group.value if f.group else None,
        "level": f.level,
        "message": f.message,
    }


def indicator_dict(indicator: Indicator, scorecard: Scorecard) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "group": indicator.group.value,
        "number": indicator.number,
        "title": indicator.title,
        "weight": number(indicator.weight) if indicator.weight is not None else None,
        "source": indicator.source.name_th if indicator.source else None,
        "applies_to": list(scorecard.applies_to(indicator)),
        "kind": indicator.kind.value,
        "levels": [
            {
                "level": lv.level,
                "text": lv.text,
                "criteria": [
                    {
                        "measure": c.measure,
                        "op": c.op.value,
                        "value": number(c.value),
                        "unit": c.unit,
                    }
                    for c in lv.criteria
                ],
            }
            for lv in indicator.levels
        ],
    }


def scorecard_dict(scorecard: Scorecard, findings: Sequence[Finding]) -> dict[str, Any]:
    return {
        "fiscal_year": scorecard.fiscal_year,
        "round": scorecard.round,
        "period": {
            "start": scorecard.period_start.isoformat(),
            "end": scorecard.period_end.isoformat(),
        },
        "position": scorecard.position,
        "indicators": [indicator_dict(i, scorecard) for i in scorecard.indicators],
        "weights": {
            code: {g.value: number(total) for g, total in totals.items()}
            for code, totals in scorecard.weights().items()
        },
        "findings": [finding_dict(f) for f in findings],
    }


def _group_dict(g: GroupScore) -> dict[str, Any]:
    return {
        "score": number(display(g.score)),
        "weight_total": number(g.weight_total),
        "indicators": [
            {"id": i.id, "level": number(display(i.level)), "weight": number(i.weight)}
            for i in g.indicators
        ],
    }


def score_dict(report: ScoreReport) -> dict[str, Any]:
    return {
        "shares": {
            "team": number(report.shares.team),
            "individual": number(report.shares.individual),
            "default": report.shares.default,
        },
        "districts": [_district_dict(d) for d in report.districts],
        "findings": [finding_dict(f) for f in report.findings],
    }


def _district_dict(d: DistrictScore) -> dict[str, Any]:
    return {
        "code": d.district.code,
        "name_th": d.district.name_th,
        "team": _group_dict(d.team),
        "individual": _group_dict(d.individual),
        "achievement": number(display(d.achievement)),
        "rating": d.rating.label_th,
        "rating_en": d.rating.label_en,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------
# Text: what an officer reads in a terminal. Thai digits for document figures, as the document.


def _applies(indicator: Indicator, scorecard: Scorecard) -> str:
    a = indicator.applicability
    names = [d.name_th for d in scorecard.districts if d.code in a.districts] + list(a.unknown)
    if a.mode == "only":
        return "เฉพาะ " + " ".join(names)
    if a.mode == "except":
        return "ทุกอำเภอ ยกเว้น " + " ".join(names)
    return "ทุกอำเภอ"


def scorecard_text(scorecard: Scorecard, findings: Sequence[Finding]) -> str:
    lines = [
        f"สรุปตัวชี้วัด ปีงบประมาณ พ.ศ. {th(scorecard.fiscal_year)} รอบการประเมินที่ {th(scorecard.round)}",
        f"ช่วงเวลา {format_thai_date(scorecard.period_start)} – "
        f"{format_thai_date(scorecard.period_end)}",
        f"ตำแหน่ง {scorecard.position}",
        "",
    ]
    for group in Group:
        lines.append(group.label_th)
        for i in (i for i in scorecard.indicators if i.group is group):
            kind = "เกณฑ์ตัวเลข" if i.kind.value == "threshold" else "ขั้นบันได"
            weight = th(i.weight) if i.weight is not None else "-"
            lines.append(
                f"  {i.id:<4} น้ำหนัก {weight:>3}  {i.source.name_th if i.source else '-'}"
                f"  {kind}  {_applies(i, scorecard)}"
            )
            lines.append(f"       {i.title}")
        lines.append("")
    lines.append("น้ำหนักรวมรายอำเภอ (รายทีม / รายบุคคล)")
    weights = scorecard.weights()
    for district in scorecard.districts:
        totals = weights[district.code]
        flag = "" if all(v == 100 for v in totals.values()) else "  ← ไม่ครบ ๑๐๐"
        lines.append(
            f"  {district.code} {district.name_th:<12} "
            f"{th(totals[Group.TEAM]):>4} / {th(totals[Group.INDIVIDUAL]):>4}{flag}"
        )
    lines.append("")
    lines += findings_text(findings)
    return "\n".join(lines)


def findings_text(findings: Sequence[Finding]) -> list[str]:
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = len(findings) - errors
    lines = [f"ข้อตรวจพบ: ข้อผิดพลาด {th(errors)} รายการ คำเตือน {th(warnings)} รายการ"]
    for f in findings:
        mark = "ผิดพลาด" if f.severity.value == "error" else "เตือน"
        lines.append(f"  [{mark}] {f.code}: {f.message}")
    return lines


def score_text(report: ScoreReport) -> str:
    s = report.shares
    share_note = " (ค่าเริ่มต้น)" if s.default else ""
    lines = [
        f"สัดส่วน รายทีม {th(number(s.team * 100))}% รายบุคคล {th(number(s.individual * 100))}%"
        f"{share_note}",
        "",
        f"{'รหัส':<5} {'อำเภอ':<12} {'รายทีม':>8} {'รายบุคคล':>8} {'ผลสัมฤทธิ์':>9}  ระดับ",
    ]
    for d in report.districts:
        lines.append(
            f"{d.district.code:<5} {d.district.name_th:<12} {display(d.team.score):>8} "
            f"{display(d.individual.score):>8} {display(d.achievement):>9}  {d.rating.label_th}"
        )
    lines.append("")
    lines += findings_text(report.findings)
    return "\n".join(lines)
