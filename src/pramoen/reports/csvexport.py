"""All results of a round as CSV (UTF-8 with BOM, so Excel opens the Thai correctly)."""

from __future__ import annotations

import csv
import io

from pramoen.core.cells import csv_cell
from pramoen.evaluation.models import Round

from .data import result_rows

COLUMNS = [
    "round",
    "district",
    "district_name",
    "indicator",
    "group",
    "weight",
    "value",
    "reported_level",
    "verified_level",
    "status",
    "verified_by",
    "verified_at",
    "evaluation_status",
]


def results_csv(round_: Round) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in result_rows(round_):
        writer.writerow([csv_cell(row[c]) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
