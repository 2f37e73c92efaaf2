"""Workbooks too large to parse are refused from their ZIP directory and first bytes, before
openpyxl spends time on them, with a message naming the file and what is too large; through
the service, the import page and the API alike. Our own templates stay well inside.

The workbooks are our real template with one part changed, as an attacker would build them.
Before the bounds, the 64 KB one with a 48 MB comment kept a worker busy for over a minute.
"""

from __future__ import annotations

import io
import math
import os
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pramoen.api.services import token_create
from pramoen.exchange import bounds, reader, services
from pramoen.exchange.models import ImportBatch
from pramoen.exchange.reader import FileTooLarge, read_upload

from .helpers import check, xlsx_bytes

pytestmark = pytest.mark.django_db

SHEET = "กลุ่มงานส่งเสริมฯ"  # the promotion group's sheet of the province's template


def province_template(round_, users) -> bytes:
    return services.results_template(round_=round_, user=users["province"], fmt="xlsx").content


def rezip(data: bytes, edit, extra=()) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, edit(info.filename, source.read(info.filename)))
        for name, body in extra:
            archive.writestr(name, body)
    return out.getvalue()


def sheet_part(data: bytes, title: str) -> str:
    """The part name of the sheet called ``title`` (as the workbook's relationships say)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = archive.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', book)
    assert rid, title
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def unpacked(data: bytes) -> str:
    """The archive's unpacked size as the message writes it, in MB rounded up to a tenth (48
    MB of comment plus the template itself, whose size moves with its contents), counted here
    from the zip's own directory."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = sum(i.file_size for i in archive.infolist())
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}"


def with_comment(data: bytes, title: str, filler: bytes) -> bytes:
    part = sheet_part(data, title)

    def edit(name, body):
        if name != part:
            return body
        at = body.index(b"<sheetData>") + len(b"<sheetData>")
        return body[:at] + b"<!--" + filler + b"-->" + body[at:]

    return rezip(data, edit)


def with_dimension(data: bytes, title: str, ref: bytes, last_row: int) -> bytes:
    """The sheet declares ``ref`` and has one cell at ``last_row``: openpyxl pads every row
    in between to the declared width."""
    part = sheet_part(data, title)
    cell = b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (last_row, last_row)

    def edit(name, body):
        if name != part:
            return body
        body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s" />' % ref, body)
        return body.replace(b"</sheetData>", cell + b"</sheetData>")

    return rezip(data, edit)


