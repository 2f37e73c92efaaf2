"""Write the Word and PDF forms of the FY2568 seed summary (tests/fixtures/kpi-2568-1.txt).

Run from the worktree: ``PYTHONPATH=src python scripts/make-doc-fixtures.py``. LibreOffice
(soffice) is needed only here, for the PDF that LibreOffice makes of the Word file and for
the old .doc; the tests read the committed files and need none of these tools.

The Word files are laid out as a province writes them (not by Pramoen's own writer, so the
readers are tested on a layout they did not make): the title paragraphs, one table
(indicator with its levels | weight | data source), group rows merged across the table, the
header row marked to repeat on every page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import fontpkg_sarabun
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "kpi-2568-1.txt"
FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
LEVEL = re.compile(r"ระดับ\s*([๑-๕1-5])(?![๐-๙0-9])\s*")


@dataclass
class Row:
    text: str
    weight: str = ""
    source: str = ""
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Page:
    header: list[str]
    rows: list[Row]


def seed_pages() -> list[Page]:
    """The seed's pages: the title lines above each table and its rows (header row dropped)."""
    pages: list[Page] = []
    for block in re.split(r"\n(?=\n*สรุปตัวชี้วัด)", SEED.read_text(encoding="utf-8").strip()):
        header, rows = [], []
        for line in block.split("\n"):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) == 1:
                header.append(line.strip())
            elif not cells[0].startswith("ตัวชี้วัดและค่าเป้าหมาย"):
                rows.append(Row(cells[0], cells[1].strip(), cells[2].strip()))
        pages.append(Page(header, rows))
    for page in pages:
        for row in page.rows:
            row.paragraphs = paragraphs(row.text)
    return pages


