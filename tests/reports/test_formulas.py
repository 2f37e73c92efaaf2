"""No export carries a formula: text people typed (notes, comments, reasons, names, indicator
titles and level texts) that starts like a formula stays text in every workbook and CSV file
the app produces, reads as typed, and comes back unchanged through an import."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from openpyxl import load_workbook

import pramoen
from pramoen.accounts import services as accounts_services
from pramoen.core import chonburi
from pramoen.core.cells import FORMULA_START
from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Indicator, Result
from pramoen.evaluation.services import ResultInput
from pramoen.exchange import services as exchange
from pramoen.exchange.reader import read_xlsx
from pramoen.reports import render
from pramoen.web import bootstrap
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'
# What the document's author typed at the start of three titles and one level text:
# (what precedes it, what is typed, what follows).
TYPED_IN_DOCUMENT = [
    ("ตัวชี้วัดที่ ๑ ", LINK, "ระดับความสำเร็จของผลิตภัณฑ์ชุมชน"),
    ("ตัวชี้วัดที่ ๔ ", "+1", "ระดับความสำเร็จการจัดความยากจน"),
    ("ตัวชี้วัดที่ ๖ ", "@SUM(A1)", "ระดับความสำเร็จของการขับเคลื่อนตำบล"),
    ("<p>ระดับ ๓ ", "-5 ครัวเรือน", "มีการวิเคราะห์สภาพปัญหาครัวเรือนยากจน"),
]
NOTES = {
    "I1": LINK,
    "I2a": "+1",
    "I3a": "-2+3",
    "I4": "@SUM(A1)",
    "I5": "\t=1",
    "I6": "-5 ครัวเรือน",
}
COMMENTS = {"I3a": "=1+1 ตรวจแล้ว", "I4": "-2+3", "I1": "@SUM(A1)", "I2a": "\t=1", "I5": LINK}
REASON = "+1 ขาดหลักฐาน"
DISTRICT_2003 = "@SUM(A1) หนองใหญ่"
VERIFIER = "-2+3"  # a username Django accepts


@pytest.fixture
def round_(province, tmp_path):
    """The real FY2568 document with formulas typed into some of its titles and levels."""
    text = DOC.read_text(encoding="utf-8")
    for before, typed, after in TYPED_IN_DOCUMENT:
        assert text.count(before + after) == 1, after
        text = text.replace(before + after, f"{before}{typed} {after}")
    path = tmp_path / DOC.name
    path.write_text(text, encoding="utf-8")
    return bootstrap.import_document(
        province=province, path=path, accept_errors_reason="ทดสอบด้วยเอกสารจริง", open_round=True
    )


def _result(code, district="2001"):
    return Result.objects.select_related("indicator__round").get(
        indicator__code=code, district__code=district
    )


@pytest.fixture
def typed(round_, users, province):
    """Mueang Chonburi's results with formula-like notes, verified with formula-like comments,
    one returned with a formula-like reason; a district renamed; a verifier named "-2+3"."""
    ind = {i.code: i for i in Indicator.objects.filter(round=round_)}
    services.shared_result_save(
        indicator=ind["T1"],
        user=users["wg-coordination"],
        data=ResultInput(value=Decimal("87.5"), note=LINK + " GFMIS"),
        version=0,
    )
    ev = Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code="2001"
    )
    entries = {
        "I1": ResultInput(met=frozenset({1, 2, 3, 4})),
        "I2a": ResultInput(value=Decimal(6)),
        "I3a": ResultInput(met=frozenset(range(1, 6))),
        "I4": ResultInput(met=frozenset({1, 2, 3})),
        "I5": ResultInput(value=Decimal("9.5")),
        "I6": ResultInput(met=frozenset(range(1, 6))),
    }
    for code, data in entries.items():
        services.result_save(
            evaluation=ev,
            indicator=ind[code],
            user=users["d2001"],
            data=replace(data, note=NOTES[code]),
            version=0,
        )
    ev.refresh_from_db()
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    verifier, _password = accounts_services.user_create(
        username=VERIFIER, role="work_group", province=province, work_group="information"
    )
    owners = {"I1": "wg-promotion", "I2a": "wg-promotion", "I5": "wg-coordination"}
    for code, comment in COMMENTS.items():
        r = _result(code)
        user = users[owners[code]] if code in owners else verifier
        services.result_verify(
            result=r, user=user, level=r.self_level, comment=comment, version=r.version
        )
    r = _result("I6")
    services.result_return(result=r, user=users["wg-promotion"], reason=REASON, version=r.version)
    districts = [replace(d, name_th=DISTRICT_2003) if d.code == "2003" else d for d in chonburi()]
    accounts_services.province_setup(districts=districts)
    return round_


def _titles(round_):
    titles = {i.code: i.title for i in Indicator.objects.filter(round=round_)}
    assert [titles[c][:8] for c in ("I1", "I4", "I6")] == [LINK[:8], "+1 ระดับ", "@SUM(A1)"]
    return titles


def _level_text(round_):
    text = Indicator.objects.get(round=round_, code="I4").levels.get(level=3).text
    assert text.startswith("-5 ครัวเรือน")
    return text


def _files(round_, users):
    """Every workbook and CSV file the app makes of a round, by name."""
    xlsx, csvs = {}, {}
    xlsx["district form"] = render.render(round_, fmt="xlsx", district="2001")[0]
    xlsx["round workbook"] = render.render(round_, fmt="xlsx")[0]
    csvs["results.csv"] = render.render(round_, fmt="csv")[0]
    for who in ("province", "wg-information", "wg-promotion", "d2001"):
        for fmt, into in (("xlsx", xlsx), ("csv", csvs)):
            download = exchange.results_template(round_=round_, user=users[who], fmt=fmt)
            into[f"template {who} {fmt}"] = download.content
    for fmt, into in (("xlsx", xlsx), ("csv", csvs)):
        into[f"export {fmt}"] = exchange.round_export(round_=round_, fmt=fmt).content
    return xlsx, csvs


def _xlsx_cells(data):
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _csv_cells(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text[1:])) for cell in row]


def _is_number(cell):
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def _expected(round_):
    """For each file: the typed texts it shows (each starts like a formula)."""
    return {name: texts for name, (texts, _plain) in _shown(round_).items()}


def _plain(round_):
    """For each file: a text it shows that starts like no formula (Thai, left alone)."""
    return {name: plain for name, (_texts, plain) in _shown(round_).items()}


def _shown(round_):
    titles = _titles(round_)
    shown_titles = [titles[c] for c in ("I1", "I4", "I6")]
    notes = [LINK + " GFMIS", *NOTES.values()]
    comments = list(COMMENTS.values())
    level = _level_text(round_)
    templates_for = {
        "province": [*shown_titles, *notes, DISTRICT_2003],
        "wg-information": [titles["I4"], COMMENTS["I3a"], COMMENTS["I4"], DISTRICT_2003],
        "wg-promotion": [titles["I1"], titles["I6"], COMMENTS["I1"], COMMENTS["I2a"]],
        "d2001": [*shown_titles, *notes[1:]],
    }
    plain = titles["I2a"]
    files = {
        "district form": ([*shown_titles, level], plain),
        "round workbook": ([*shown_titles, level, DISTRICT_2003], plain),
        "results.csv": ([DISTRICT_2003, VERIFIER], "เมืองชลบุรี"),
        "export xlsx": ([*shown_titles, *notes, *comments, REASON, DISTRICT_2003, VERIFIER], plain),
        "export csv": ([*shown_titles, *notes, *comments, DISTRICT_2003], plain),
    }
    for who, texts in templates_for.items():
        mine = titles["I3a"] if who == "wg-information" else plain
        files[f"template {who} xlsx"] = files[f"template {who} csv"] = (texts, mine)
    return files


def test_no_workbook_holds_a_formula_and_every_typed_text_shows_as_typed(typed, users):
    expected, plain = _expected(typed), _plain(typed)
    xlsx, _csvs = _files(typed, users)
    for name, data in xlsx.items():
        cells = _xlsx_cells(data)
        formulas = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
        assert formulas == [], name  # we write no formulas of our own
        texts = {c.value for c in cells if isinstance(c.value, str)}
        missing = [t for t in expected[name] if t not in texts]
        assert missing == [], name
        assert plain[name] in texts, name
        # Excel keeps them text when someone edits the cell, too
        quoted = {c.value for c in cells if c.quotePrefix}
        assert set(expected[name]) <= quoted, name
        assert all(isinstance(v, str) and v[:1] in FORMULA_START for v in quoted), name


def test_every_csv_cell_that_starts_like_a_formula_is_quoted(typed, users):
    expected, plain = _expected(typed), _plain(typed)
    _xlsx, csvs = _files(typed, users)
    for name, data in csvs.items():
        cells = _csv_cells(data)
        live = [c for c in cells if c[:1] in FORMULA_START and not _is_number(c)]
        assert live == [], name
        missing = [t for t in expected[name] if "'" + t not in cells]
        assert missing == [], name
        # the rest is written as it was: Thai text, codes and numbers carry no quote
        assert "2568-1" in cells and "2001" in cells, name
        assert not any(c.startswith("'") and c[1:2] not in FORMULA_START for c in cells), name
        assert plain[name] in cells, name


def test_a_csv_template_brings_a_formula_like_note_back_as_typed(typed, users):
    """Bang Bueng (2002, still a draft) notes "=1+1"; its CSV template shows "'=1+1" and
    imports back as "=1+1": unchanged it changes nothing, retyped it is the new note."""
    user = users["d2002"]
    ev = Evaluation.objects.select_related("round", "district").get(
        round=typed, district__code="2002"
    )
    services.result_save(
        evaluation=ev,
        indicator=Indicator.objects.get(round=typed, code="I1"),
        user=user,
        data=ResultInput(met=frozenset({1, 2}), note="=1+1"),
        version=0,
    )
    content = exchange.results_template(round_=typed, user=user, fmt="csv").content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    i1 = next(r for r in rows if r["indicator"] == "I1")
    assert i1["note"] == "'=1+1"
    unchanged = exchange.import_check(round_=typed, user=user, data=content, name="2002.csv")
    assert (unchanged.errors, unchanged.changes) == ([], [])

    retyped = content.decode("utf-8-sig").replace("'=1+1", "'=2+2 ตรวจแล้ว").encode("utf-8")
    batch = exchange.import_check(round_=typed, user=user, data=retyped, name="2002.csv")
    assert batch.errors == []
    assert [(c["indicator"], c["note"]) for c in batch.changes] == [("I1", "=2+2 ตรวจแล้ว")]


def test_an_xlsx_template_reads_a_formula_like_note_back_as_typed(typed, users):
    content = exchange.results_template(round_=typed, user=users["d2001"], fmt="xlsx").content
    (sheet,) = [s for s in read_xlsx(content) if not s.is_instructions]
    assert {r.cells["indicator"]: r.cells["note"] for r in sheet.rows} == NOTES
    export = exchange.round_export(round_=typed, fmt="xlsx").content
    (results,) = [s for s in load_workbook(io.BytesIO(export), read_only=True) if s.title == "ผล"]
    rows = list(results.iter_rows(values_only=True))
    notes = {row[rows[0].index("note")] for row in rows[1:]}
    assert {LINK + " GFMIS", *NOTES.values()} <= notes


def test_every_module_that_writes_a_workbook_or_a_csv_file_applies_the_rule():
    """A new export door gets the same rule: whoever builds a workbook keeps its text text,
    whoever writes CSV writes its cells with csv_cell."""
    src = Path(pramoen.__file__).parent
    doors, offenders = [], []
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        # excel.workbook_bytes is xlsx_keep_text, then the save: saving through it applies it
        for writes, rules in (
            ("Workbook(", ("xlsx_keep_text(", "workbook_bytes(")),
            ("csv.writer(", ("csv_cell(",)),
        ):
            if writes in text and path.name != "cells.py":
                doors.append(path.name)
                rule = " or ".join(rules)
                if not any(r in text for r in rules):
                    offenders.append(f"{path.relative_to(src)}: {writes} without {rule}")
    assert offenders == []
    assert sorted(doors) == [
        "appraisal.py",
        "appraisal_summary.py",
        "excel.py",
        "export.py",
        "template.py",
        "template.py",
        "year.py",
    ]
