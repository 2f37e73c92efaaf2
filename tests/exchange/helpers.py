"""Filling templates the way a user does: open the downloaded workbook, type, save."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from pramoen.evaluation.models import HistoryEvent, Result
from pramoen.exchange import services
from pramoen.exchange.template import LETTER


def template(round_, user, fmt="xlsx"):
    download = services.results_template(round_=round_, user=user, fmt=fmt)
    if fmt == "xlsx":
        return load_workbook(io.BytesIO(download.content))
    return list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))


def row_of(ws, district, indicator):
    for row in range(2, ws.max_row + 1):
        if (ws[f"{LETTER['district']}{row}"].value or "") == district and (
            ws[f"{LETTER['indicator']}{row}"].value == indicator
        ):
            return row
    raise AssertionError(f"no row {district} {indicator} on {ws.title}")


def fill(ws, district, code, /, **cells):
    row = row_of(ws, district, code)
    for key, value in cells.items():
        ws[f"{LETTER[key]}{row}"] = value
    return row


def xlsx_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, header=None) -> bytes:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def check(round_, user, data, name="filled.xlsx"):
    return services.import_check(round_=round_, user=user, data=data, name=name)


def where(batch):
    """Each problem as (sheet, row, column, code)."""
    return sorted(
        (e["sheet"], e["row"] or 0, e["column"], e["code"]) for e in batch.summary["errors"]
    )


def state():
    """Everything an import could change, to compare before and after."""
    return (
        sorted(
            Result.objects.values_list(
                "pk",
                "indicator__code",
                "district__code",
                "value",
                "self_level",
                "met",
                "note",
                "status",
                "verified_level",
                "version",
            ),
            key=lambda r: r[0],
        ),
        HistoryEvent.objects.count(),
    )


def levels(round_, district):
    return {
        r.indicator.code: r.self_level
        for r in Result.objects.filter(indicator__round=round_, district__code=district)
    }


D = Decimal
