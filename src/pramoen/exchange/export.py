"""A whole round as data: definitions (province, districts, work groups, round settings, the
snapshotted indicators with their levels and criteria) and every result with its status, the
district's and the verified level, values and notes; and the scores they give.

JSON is the exact form (every number a decimal string). The Excel workbook holds the same
tables, one sheet each, and reads back to the same data (``restore.read_xlsx``). CSV holds the
results only, in the template's columns plus group, weight, the verified level, who verified
and when, so it can be opened in any spreadsheet or imported into a round that already has the
definitions; it is the round's one results CSV (the reports' "results.csv" too).

Evidence files and the history are not exported: they stay with the instance that has them.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from pramoen.accounts.models import District, WorkGroup
from pramoen.core.cells import xlsx_keep_text
from pramoen.core.scoring import DistrictScore
from pramoen.evaluation.models import Result, Round
from pramoen.evaluation.selectors import round_indicators, round_overview

from .sheets import (
    KEYS,
    Scope,
    decimal_text,
    entry_hint,
    round_data,
    template_row,
    template_sheets,
)
from .template import csv_bytes, excel_number, excel_text

FORMAT = "pramoen.round-export"
VERSION = 1

# sheet title -> (key in the export, columns); columns holding JSON are marked in JSON_COLUMNS
TABLES: dict[str, tuple[str, list[str]]] = {
    "จังหวัด": ("province", ["code", "name_th", "name_en"]),
    "อำเภอ": ("districts", ["code", "name_th", "name_en"]),
    "กลุ่มงาน": ("work_groups", ["code", "name_th", "name_en"]),
    "ตัวชี้วัด": (
        "indicators",
        [
            "code",
            "group",
            "number",
            "title",
            "weight",
            "work_group",
            "kind",
            "shared",
            "position",
            "applies_mode",
            "districts",
            "levels",
        ],
    ),
    "การประเมิน": (
        "evaluations",
        ["district", "status", "submitted_at", "approved_at", "approved_by"],
    ),
    "ผล": (
        "results",
        [
            "indicator",
            "district",
            "status",
            "value",
            "values",
            "met",
            "note",
            "self_level",
            "verified_level",
            "verification_comment",
            "verified_by",
            "verified_at",
            "return_reason",
            "updated_by",
            "evidence",
        ],
    ),
    "คะแนน": (
        "scores",
        [
            "district",
            "official_team",
            "official_individual",
            "official_achievement",
            "official_rating",
            "reported_team",
            "reported_individual",
            "reported_achievement",
            "reported_rating",
        ],
    ),
}
ROUND_SHEET = "รอบการประเมิน"
JSON_COLUMNS = {"districts", "levels", "values", "met", "bands", "findings"}
# Written as Excel numbers: each has at most 14 digits, which a float carries exactly.
NUMERIC = {"weight", "value", "self_level", "verified_level", "team_share"}
ROUND_KEYS = [
    "fiscal_year", "number", "period_start", "period_end", "position", "status", "team_share",
    "shares_default", "bands", "interpolate", "source_name", "findings", "source_text",
]  # fmt: skip


def _d(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def _when(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _user(user: Any) -> str:
    return user.username if user is not None else ""


def _score(score: DistrictScore, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}_team": _d(score.team.score),
        f"{prefix}_individual": _d(score.individual.score),
        f"{prefix}_achievement": _d(score.achievement),
        f"{prefix}_rating": score.rating.label_th,
    }


def round_dict(round_: Round) -> dict[str, Any]:
    """The round as plain JSON-able data."""
    province = round_.province
    indicators = round_indicators(round_)
    results = (
        Result.objects.filter(indicator__round_id=round_.pk)
        .select_related("indicator", "district", "verified_by", "updated_by")
        .prefetch_related("evidence")
        .order_by("indicator__position", "district__code")
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "province": {
            "code": province.code,
            "name_th": province.name_th,
            "name_en": province.name_en,
        },
        "districts": [
            {"code": d.code, "name_th": d.name_th, "name_en": d.name_en}
            for d in District.objects.filter(province=province).order_by("code")
        ],
        "work_groups": [
            {"code": w.code, "name_th": w.name_th, "name_en": w.name_en}
            for w in WorkGroup.objects.filter(province=province)
        ],
        "round": {
            "fiscal_year": round_.fiscal_year,
            "number": round_.number,
            "period_start": round_.period_start.isoformat(),
            "period_end": round_.period_end.isoformat(),
            "position": round_.position,
            "status": round_.status,
            "team_share": _d(round_.team_share),
            "shares_default": round_.shares_default,
            "bands": round_.bands,
            "interpolate": round_.interpolate,
            "source_name": round_.source_name,
            "findings": round_.findings,
            "source_text": round_.source_text,
        },
        "indicators": [
            {
                "code": i.code,
                "group": i.group,
                "number": i.number,
                "title": i.title,
                "weight": _d(i.weight),
                "work_group": i.work_group.code,
                "kind": i.kind,
                "shared": i.shared,
                "position": i.position,
                "applies_mode": i.applies_mode,
                "districts": sorted(d.code for d in i.districts.all()),
                "levels": [
                    {"level": lv.level, "text": lv.text, "criteria": lv.criteria}
                    for lv in i.levels.all()
                ],
            }
            for i in indicators
        ],
        "evaluations": [
            {
                "district": e.district.code,
                "status": e.status,
                "submitted_at": _when(e.submitted_at),
                "approved_at": _when(e.approved_at),
                "approved_by": _user(e.approved_by),
            }
            for e in round_.evaluations.select_related("district", "approved_by")
        ],
        "results": [
            {
                "indicator": r.indicator.code,
                "district": r.district.code if r.district else None,
                "status": r.status,
                "value": _d(r.value),
                "values": r.values,
                "met": r.met,
                "note": r.note,
                "self_level": _d(r.self_level),
                "verified_level": _d(r.verified_level),
                "verification_comment": r.verification_comment,
                "verified_by": _user(r.verified_by),
                "verified_at": _when(r.verified_at),
                "return_reason": r.return_reason,
                "updated_by": _user(r.updated_by),
                "evidence": sum(1 for e in r.evidence.all() if e.removed_at is None),
            }
            for r in results
        ],
        "scores": [
            {
                "district": row.evaluation.district.code,
                **_score(row.scores.official, "official"),
                # round_overview scores the reported levels (None only for reported=False)
                **_score(row.scores.reported, "reported"),  # type: ignore[arg-type]
            }
            for row in round_overview(round_)
        ],
    }


def export_json(round_: Round) -> bytes:
    return json.dumps(round_dict(round_), ensure_ascii=False, indent=1).encode("utf-8")


def _cell(key: str, value: Any) -> Any:
    if key in JSON_COLUMNS or isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if key in NUMERIC and value is not None:
        return excel_number(Decimal(value))
    return excel_text(value)


def export_xlsx(round_: Round) -> bytes:
    """The same data as the JSON, one table per sheet. Scores stay decimal text: they carry
    more digits than an Excel number keeps."""
    data = round_dict(round_)
    wb = Workbook()
    ws = wb.active
    ws.title = ROUND_SHEET
    ws.append(["key", "value"])
    ws.append(["format", data["format"]])
    ws.append(["version", data["version"]])
    for key in ROUND_KEYS:
        value = data["round"][key]
        if key == "source_text":
            # The document exactly, form feeds and all, as JSON text; an Excel cell holds at
            # most 32,767 characters, so it goes in pieces.
            text = json.dumps(value, ensure_ascii=False)
            for start in range(0, len(text), 30000):
                ws.append([key, text[start : start + 30000]])
        else:
            ws.append([key, _cell(key, value)])
    for title, (key, columns) in TABLES.items():
        sheet = wb.create_sheet(title)
        sheet.append(columns)
        rows = [data[key]] if key == "province" else data[key]
        for row in rows:
            sheet.append([_cell(c, row[c]) for c in columns])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    xlsx_keep_text(wb)  # every text is data (a note "=…", a piece of the document): no formulas
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# What only an export has, after the template's columns (an importer ignores them). The
# round's one results CSV: the reports' "results.csv" is this file too.
EXTRA_CSV = [
    "group",
    "weight",
    "verified_level",
    "verified_by",
    "verified_at",
    "verification_comment",
    "evaluation_status",
]


def export_csv(round_: Round) -> bytes:
    """Every result row in the template's columns, plus what only an export has: one row per
    district and indicator, by district (the province-wide rows first), so that it reads as a
    report and imports back as the province's template."""
    data = round_data(round_, related=("verified_by",))
    scope = Scope("province")
    order = {i.pk: n for n, i in enumerate(data.indicators)}
    pairs = [pair for spec in template_sheets(data, scope) for pair in spec.rows]
    pairs.sort(key=lambda p: (p[0].code if p[0] else "", order[p[1].pk]))
    rows = []
    for district, indicator in pairs:
        row = template_row(data, scope, district, indicator)
        result = data.result(indicator, district)
        evaluation = data.evaluations.get(district.pk) if district else None
        verifier = result.verified_by if result else None
        row["entry"] = entry_hint(indicator, "entry" if district else "shared")
        row["group"] = indicator.group
        row["weight"] = indicator.weight
        row["verified_level"] = result.official_level if result else None
        row["verified_by"] = verifier.get_username() if verifier else ""
        row["verified_at"] = result.verified_at.isoformat() if result and result.verified_at else ""
        row["verification_comment"] = result.verification_comment if result else ""
        row["evaluation_status"] = evaluation.status if evaluation else ""
        rows.append([row[k] for k in [*KEYS, *EXTRA_CSV]])
    return csv_bytes([*KEYS, *EXTRA_CSV], rows)