class Parsed(BaseException):  # not an Exception: the reader's "broken file" handler lets it by
    pass


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if openpyxl is asked to open the workbook."""

    def refuse(*args, **kwargs):
        raise Parsed("openpyxl was asked to parse a workbook the bounds should refuse")

    monkeypatch.setattr(reader, "load_workbook", refuse)


def test_the_comment_bomb_is_refused_in_milliseconds_without_parsing(round_, users, no_parsing):
    bomb = with_comment(province_template(round_, users), SHEET, b"a" * (48 * 1024 * 1024))
    assert len(bomb) < 80 * 1024  # what the review uploaded: ~55 KB
    started = time.perf_counter()
    with pytest.raises(FileTooLarge) as refused:
        read_upload(bomb, "ผลอำเภอ.xlsx")
    assert time.perf_counter() - started < 0.5
    problem = refused.value.problem
    assert problem.code == "too-big-unpacked"
    assert problem.message == f"ไฟล์ ผลอำเภอ.xlsx เมื่อขยายออกมีขนาด {unpacked(bomb)} MB เกินกำหนด 3 MB"


def test_the_service_refuses_it_as_too_large_and_keeps_nothing(round_, users, settings):
    bomb = with_comment(province_template(round_, users), SHEET, b"a" * (48 * 1024 * 1024))
    with pytest.raises(services.ImportTooLarge, match=r"ผลอำเภอ\.xlsx"):
        check(round_, users["province"], bomb, name="ผลอำเภอ.xlsx")
    assert not ImportBatch.objects.exists()
    assert not list((settings.MEDIA_ROOT / "imports").glob("*"))


def test_the_import_page_shows_the_refusal_on_the_page(round_, users, client_for):
    bomb = with_comment(province_template(round_, users), SHEET, b"a" * (48 * 1024 * 1024))
    response = client_for("province").post(
        reverse("exchange:import", args=[round_.pk]),
        {"file": SimpleUploadedFile("bomb.xlsx", bomb)},
    )
    assert response.status_code == 413
    message = f"ไฟล์ bomb.xlsx เมื่อขยายออกมีขนาด {unpacked(bomb)} MB เกินกำหนด 3 MB"
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_api_answers_413_too_large_with_the_same_message(round_, users):
    bomb = with_comment(province_template(round_, users), SHEET, b"a" * (48 * 1024 * 1024))
    token = token_create(user=users["province"], name="t")[1]
    response = client_with(token).post(
        reverse("api:import_check", args=[round_.pk]),
        {"file": SimpleUploadedFile("bomb.xlsx", bomb)},
    )
    body = response.json()
    assert (response.status_code, body["code"]) == (413, "too-large")
    assert body["message_th"] == f"ไฟล์ bomb.xlsx เมื่อขยายออกมีขนาด {unpacked(bomb)} MB เกินกำหนด 3 MB"
    assert body["message_en"] == "The file is too large"  # formatted: the code's generic text
    assert not ImportBatch.objects.exists()


def client_with(token):
    from django.test import Client

    return Client(headers={"Authorization": f"Bearer {token}"})


def test_an_upload_over_the_size_limit_is_413_in_the_api_and_the_same_message_on_the_page(
    round_, users, client_for
):
    big = b"round,district,indicator,level,value,note\n" + b"x" * (5 * 1024 * 1024)
    token = token_create(user=users["d2001"], name="t")[1]
    api = client_with(token).post(
        reverse("api:import_check", args=[round_.pk]),
        {"file": SimpleUploadedFile("big.csv", big)},
    )
    assert (api.status_code, api.json()["code"]) == (413, "too-large")
    assert api.json()["message_th"] == "ไฟล์ big.csv ใหญ่เกิน 5 MB"
    page = client_for("d2001").post(
        reverse("exchange:import", args=[round_.pk]), {"file": SimpleUploadedFile("big.csv", big)}
    )
    assert page.status_code == 413 and "ไฟล์ big.csv ใหญ่เกิน 5 MB" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_sheet_declaring_3000_columns_is_refused_by_its_dimension(round_, users, no_parsing):
    wide = with_dimension(province_template(round_, users), SHEET, b"A1:DKK5010", 5010)
    started = time.perf_counter()
    with pytest.raises(FileTooLarge) as refused:
        read_upload(wide, "wide.xlsx")
    assert time.perf_counter() - started < 0.5
    assert (refused.value.problem.code, refused.value.problem.sheet) == ("too-many-columns", SHEET)
    assert refused.value.problem.message == (
        f"แผ่นงาน {SHEET} ในไฟล์ wide.xlsx มีข้อมูลกว้าง 3001 คอลัมน์ เกินกำหนด 100 คอลัมน์ กรุณาลบคอลัมน์ที่ไม่ใช้"
    )


def test_a_sheet_that_declares_no_width_is_read_no_wider_than_the_bound(round_, users):
    """Without <dimension>, openpyxl pads each row to its last cell: one cell in column XFD on
    each of 5,000 rows took 12 s."""
    data = province_template(round_, users)
    part = sheet_part(data, SHEET)
    far = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(40, 5040))

    def edit(name, body):
        if name != part:
            return body
        body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", body)
        return body.replace(b"</sheetData>", far + b"</sheetData>")

    started = time.perf_counter()
    _fmt, sheets = read_upload(rezip(data, edit), "far.xlsx")
    assert time.perf_counter() - started < 3
    sheet = next(s for s in sheets if s.title == SHEET)
    assert [p.code for p in sheet.problems] == ["too-many-rows"]


def test_a_sheet_part_over_the_bound_is_refused_naming_the_sheet(round_, users, no_parsing):
    # Random text does not compress, so no ratio gives it away: only the part's size does.
    filler = os.urandom(700 * 1024).hex().encode()[: 1200 * 1024]
    data = with_comment(province_template(round_, users), SHEET, filler)
    with pytest.raises(FileTooLarge) as refused:
        read_upload(data, "big-sheet.xlsx")
    assert refused.value.problem.code == "part-too-big"
    assert refused.value.problem.message == (
        f"แผ่นงาน {SHEET} ในไฟล์ big-sheet.xlsx มีขนาด 1.3 MB เกินกำหนด 1 MB"
    )


def test_a_workbook_of_many_parts_or_packed_too_tightly_is_refused(round_, users, no_parsing):
    template = province_template(round_, users)
    many = rezip(template, lambda n, b: b, [(f"x/{k}.xml", b"") for k in range(bounds.MAX_PARTS)])
    with pytest.raises(FileTooLarge, match="ส่วนประกอบ 213 ส่วน เกินกำหนด 200 ส่วน"):
        read_upload(many, "many.xlsx")
    tight = template
    for title in ("กลุ่มงานประสานฯ", "กลุ่มงานยุทธศาสตร์", SHEET):  # 2.8 MB from ~18 KB
        tight = with_comment(tight, title, b"a" * (900 * 1024))
    with pytest.raises(FileTooLarge, match="บีบอัดไว้มากผิดปกติ") as refused:
        read_upload(tight, "tight.xlsx")
    assert refused.value.problem.code == "compression-ratio"


def test_a_csv_wider_than_the_bound_is_refused(round_, users):
    wide = b"round,district,indicator,level,value,note" + b",x" * 200 + b"\n"
    with pytest.raises(FileTooLarge, match=r"ไฟล์ wide\.csv มี 206 คอลัมน์ เกินกำหนด 100 คอลัมน์"):
        read_upload(wide, "wide.csv")


def test_our_templates_are_far_inside_the_bounds(round_, users):
    for name in ("province", "d2001", "wg-promotion"):
        data = services.results_template(round_=round_, user=users[name], fmt="xlsx").content
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
        assert len(data) * 100 < bounds.MAX_BYTES
        assert sum(p.file_size for p in parts) * 20 < bounds.MAX_UNPACKED
        assert max(p.file_size for p in parts) * 20 < bounds.MAX_PART_BYTES
        assert len(parts) * 10 < bounds.MAX_PARTS
        started = time.perf_counter()
        _fmt, sheets = read_upload(data, f"{name}.xlsx")
        assert time.perf_counter() - started < 0.5
        assert all(not s.problems for s in sheets)


def test_a_full_round_template_grown_tenfold_is_still_accepted(round_, users):
    """Ten times the rows on every sheet of the province's template (what a province of ten
    times Chonburi's districts and indicators would download): read, not refused."""
    wb = load_workbook(io.BytesIO(province_template(round_, users)))
    for ws in wb.worksheets[1:]:
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
        for _copy in range(9):
            for row in rows:
                ws.append(row)
    grown = xlsx_bytes(wb)
    started = time.perf_counter()
    _fmt, sheets = read_upload(grown, "grown.xlsx")
    assert time.perf_counter() - started < 2
    assert sum(len(s.rows) for s in sheets) == 660
