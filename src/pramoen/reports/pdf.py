"""PDF with WeasyPrint: A4, Sarabun embedded (Pango shapes and breaks the Thai)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import fontpkg_sarabun
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from pramoen.evaluation.models import Round
from pramoen.evaluation.templatetags.pramoen import thaidate

from .charts import achievement_chart
from .data import DistrictReport

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"


def _document(context: dict[str, object]):  # type: ignore[no-untyped-def]
    context = {
        **context,
        "font_dir": FONT_DIR.as_uri(),
        "generated": f"Pramoen · {thaidate(timezone.now())}",
    }
    html = render_to_string("reports/pdf.html", context)
    return HTML(string=html, base_url=str(FONT_DIR)).render()


def _render(context: dict[str, object]) -> bytes:
    pdf: bytes = _document(context).write_pdf()
    return pdf


def district_pdf(report: DistrictReport, *, thai_digits: bool = False) -> bytes:
    title = f"แบบสรุปผลการประเมิน {report.round.code} อำเภอ{report.district.name_th}"
    return _render({"title": title, "reports": [report], "thai": thai_digits})


def booklet_pdf(
    round_: Round,
    reports: list[DistrictReport],
    *,
    thai_digits: bool = False,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The summary page, then each district's form (numbered on its own, ready to sign).

    Districts are laid out one at a time and their pages joined, which lets a job report
    its progress.
    """
    ranked = sorted(reports, key=lambda r: (-r.achievement, r.district.code))
    title = f"สรุปผลการประเมิน จังหวัด{round_.province.name_th} {round_.code}"
    documents = [
        _document(
            {
                "title": title,
                "reports": [],
                "summary": True,
                "round": round_,
                "ranked": ranked,
                "chart": achievement_chart(ranked),
                "thai": thai_digits,
            }
        )
    ]
    for done, report in enumerate(reports, start=1):
        documents.append(_document({"title": title, "reports": [report], "thai": thai_digits}))
        if progress is not None:
            progress(done)
    pages = [page for document in documents for page in document.pages]
    pdf: bytes = documents[0].copy(pages).write_pdf()
    return pdf
