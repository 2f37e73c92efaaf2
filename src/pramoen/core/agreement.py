"""The agreed KPI summary as the official document both officers sign: Word and PDF.

The layout is the seed's (the FY2568 Chonburi summary): the title with the fiscal year, the
position pair, the round and its period; one table ``ตัวชี้วัดและค่าเป้าหมาย | น้ำหนัก ร้อยละ |
แหล่งข้อมูล`` with a row per group and per indicator, the indicator's levels as paragraphs
under its title; then the signature block: the provincial officer (ผู้ประเมิน) and each
district officer (ผู้รับการประเมิน). ``copies="all"`` writes one document signed by all;
``copies="each"`` one copy per district, each signed by the provincial officer and that
district's. What is written here reads back (``officialdoc.decode_document``) to the same
scorecard: the tests hold both formats to it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from .model import District, Group, Indicator, Scorecard
from .thai import format_thai_date
from .thai import thai_number as th

COPIES = ("all", "each")
HEADER = ("ตัวชี้วัดและค่าเป้าหมาย", "น้ำหนัก ร้อยละ", "แหล่งข้อมูล")


@dataclass(frozen=True, slots=True)
class Signer:
    role: str  # ผู้ประเมิน / ผู้รับการประเมิน
    position: str


def title_lines(scorecard: Scorecard) -> list[str]:
    lines = [
        f"สรุปตัวชี้วัดและค่าเป้าหมายการประเมินผลการปฏิบัติราชการ ปีงบประมาณ พ.ศ. {th(scorecard.fiscal_year)}"
    ]
    if scorecard.position:
        lines.append(f"ตำแหน่ง {scorecard.position}")
    lines.append(
        f"รอบการประเมินที่ {th(scorecard.round)} ({format_thai_date(scorecard.period_start)} – "
        f"{format_thai_date(scorecard.period_end)})"
    )
    return lines


def indicator_paragraphs(indicator: Indicator) -> list[tuple[str, str]]:
    """The indicator cell as (level marker, text) paragraphs; the title has no marker."""
    out = [("", f"ตัวชี้วัดที่ {th(indicator.number)} {indicator.title}")]
    out += [(f"ระดับ {th(lv.level)}", lv.text) for lv in indicator.levels]
    return out


def _groups(scorecard: Scorecard) -> list[tuple[Group, list[Indicator]]]:
    return [
        (g, [i for i in scorecard.indicators if i.group is g])
        for g in Group
        if any(i.group is g for i in scorecard.indicators)
    ]


def _copies(
    scorecard: Scorecard, province: str, copies: str
) -> list[tuple[str | None, list[Signer]]]:
    """Each copy: the district it is for (None: all) and who signs it."""
    if copies not in COPIES:
        raise ValueError(f"copies must be one of {COPIES}, not {copies!r}")
    chief = Signer("ผู้ประเมิน", f"พัฒนาการจังหวัด{province}")

    def district_signer(d: District) -> Signer:
        return Signer("ผู้รับการประเมิน", f"พัฒนาการอำเภอ{d.name_th}")

    if copies == "all":
        return [(None, [chief, *(district_signer(d) for d in scorecard.districts)])]
    return [(d.name_th, [chief, district_signer(d)]) for d in scorecard.districts]


# --- Word ---------------------------------------------------------------------------------


def agreement_docx(scorecard: Scorecard, *, province: str = "", copies: str = "all") -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "TH SarabunPSK"
    style.font.size = Pt(15)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), "TH SarabunPSK")
    style.element.get_or_add_rPr().append(_el(OxmlElement, qn, "w:szCs", "30"))
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)

    def para(
        container: Any,
        text: str,
        *,
        marker: str = "",
        bold: bool = False,
        center: bool = False,
        after: int = 0,
    ) -> Any:
        p = container.add_paragraph()
        p.paragraph_format.space_after = Pt(after)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if marker:
            run = p.add_run(marker)
            run.underline = True
            run.bold = bold
            p.add_run(" ")
        run = p.add_run(text)
        run.bold = bold
        return p

    def cell(c: Any, paragraphs: list[tuple[str, str]], **kw: Any) -> None:
        c.paragraphs[0]._element.getparent().remove(c.paragraphs[0]._element)
        for marker, text in paragraphs:
            para(c, text, marker=marker, **kw)

    widths = (Cm(12.4), Cm(2.0), Cm(3.2))
    for n, (district, signers) in enumerate(_copies(scorecard, province, copies)):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in title_lines(scorecard):
            para(doc, line, bold=True, center=True)
        table = doc.add_table(rows=0, cols=3)
        table.style = "Table Grid"
        table.autofit = False
        head = table.add_row()
        head._tr.get_or_add_trPr().append(_el(OxmlElement, qn, "w:tblHeader", "true"))
        for c, text in zip(head.cells, HEADER, strict=True):
            cell(c, [("", text)], bold=True, center=True)
        for group, indicators in _groups(scorecard):
            cells = table.add_row().cells
            cell(cells[0].merge(cells[2]), [("", group.label_th)], bold=True)
            for indicator in indicators:
                cells = table.add_row().cells
                cell(cells[0], indicator_paragraphs(indicator))
                weight = th(indicator.weight) if indicator.weight is not None else ""
                cell(cells[1], [("", weight)], center=True)
                cell(cells[2], [("", indicator.source.name_th if indicator.source else "")])
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for c, width in zip(row.cells, widths, strict=True):
                c.width = width
        para(doc, "", after=6)
        if district:
            para(doc, f"ข้อตกลงระหว่าง พัฒนาการจังหวัด{province} กับ พัฒนาการอำเภอ{district}")
        sign = doc.add_table(rows=0, cols=2)
        for i in range(0, len(signers), 2):
            cells = sign.add_row().cells
            for c, signer in zip(cells, signers[i : i + 2], strict=False):
                cell(c, [("", t) for t in _signature_lines(signer)], center=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _el(oxml_element, qn, tag: str, value: str):  # type: ignore[no-untyped-def]
    el = oxml_element(tag)
    el.set(qn("w:val"), value)
    return el


def _signature_lines(signer: Signer) -> list[str]:
    return [
        signer.role,
        "",
        "ลงชื่อ ........................................",
        "(........................................)",
        f"ตำแหน่ง {signer.position}",
        "วันที่ ........ / ........ / ........",
    ]


# --- PDF ----------------------------------------------------------------------------------


def _glued(text: str) -> str:
    """Spaces as no-break spaces: a line then wraps only inside a Thai phrase (at a word
    boundary, where no space was), so the text layer reads back with every space in place
    (a PDF drops the space a line wraps at, and a reader cannot tell it was there)."""
    return escape(text).replace(" ", "\u00a0")


def agreement_html(
    scorecard: Scorecard, *, province: str = "", copies: str = "all", font_dir: Path
) -> str:
    parts = []
    for district, signers in _copies(scorecard, province, copies):
        rows = []
        for group, indicators in _groups(scorecard):
            rows.append(f'<tr class="group"><td colspan="3">{escape(group.label_th)}</td></tr>')
            for indicator in indicators:
                paragraphs = "".join(
                    f"<p>{f'<u>{escape(m)}</u> ' if m else ''}{_glued(t)}</p>"
                    for m, t in indicator_paragraphs(indicator)
                )
                weight = th(indicator.weight) if indicator.weight is not None else ""
                source = indicator.source.name_th if indicator.source else ""
                rows.append(
                    f"<tr><td>{paragraphs}</td><td class=num>{escape(weight)}</td>"
                    f"<td>{escape(source)}</td></tr>"
                )
        titles = "".join(f"<h1>{_glued(line)}</h1>" for line in title_lines(scorecard))
        between = (
            f"<p class=between>ข้อตกลงระหว่าง พัฒนาการจังหวัด{escape(province)} "
            f"กับ พัฒนาการอำเภอ{escape(district)}</p>"
            if district
            else ""
        )
        signatures = "".join(
            "<div class=sign>"
            + "".join(f"<p>{escape(t) or '&nbsp;'}</p>" for t in _signature_lines(s))
            + "</div>"
            for s in signers
        )
        head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
        parts.append(
            f'<section class="copy">{titles}<table><colgroup><col class=c1><col class=c2>'
            f"<col class=c3></colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>{between}"
            f'<div class="signatures">{signatures}</div></section>'
        )
    regular = (font_dir / "Sarabun-Regular.ttf").as_uri()
    bold = (font_dir / "Sarabun-Bold.ttf").as_uri()
    return f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Sarabun"; src: url("{regular}"); }}
@font-face {{ font-family: "Sarabun"; font-weight: 700; src: url("{bold}"); }}
@page {{ size: A4; margin: 16mm 14mm;
  @bottom-right {{ content: "หน้า " counter(page) " / " counter(pages); font-family: Sarabun;
  font-size: 9pt; }} }}
html {{ font-family: Sarabun; font-size: 11.5pt; line-height: 1.4; }}
.copy + .copy {{ break-before: page; }}
h1 {{ font-size: 13pt; text-align: center; margin: 0 0 1mm; }}
table {{ width: 100%; border-collapse: collapse; margin-top: 4mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.7pt solid #000; padding: 1.4mm 1.6mm; vertical-align: top; }}
th {{ text-align: center; }} .c1 {{ width: 70%; }} .c2 {{ width: 11%; }} .c3 {{ width: 19%; }}
td.num {{ text-align: center; }} tr.group td {{ font-weight: 700; }}
td p {{ margin: 0 0 0.8mm; }}
.between {{ margin: 5mm 0 0; }}
.signatures {{ display: flex; flex-wrap: wrap; margin-top: 6mm; }}
.sign {{ width: 50%; text-align: center; break-inside: avoid; margin-bottom: 6mm; }}
.sign p {{ margin: 0; }}
</style></head><body>{"".join(parts)}</body></html>"""


def agreement_pdf(scorecard: Scorecard, *, province: str = "", copies: str = "all") -> bytes:
    from weasyprint import HTML

    from .pdffont import font_dir as sarabun

    font_dir = sarabun()
    html = agreement_html(scorecard, province=province, copies=copies, font_dir=font_dir)
    pdf: bytes = HTML(string=html, base_url=str(font_dir)).write_pdf()
    return pdf


def agreement(scorecard: Scorecard, fmt: str, *, province: str = "", copies: str = "all") -> bytes:
    """The agreement in ``fmt`` ("docx" or "pdf")."""
    if fmt == "docx":
        return agreement_docx(scorecard, province=province, copies=copies)
    if fmt == "pdf":
        return agreement_pdf(scorecard, province=province, copies=copies)
    raise ValueError(f"format must be docx or pdf, not {fmt!r}")


__all__: Sequence[str] = (
    "COPIES",
    "agreement",
    "agreement_docx",
    "agreement_html",
    "agreement_pdf",
)
