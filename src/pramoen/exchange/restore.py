"""Load a round export (JSON, or the Excel workbook of the same tables) into an instance that
does not have that round: province, districts and work groups are created when missing, the
round with its indicators, evaluations and results is created as exported.

The export's statuses and levels are restored as they are, not replayed through the workflow
(the people who verified them are not users here; their names stay in the export file). The
load is one transaction, recorded as one history event, and is checked: the scores the
restored round gives must equal the exported ones to the last decimal, or nothing is kept.
Who may run it (an administrator) is the caller's decision.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pramoen.accounts.models import District, Province, WorkGroup
from pramoen.core.thai import decimal_text
from pramoen.evaluation.errors import ServiceError
from pramoen.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    HistoryEvent,
    Indicator,
    IndicatorGroup,
    IndicatorLevel,
    Result,
    ResultStatus,
    Round,
    RoundStatus,
)
from pramoen.evaluation.selectors import round_overview

from .bounds import RESTORE_MAX_BYTES, RESTORE_MAX_UNPACKED
from .export import FORMAT, JSON_COLUMNS, NUMERIC, ROUND_SHEET, TABLES, VERSION, _score


class _Kind:
    values = ("threshold", "ladder")


class RestoreError(ServiceError):
    """The export cannot be loaded here; nothing was created."""


def _cell_value(key: str, value: Any) -> Any:
    if key in JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    if key in NUMERIC and isinstance(value, int | float) and not isinstance(value, bool):
        return decimal_text(Decimal(repr(value)))
    return value


def read_xlsx(data: bytes) -> dict[str, Any]:
    """The workbook ``export.export_xlsx`` writes, back to the export's data."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(i.file_size for i in archive.infolist()) > RESTORE_MAX_UNPACKED:
            raise RestoreError(_("ไฟล์ใหญ่เกินกว่าจะเป็นไฟล์ส่งออกของรอบการประเมิน"))
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()
    payload: dict[str, Any] = {"round": {}}
    source = ""
    for key, value in sheets[ROUND_SHEET][1:]:
        if key == "source_text":
            source += value or ""
        elif key in ("format", "version"):
            payload[key] = value
        else:
            payload["round"][key] = _cell_value(key, value)
    payload["round"]["source_text"] = json.loads(source) if source else ""
    for title, (key, columns) in TABLES.items():
        rows = sheets[title]
        header = rows[0]
        items = [
            {c: _cell_value(c, row[header.index(c)]) for c in columns}
            for row in rows[1:]
            if any(v is not None for v in row)
        ]
        payload[key] = items[0] if key == "province" else items
    return payload


def read_export(data: bytes) -> dict[str, Any]:
    if len(data) > RESTORE_MAX_BYTES:
        raise RestoreError(_("ไฟล์ใหญ่เกินกว่าจะเป็นไฟล์ส่งออกของรอบการประเมิน"))
    try:
        if data[:4] == b"PK\x03\x04":
            return read_xlsx(data)
        payload = json.loads(data.decode("utf-8-sig"))
    except RestoreError:
        raise
    except Exception as exc:
        raise RestoreError(_("อ่านไฟล์ส่งออกไม่ได้: %(reason)s"), params={"reason": exc}) from exc
    if not isinstance(payload, dict):
        raise RestoreError(_("ไฟล์นี้ไม่ใช่ไฟล์ส่งออกของรอบการประเมิน"))
    return payload


