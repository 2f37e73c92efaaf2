"""Results CSV (``district,indicator,level,value``) -> results per district; bad rows listed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .errors import ResultsError, RowError
from .model import IndicatorResult, Kind, Scorecard
from .thai import normalize_space, parse_number, to_arabic_digits

COLUMNS = ("district", "indicator", "level", "value")


def parse_results(text: str, scorecard: Scorecard) -> dict[str, dict[str, IndicatorResult]]:
    """Read results rows against a scorecard.

    ``level`` (0–5) wins when given; otherwise ``value`` is scored against a threshold
    indicator's criteria. The district is a code or a Thai or English name; Thai digits are
    accepted everywhere. Raises ResultsError listing every invalid row (row 1 is the header).
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise ResultsError([RowError(1, "ไฟล์ว่าง: ต้องมีหัวตาราง " + ",".join(COLUMNS))])
    names = [normalize_space(h).lower() for h in header]
    missing = [c for c in ("district", "indicator") if c not in names]
    if missing or not ({"level", "value"} & set(names)):
        raise ResultsError(
            [RowError(1, f"หัวตารางต้องเป็น {','.join(COLUMNS)} (พบ {','.join(header)})")]
        )
    col = {name: names.index(name) for name in COLUMNS if name in names}

    by_name = {}
    for d in scorecard.districts:
        for name in (d.code, d.name_th, d.name_en.lower(), "อำเภอ" + d.name_th):
            if name:
                by_name[name] = d.code

    results: dict[str, dict[str, IndicatorResult]] = {}
    first_row: dict[tuple[str, str], int] = {}
    errors: list[RowError] = []
    for row_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = col.get(name)
            return normalize_space(row[i]) if i is not None and i < len(row) else ""

        district_text, indicator_text = cell("district"), cell("indicator")
        level_text, value_text = cell("level"), cell("value")
        code = by_name.get(to_arabic_digits(district_text)) or by_name.get(district_text.lower())
        if code is None:
            errors.append(RowError(row_no, f"ไม่รู้จักอำเภอ '{district_text}'"))
            continue
        indicator = next(
            (i for i in scorecard.indicators if i.id.lower() == indicator_text.lower()), None
        )
        if indicator is None:
            errors.append(RowError(row_no, f"ไม่รู้จักตัวชี้วัด '{indicator_text}'"))
            continue
        if not indicator.applicability.applies(code):
            errors.append(RowError(row_no, f"ตัวชี้วัด {indicator.id} ไม่ใช้กับอำเภอรหัส {code}"))
            continue
        if level_text:
            try:
                level = parse_number(level_text)
            except ValueError:
                errors.append(RowError(row_no, f"ระดับ '{level_text}' ไม่ใช่ตัวเลข"))
                continue
            if level != level.to_integral_value() or not 0 <= level <= 5:
                errors.append(RowError(row_no, f"ระดับ {level_text} ต้องเป็นจำนวนเต็ม 0 ถึง 5"))
                continue
            result = IndicatorResult(level=int(level))
        elif value_text:
            try:
                value: Decimal = parse_number(value_text)
            except ValueError:
                errors.append(RowError(row_no, f"ค่า '{value_text}' ไม่ใช่ตัวเลข"))
                continue
            if indicator.kind is not Kind.THRESHOLD:
                errors.append(
                    RowError(
                        row_no,
                        f"ตัวชี้วัด {indicator.id} เป็นแบบขั้นบันได ต้องระบุระดับ ไม่ใช่ค่า",
                    )
                )
                continue
            unit = indicator.levels[0].criteria[0].unit
            if value < 0 or (unit == "%" and value > 100):
                limit = "0 ถึง 100" if unit == "%" else "ไม่ติดลบ"
                errors.append(RowError(row_no, f"ค่า {value_text} {unit} ต้องอยู่ในช่วง {limit}"))
                continue
            result = IndicatorResult(value=value)
        else:
            errors.append(RowError(row_no, "ไม่มีทั้งระดับและค่า"))
            continue
        # Only a valid row claims its (district, indicator): a later row fixing it is no duplicate.
        key = (code, indicator.id)
        if key in first_row:
            errors.append(
                RowError(row_no, f"ผลของ {indicator.id} อำเภอรหัส {code} ซ้ำกับแถว {first_row[key]}")
            )
            continue
        first_row[key] = row_no
        results.setdefault(code, {})[indicator.id] = result

    if errors:
        raise ResultsError(errors)
    return results
