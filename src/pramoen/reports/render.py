"""One entry point for every report file: what the CLI, the views and the jobs call."""

from __future__ import annotations

from django.http import HttpResponse

from pramoen.evaluation.models import Round
from pramoen.exchange.export import export_csv

from . import excel, pdf
from .data import DistrictReport, round_reports

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def download(data: bytes, name: str, fmt: str) -> HttpResponse:
    """A report file as an attachment of its format's type (never sniffed as something else)."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def filename(round_: Round, fmt: str, district: str | None = None) -> str:
    scope = f"district-{district}" if district else "province"
    return f"pramoen-{round_.code}-{scope}.{fmt}"


def district_file(report: DistrictReport, *, fmt: str, thai_digits: bool = False) -> bytes:
    """One district's form in ``fmt`` (pdf or xlsx), in the active language."""
    if fmt == "pdf":
        return pdf.district_pdf(report, thai_digits=thai_digits)
    if fmt == "xlsx":
        return excel.district_workbook(report)
    raise LookupError(f"unknown format {fmt}")


def render(
    round_: Round, *, fmt: str, district: str | None = None, thai_digits: bool = False
) -> tuple[bytes, str]:
    """The file's bytes and its download name. Without a district: the whole province."""
    if fmt == "csv":
        return export_csv(round_), filename(round_, fmt)  # the round's one results CSV
    reports = round_reports(round_, district_code=district)
    if district and not reports:
        raise LookupError(f"ไม่พบอำเภอรหัส {district} ในรอบ {round_.code}")
    if district:
        data = district_file(reports[0], fmt=fmt, thai_digits=thai_digits)
    elif fmt == "pdf":
        data = pdf.booklet_pdf(round_, reports, thai_digits=thai_digits)
    elif fmt == "xlsx":
        data = excel.round_workbook(round_, reports)
    else:
        raise LookupError(f"unknown format {fmt}")
    return data, filename(round_, fmt, district)
