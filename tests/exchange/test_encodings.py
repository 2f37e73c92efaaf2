"""The encodings a results CSV arrives in: what Excel writes on Thai and other Windows, and
what it must not be mistaken for.

Excel saves "CSV UTF-8" (UTF-8 with a BOM), "CSV" on Thai Windows (cp874), and "Unicode Text"
(UTF-16 little-endian with a BOM, tab-separated). 8-bit text that is not Thai, read as cp874,
would become Thai letters where its accents were; it is refused instead.
"""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pramoen.api.services import token_create
from pramoen.exchange.models import ImportBatch
from pramoen.exchange.reader import looks_thai
from tests.web.conftest import DOC

from .helpers import check, template, where

pytestmark = pytest.mark.django_db

NOTE = "หนี้ค้างลดลง “ตามรายงาน”"  # curly quotes: cp874 has them, TIS-620 does not


def filled_text(round_, user, *, delimiter=",", note=NOTE) -> str:
    """Mueang Chonburi's CSV template with I5 filled in, as text."""
    rows = template(round_, user, fmt="csv")
    for row in rows:
        if row["indicator"] == "I5":
            row["value"], row["note"] = "9.5", note
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def i5_change(batch):
    return [(c["indicator"], c["new_value"], c["note"]) for c in batch.changes]


@pytest.mark.parametrize(
    ("encode", "delimiter"),
    [
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "\t"),  # Excel's Unicode Text
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "\t"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), ","),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), ","),  # Excel's CSV UTF-8
        (lambda t: t.encode("utf-8"), ","),
        (lambda t: t.encode("utf-8"), ";"),
        (lambda t: t.encode("cp874"), ","),  # Excel's CSV on Thai Windows
    ],
    ids=[
        "utf16le-tab",
        "utf16be-tab",
        "utf16le-comma",
        "utf8-bom",
        "utf8",
        "utf8-semicolon",
        "cp874",
    ],
)
def test_every_encoding_excel_writes_is_read_as_the_same_text(round_, users, encode, delimiter):
    data = encode(filled_text(round_, users["d2001"], delimiter=delimiter))
    batch = check(round_, users["d2001"], data, name="ผล.csv")
    assert batch.errors == []
    assert i5_change(batch) == [("I5", "9.5", NOTE)]


@pytest.mark.parametrize(
    ("note", "encoding"),
    [("café, résumé", "latin-1"), ("Zoë à l’école", "cp1252"), ("ÉCOLE", "latin-1")],
)
def test_8_bit_text_that_is_not_thai_is_refused_not_read_as_thai(round_, users, note, encoding):
    text = filled_text(round_, users["d2001"], note=note).replace(NOTE, note)
    text = "".join(c for c in text if ord(c) < 0x0E00)  # the template's Thai cannot be Latin-1
    batch = check(round_, users["d2001"], text.encode(encoding), name="latin.csv")
    assert batch.status == "rejected" and batch.changes == []
    assert where(batch) == [("", 0, "", "encoding")]
    message = batch.errors[0]["message"]
    assert message.startswith("อ่านตัวอักษรในไฟล์ latin.csv ไม่ได้")
    for accepted in ("UTF-8", "UTF-16", "TIS-620"):
        assert accepted in message


def test_utf16_without_its_bom_is_not_taken_for_text(round_, users):
    data = filled_text(round_, users["d2001"]).encode("utf-16-le")
    batch = check(round_, users["d2001"], data, name="nobom.csv")
    assert where(batch) == [("", 0, "", "unreadable")]


def test_the_import_page_and_the_api_take_excels_unicode_text(round_, users, client_for):
    text = filled_text(round_, users["d2001"], delimiter="\t")
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    page = client_for("d2001").post(
        reverse("exchange:import", args=[round_.pk]),
        {"file": SimpleUploadedFile("ผล.txt", data)},
    )
    batch = ImportBatch.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse(
        "exchange:batch", args=[batch.pk]
    )
    assert (batch.status, i5_change(batch)) == ("dry_run", [("I5", "9.5", NOTE)])
    token = token_create(user=users["d2001"], name="t")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"}).post(
        reverse("api:import_check", args=[round_.pk]),
        {"file": SimpleUploadedFile("ผล.txt", data)},
    )
    assert api.status_code == 201
    assert [(c["indicator"], c["note"]) for c in api.json()["changes"]] == [("I5", NOTE)]


def test_thai_text_looks_thai_and_latin_text_read_as_cp874_does_not():
    assert looks_thai(DOC.read_text(encoding="utf-8"))  # the real KPI summary, OCR and all
    assert looks_thai("ระดับความสำเร็จของผลิตภัณฑ์ชุมชน OTOPที่ผ่านการพัฒนามีรายได้เพิ่มขึ้น")
    for latin in ("café", "Größe", "año", "ação", "naïve résumé", "ÉCOLE", "Straße"):
        assert not looks_thai(latin.encode("latin-1").decode("cp874")), latin
    assert not looks_thai("plain ASCII, no Thai at all")