def paragraphs(text: str) -> list[str]:
    """An indicator cell as a province types it: the title, then each level on its own."""
    if "<p>" in text:
        parts = [re.sub(r"</?[a-z]+>", "", p).strip() for p in re.findall(r"<p>(.*?)</p>", text)]
    else:
        plain = re.sub(r"</?[a-z]+>", "", text)
        cuts = [m.start() for m in LEVEL.finditer(plain)]
        bounds = [0, *cuts, len(plain)]
        parts = [plain[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [p for p in parts if p]


def arabic(text: str) -> str:
    return text.translate(str.maketrans(THAI_DIGITS, "0123456789"))


# --- Word --------------------------------------------------------------------------------


def _font(run, size: float = 16, bold: bool = False, underline: bool = False) -> None:
    run.font.name = "TH SarabunPSK"
    run.font.size = Pt(size)
    run.bold = bold
    run.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:cs"), "TH SarabunPSK")


def _para(container, text: str, *, bold=False, center=False, size: float = 16):
    p = container.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    # "ระดับ ๑" underlined, as the seed's <u> markup shows the province wrote it
    pos = 0
    for m in LEVEL.finditer(text):
        if m.start() > pos:
            _font(p.add_run(text[pos : m.start()]), size, bold)
        _font(p.add_run(m.group(0).rstrip()), size, bold, underline=True)
        _font(p.add_run(" "), size, bold)
        pos = m.end()
    _font(p.add_run(text[pos:]), size, bold)
    return p


def _cell(cell, paragraphs_: list[str], *, center=False, bold=False) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text in paragraphs_ or [""]:
        _para(cell, text, center=center, bold=bold)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, rows: list[Row], *, inline: bool, header_text: str):
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.add_row()
    _repeat_header(head)
    for cell, text in zip(head.cells, [header_text, "น้ำหนัก ร้อยละ", "แหล่งข้อมูล"], strict=True):
        _cell(cell, [text], center=True, bold=True)
    for row in rows:
        cells = table.add_row().cells
        if not row.weight and not row.source and row.text.strip() in GROUPS:
            merged = cells[0].merge(cells[2])
            _cell(merged, [row.text.strip()], bold=True)
            continue
        _cell(cells[0], [" ".join(row.paragraphs)] if inline else row.paragraphs)
        _cell(cells[1], [row.weight], center=True)
        _cell(cells[2], [row.source])
    table.autofit = False
    widths = (Cm(12.5), Cm(2.2), Cm(3.3))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


GROUPS = ("ตัวชี้วัดรายทีม", "ตัวชี้วัดรายบุคคล")


def write_docx(
    path: Path, *, inline: bool = False, digits: str = "thai", paged: bool = False
) -> None:
    pages = seed_pages()
    if digits == "arabic":
        for page in pages:
            page.header = [arabic(h) for h in page.header]
            for row in page.rows:
                row.text, row.weight = arabic(row.text), arabic(row.weight)
                row.paragraphs = [arabic(p) for p in row.paragraphs]
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    header_text = "ตัวชี้วัดและค่าเป้าหมาย"
    groups = paged  # the paged form keeps the seed's pages: a table per page, title above each
    for number, page in enumerate(pages if paged else pages[:1]):
        if number:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in page.header:
            if line.startswith("ตัวชี้วัดและค่าเป้าหมาย"):
                continue
            _para(doc, line.replace(" กีบ ", " กับ ").replace(" กบ ", " กับ "), bold=True, center=True)
        rows = page.rows if groups else [r for p in pages for r in p.rows]
        if not paged:
            rows = _joined(rows)
        _table(doc, rows, inline=inline, header_text=header_text)
    doc.add_paragraph()
    _para(doc, "ลงชื่อ ........................................ พัฒนาการจังหวัด", center=True)
    doc.save(str(path))


def _joined(rows: list[Row]) -> list[Row]:
    """In Word the indicator the PDF carried over a page is one row again."""
    out: list[Row] = []
    for row in rows:
        if out and not row.weight and not row.source and row.text.strip() not in GROUPS:
            out[-1].paragraphs += row.paragraphs
            out[-1].text += " " + row.text
        else:
            out.append(Row(row.text, row.weight, row.source, list(row.paragraphs)))
    return out


def write_no_table(path: Path) -> None:
    doc = Document()
    for line in seed_pages()[0].header[:3]:
        _para(doc, line)
    _para(doc, "ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่ายงบประมาณ ๖๐ กลุ่มงานประสานฯ")
    doc.save(str(path))


def write_two_columns(path: Path) -> None:
    doc = Document()
    _para(doc, seed_pages()[0].header[0])
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    _cell(table.rows[0].cells[0], ["ตัวชี้วัด"])
    _cell(table.rows[0].cells[1], ["ผู้รับผิดชอบ"])
    _cell(table.rows[1].cells[0], ["ตัวชี้วัดที่ ๑ ร้อยละของการใช้จ่ายงบประมาณ"])
    _cell(table.rows[1].cells[1], ["นายสมชาย"])
    doc.save(str(path))


# --- PUA: what a legacy Thai font (TH SarabunPSK and its kin) leaves in a text layer --------

_TONES = "่้๊๋์"
_UPPER = "ัิีึื็"
_TALL = "ปฝฟฬ"


def legacy_pua(text: str) -> str:
    """The seed as a legacy font's shaping writes it: a tone on a consonant without an upper
    vowel is the "low" glyph (U+F70A–F70E); after a tall consonant the upper vowel is shifted
    left (U+F701–F704, U+F710) and a tone "low-left" or "left" (U+F705–F709, U+F713–F717)."""
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        base = text[i - 2] if i > 1 else ""
        if ch in _TONES:
            k = _TONES.index(ch)
            if prev in _UPPER:
                out.append(chr((0xF713 if base in _TALL else 0) + k) if base in _TALL else ch)
            elif prev in _TALL:
                out.append(chr(0xF705 + k))
            else:
                out.append(chr(0xF70A + k))
        elif ch in "ิีึื" and prev in _TALL:
            out.append(chr(0xF701 + "ิีึื".index(ch)))
        elif ch == "ั" and prev in _TALL:
            out.append("\uf710")
        else:
            out.append(ch)
    return "".join(out)


def write_pua(path: Path) -> None:
    path.write_text(legacy_pua(SEED.read_text(encoding="utf-8")), encoding="utf-8")


# --- PDF ---------------------------------------------------------------------------------


def weasyprint_html(pages: list[Page]) -> str:
    head = pages[0].header
    rows = _joined([r for p in pages for r in p.rows])
    body = []
    for row in rows:
        if row.text.strip() in GROUPS and not row.weight:
            body.append(f'<tr class="g"><td colspan="3">{escape(row.text.strip())}</td></tr>')
            continue
        cell = "".join(f"<p>{_u(escape(p))}</p>" for p in row.paragraphs)
        body.append(
            f"<tr><td>{cell}</td><td class=c>{escape(row.weight)}</td>"
            f"<td>{escape(row.source)}</td></tr>"
        )
    titles = "".join(
        f"<h1>{escape(h.replace(' กีบ ', ' กับ ').replace(' กบ ', ' กับ '))}</h1>"
        for h in head
        if not h.startswith("ตัวชี้วัดและค่าเป้าหมาย")
    )
    return f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Sarabun"; src: url("{(FONT_DIR / "Sarabun-Regular.ttf").as_uri()}"); }}
@font-face {{ font-family: "Sarabun"; font-weight: 700;
  src: url("{(FONT_DIR / "Sarabun-Bold.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 18mm 15mm; @bottom-center {{ content: "หน้า " counter(page);
  font-family: Sarabun; font-size: 9pt; }} }}
html {{ font-family: Sarabun; font-size: 12pt; line-height: 1.4; }}
h1 {{ font-size: 14pt; text-align: center; margin: 0 0 1mm; }}
table {{ width: 100%; border-collapse: collapse; margin-top: 4mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.7pt solid #000; padding: 1.5mm; vertical-align: top; }}
td.c {{ text-align: center; }} tr.g td {{ font-weight: 700; background: #eee; }}
p {{ margin: 0 0 1mm; }} u {{ text-decoration: underline; }}
</style></head><body>{titles}
<table><colgroup><col style="width:70%"><col style="width:11%"><col style="width:19%"></colgroup>
<thead><tr><th>ตัวชี้วัดและค่าเป้าหมาย</th><th>น้ำหนัก ร้อยละ</th><th>แหล่งข้อมูล</th></tr></thead>
<tbody>{"".join(body)}</tbody></table></body></html>"""


def _u(text: str) -> str:
    return LEVEL.sub(lambda m: f"<u>{m.group(0).strip()}</u> ", text)


def write_weasyprint(path: Path, pages: list[Page] | None = None) -> None:
    from weasyprint import HTML

    HTML(string=weasyprint_html(pages or seed_pages())).write_pdf(str(path))


def write_ten_pages(path: Path) -> None:
    """The seed's table twice over: a 10-page summary, for the benchmark."""
    pages = seed_pages()
    write_weasyprint(path, [*pages, *pages[1:]])


def soffice(src: Path, target: str, out_dir: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("LibreOffice (soffice) is needed to make the LibreOffice PDF and the .doc")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                str(src),
            ],
            check=True,
            capture_output=True,
        )
    return out_dir / (src.stem + "." + target.split(":")[0])


def write_scanned(path: Path, source_pdf: Path) -> None:
    """A PDF of page images only (as a scanner makes): no text layer."""
    from weasyprint import HTML

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(source_pdf), f"{tmp}/page"],
            check=True,
        )
        images = "".join(
            f'<img src="{p.as_uri()}" style="width:100%;break-after:page">'
            for p in sorted(Path(tmp).glob("page*.png"))
        )
        HTML(string=f"<html><body style='margin:0'>{images}</body></html>").write_pdf(str(path))


def write_encrypted(path: Path, source_pdf: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source_pdf)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    with path.open("wb") as f:
        writer.write(f)


def main() -> None:
    out = FIXTURES
    write_docx(out / "kpi-2568-1.docx")
    write_docx(out / "kpi-2568-1-inline.docx", inline=True)
    write_docx(out / "kpi-2568-1-arabic.docx", digits="arabic")
    write_docx(out / "kpi-2568-1-pages.docx", paged=True)
    write_pua(out / "kpi-2568-1-pua.txt")
    write_weasyprint(out / "kpi-2568-1-weasyprint.pdf")
    write_ten_pages(out / "kpi-10-pages.pdf")
    bad = out / "bad"
    bad.mkdir(exist_ok=True)
    write_no_table(bad / "no-table.docx")
    write_two_columns(bad / "two-columns.docx")
    write_scanned(bad / "scanned.pdf", out / "kpi-2568-1-weasyprint.pdf")
    write_encrypted(bad / "encrypted.pdf", out / "kpi-2568-1-weasyprint.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = soffice(out / "kpi-2568-1.docx", "pdf", Path(tmp))
        shutil.copy(pdf, out / "kpi-2568-1-libreoffice.pdf")
        doc = soffice(out / "kpi-2568-1.docx", "doc", Path(tmp))
        shutil.copy(doc, bad / "old-word.doc")
    print("fixtures written to", out)


if __name__ == "__main__":
    main()