def _choice(value: Any, choices: Any) -> str:
    if value not in choices.values:
        raise ValueError(f"{value!r} is not one of {', '.join(choices.values)}")
    return str(value)


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _when(value: Any) -> datetime | None:
    return None if not value else datetime.fromisoformat(str(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _named(model: Any, item: dict[str, Any], **lookup: Any) -> Any:
    names = {"name_th": _text(item["name_th"]), "name_en": _text(item.get("name_en"))}
    obj, _created = model.objects.get_or_create(**lookup, defaults=names)
    return obj


def _load(payload: dict[str, Any], user: Any) -> Round:
    if payload.get("format") != FORMAT or payload.get("version") != VERSION:
        raise RestoreError(
            _("ไฟล์นี้ไม่ใช่ไฟล์ส่งออกของรอบการประเมิน (รุ่นที่อ่านได้: %(version)s)"),
            params={"version": VERSION},
        )
    p = payload["province"]
    province = _named(Province, p, code=str(p["code"]))
    districts = {}
    for item in payload["districts"]:
        code = str(item["code"])
        existing = District.objects.filter(code=code).first()
        if existing is not None and existing.province_id != province.pk:
            raise RestoreError(_("รหัสอำเภอ %(code)s เป็นของจังหวัดอื่นในระบบนี้"), params={"code": code})
        districts[code] = existing or _named(District, item, code=code, province=province)
    groups = {
        str(w["code"]): _named(WorkGroup, w, province=province, code=str(w["code"]))
        for w in payload["work_groups"]
    }
    r = payload["round"]
    if Round.objects.filter(
        province=province, fiscal_year=int(r["fiscal_year"]), number=int(r["number"])
    ).exists():
        raise RestoreError(
            _("รอบ %(round)s มีอยู่แล้วในระบบนี้ นำเข้าทับไม่ได้"),
            params={"round": f"{r['fiscal_year']}-{r['number']}"},
        )
    round_ = Round.objects.create(
        province=province,
        fiscal_year=int(r["fiscal_year"]),
        number=int(r["number"]),
        period_start=date.fromisoformat(r["period_start"]),
        period_end=date.fromisoformat(r["period_end"]),
        position=_text(r["position"]),
        status=_choice(r["status"], RoundStatus),
        team_share=Decimal(str(r["team_share"])),
        shares_default=bool(r["shares_default"]),
        bands=r["bands"] or [],
        interpolate=bool(r["interpolate"]),
        source_name=_text(r["source_name"]),
        source_text=_text(r["source_text"]),
        findings=r["findings"] or [],
        imported_by=user,
    )
    indicators = {}
    for item in payload["indicators"]:
        indicator = Indicator.objects.create(
            round=round_,
            code=str(item["code"]),
            group=_choice(item["group"], IndicatorGroup),
            number=int(item["number"]),
            title=_text(item["title"]),
            weight=Decimal(str(item["weight"])),
            work_group=groups[str(item["work_group"])],
            kind=_choice(item["kind"], _Kind),
            shared=bool(item["shared"]),
            position=int(item["position"]),
            applies_mode=item["applies_mode"],
        )
        levels = item["levels"]
        if any(not 1 <= int(lv["level"]) <= 5 for lv in levels):
            raise RestoreError(
                _("ตัวชี้วัด %(code)s มีระดับนอกช่วง ๑ ถึง ๕"), params={"code": indicator.code}
            )
        IndicatorLevel.objects.bulk_create(
            IndicatorLevel(
                indicator=indicator,
                level=int(lv["level"]),
                text=_text(lv["text"]),
                criteria=lv["criteria"] or [],
            )
            for lv in levels
        )
        indicator.districts.set([districts[str(c)] for c in item["districts"]])
        indicators[indicator.code] = indicator
    Evaluation.objects.bulk_create(
        Evaluation(
            round=round_,
            district=districts[str(e["district"])],
            status=_choice(e["status"], EvaluationStatus),
            version=1,
            submitted_at=_when(e["submitted_at"]),
            approved_at=_when(e["approved_at"]),
        )
        for e in payload["evaluations"]
    )
    results = []
    for item in payload["results"]:
        levels = [_dec(item["self_level"]), _dec(item["verified_level"])]
        if any(lv is not None and not 0 <= lv <= 5 for lv in levels):
            raise RestoreError(
                _("ผล %(code)s มีระดับนอกช่วง ๐ ถึง ๕"), params={"code": item["indicator"]}
            )
        results.append(
            Result(
                indicator=indicators[str(item["indicator"])],
                district=districts[str(item["district"])] if item["district"] else None,
                status=_choice(item["status"], ResultStatus),
                value=_dec(item["value"]),
                values=item["values"] or {},
                met=item["met"] or [],
                note=_text(item["note"]),
                self_level=levels[0],
                verified_level=levels[1],
                verification_comment=_text(item["verification_comment"]),
                verified_at=_when(item["verified_at"]),
                return_reason=_text(item["return_reason"]),
                version=1,
            )
        )
    Result.objects.bulk_create(results)
    HistoryEvent.objects.create(
        round=round_,
        actor=user,
        action="round_restored",
        new={"exported_at": payload.get("exported_at"), "results": len(results)},
    )
    return round_


def _check_scores(round_: Round, payload: dict[str, Any]) -> None:
    expected = {str(s["district"]): s for s in payload.get("scores", [])}
    for row in round_overview(round_):
        code = row.evaluation.district.code
        got = {
            "district": code,
            **_score(row.scores.official, "official"),
            # round_overview scores the reported levels (None only for reported=False)
            **_score(row.scores.reported, "reported"),  # type: ignore[arg-type]
        }
        want = expected.get(code)
        if want is not None and {k: _text(v) for k, v in want.items()} != got:
            raise RestoreError(
                _("คะแนนของอำเภอรหัส %(code)s ไม่ตรงกับไฟล์ส่งออก จึงไม่นำเข้า"), params={"code": code}
            )


def round_import_export(*, data: bytes | dict[str, Any], user: Any) -> Round:
    """Create the exported round here, with the same levels and the same scores."""
    payload = data if isinstance(data, dict) else read_export(data)
    try:
        with transaction.atomic():
            round_ = _load(payload, user)
            _check_scores(round_, payload)
    except RestoreError:
        raise
    except (
        KeyError,
        TypeError,
        ValueError,
        InvalidOperation,
        AttributeError,
        IntegrityError,
    ) as exc:
        raise RestoreError(
            _("ไฟล์ส่งออกไม่สมบูรณ์หรือข้อมูลผิดรูปแบบ (%(reason)s)"), params={"reason": exc}
        ) from exc
    return round_
