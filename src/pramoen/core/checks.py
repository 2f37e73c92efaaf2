"""Scorecard -> findings: what is wrong with a KPI summary, said in Thai."""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Finding, Group, Indicator, Scorecard, Severity
from .thai import thai_number as th
from .thairepair import damage

EXPECTED_WEIGHT = Decimal(100)
LEVELS = range(1, 6)


def check(scorecard: Scorecard) -> list[Finding]:
    """Every problem of the scorecard, errors and warnings, in document order then by district."""
    findings: list[Finding] = []
    for indicator in scorecard.indicators:
        findings += _unknown_districts(indicator)
        findings += _missing(indicator)
        findings += _non_monotonic(indicator)
        findings += _duplicate_levels(indicator)
        findings += _damaged_text(indicator)
    findings += _weights(scorecard)
    if scorecard.shares is None:
        findings.append(
            Finding(
                Severity.WARNING,
                "split-unspecified",
                "เอกสารไม่ได้ระบุสัดส่วนคะแนนตัวชี้วัดรายทีมกับรายบุคคล ใช้ค่าเริ่มต้น ร้อยละ ๕๐ : ๕๐",
            )
        )
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def _unknown_districts(indicator: Indicator) -> list[Finding]:
    return [
        Finding(
            Severity.ERROR,
            "unknown-district",
            f'ตัวชี้วัด {indicator.id}: "{name}" ไม่ใช่อำเภอในรายชื่ออำเภอของจังหวัด',
            indicator=indicator.id,
            group=indicator.group,
        )
        for name in indicator.applicability.unknown
    ]


def _missing(indicator: Indicator) -> list[Finding]:
    findings = []
    if indicator.weight is None:
        findings.append(
            Finding(
                Severity.ERROR,
                "missing-weight",
                f"ตัวชี้วัด {indicator.id}: ไม่ได้ระบุน้ำหนัก",
                indicator=indicator.id,
                group=indicator.group,
            )
        )
    present = {lv.level for lv in indicator.levels if lv.text.strip()}
    for number in LEVELS:
        if number not in present:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "missing-level",
                    f"ตัวชี้วัด {indicator.id}: ไม่มีเกณฑ์ระดับ {th(number)}",
                    indicator=indicator.id,
                    group=indicator.group,
                    level=number,
                )
            )
    return findings


def _non_monotonic(indicator: Indicator) -> list[Finding]:
    """A higher level asking for less than a lower one on the same measure and direction.

    Direction-aware: for "at least" criteria the value must not fall as levels rise, for
    "below" criteria (overdue debt) it must not rise. A change of direction (level 1 "≥ 20%",
    level 2 "< 20%") is a band edge, not a regression.
    """
    findings = []
    last: dict[tuple[str, bool], tuple[int, Decimal]] = {}
    for level in indicator.levels:
        for c in level.criteria:
            key = (c.measure, c.op.higher_is_better)
            if key in last:
                prev_level, prev_value = last[key]
                worse = c.value < prev_value if c.op.higher_is_better else c.value > prev_value
                if worse:
                    findings.append(
                        Finding(
                            Severity.WARNING,
                            "non-monotonic",
                            f"ตัวชี้วัด {indicator.id}: ระดับ {th(level.level)} กำหนด "
                            f"{th(c.value)} {c.unit} ({c.measure}) "
                            f"น้อยกว่าระดับ {th(prev_level)} ที่กำหนด {th(prev_value)} {c.unit}"
                            if c.op.higher_is_better
                            else f"ตัวชี้วัด {indicator.id}: ระดับ {th(level.level)} ยอมให้ "
                            f"{th(c.value)} {c.unit} ({c.measure}) "
                            f"มากกว่าระดับ {th(prev_level)} ที่ยอมให้ {th(prev_value)} {c.unit}",
                            indicator=indicator.id,
                            group=indicator.group,
                            level=level.level,
                        )
                    )
            last[key] = (level.level, c.value)
    return findings


def _duplicate_levels(indicator: Indicator) -> list[Finding]:
    findings = []
    first_with: dict[str, int] = {}
    for level in indicator.levels:
        key = re.sub(r"\s+", "", level.text)
        if not key:
            continue
        if key in first_with:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "duplicate-level-text",
                    f"ตัวชี้วัด {indicator.id}: เกณฑ์ระดับ {th(level.level)} "
                    f"ซ้ำกับระดับ {th(first_with[key])} ทุกตัวอักษร",
                    indicator=indicator.id,
                    group=indicator.group,
                    level=level.level,
                )
            )
        else:
            first_with[key] = level.level
    return findings


def _weights(scorecard: Scorecard) -> list[Finding]:
    findings = []
    weights = scorecard.weights()
    for district in scorecard.districts:
        totals = weights[district.code]
        for group in Group:
            total = totals[group]
            if total != EXPECTED_WEIGHT:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "weights-not-100",
                        f"อำเภอ{district.name_th}: น้ำหนัก{group.label_th}รวม {th(total)} ไม่ใช่ ๑๐๐",
                        district=district.code,
                        group=group,
                    )
                )
    return findings


def _damaged_text(indicator: Indicator) -> list[Finding]:
    """Words a PDF text layer damaged and the repair could not settle (``thairepair``): the
    officer reads them in the original and corrects the summary; nothing is guessed."""
    findings = []
    parts = [(None, indicator.title)] + [(lv.level, lv.text) for lv in indicator.levels]
    for level, text in parts:
        words = damage(text)
        if words:
            where = f"ระดับ {th(level)}" if level is not None else "ชื่อตัวชี้วัด"
            quoted = ", ".join(f'"{w}"' for w in words)
            findings.append(
                Finding(
                    Severity.WARNING,
                    "damaged-text",
                    f"ตัวชี้วัด {indicator.id} {where}: ข้อความ {quoted} เสียจากการแปลงไฟล์ PDF "
                    "ซ่อมให้แน่ชัดไม่ได้ กรุณาตรวจกับต้นฉบับและแก้ไข",
                    indicator=indicator.id,
                    group=indicator.group,
                    level=level,
                )
            )
    return findings
