"""Importing a KPI summary in the web app: upload, preview with findings, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.evaluation.models import Round
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db


def fixed_document() -> bytes:
    text = DOC.read_text("utf-8")
    text = text.replace(" อำเภอบ้านนา", "").replace(
        "อำเภอพนัสนิคม", "อำเภอพนัสนิคม อำเภอพานทอง อำเภอศรีราชา"
    )
    return text.encode()


def test_the_preview_lists_every_finding_and_errors_block_the_import(users, client_for):
    client = client_for("province")
    response = client.post(
        reverse("round_import"), {"document": SimpleUploadedFile("kpi.txt", DOC.read_bytes())}
    )
    page = response.content.decode()
    for code in (
        "weights-not-100",
        "unknown-district",
        "non-monotonic",
        "duplicate-level-text",
        "split-unspecified",
    ):
        assert f'data-code="{code}"' in page
    assert "นำเข้าไม่ได้จนกว่าจะแก้ไขเอกสาร" in page
    assert 'id="confirm-import"' not in page
    # confirming anyway is refused and nothing is created
    response = client.post(reverse("round_import"), {"confirm": "1"})
    assert response.status_code == 422
    assert not Round.objects.exists()


def test_a_clean_document_is_imported_as_a_round_that_is_not_yet_open(users, client_for):
    client = client_for("province")
    preview = client.post(
        reverse("round_import"), {"document": SimpleUploadedFile("kpi.txt", fixed_document())}
    )
    assert 'id="confirm-import"' in preview.content.decode()
    response = client.post(reverse("round_import"), {"confirm": "1"})
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "round_detail", args=[round_.pk]
    )
    assert (round_.fiscal_year, round_.number, round_.status) == (2568, 1, "draft")
    assert round_.indicators.count() == 11
    # a draft round is the province's only
    assert (
        client_for("d2001").get(reverse("evaluation", args=[round_.pk, "2001"])).status_code == 404
    )


@pytest.mark.parametrize(
    ("content", "message"), [(b"\x00\x01binary", "ไบนารี"), (b"hello", "ไม่พบตัวชี้วัด")]
)
def test_what_is_not_a_kpi_summary_gets_a_clear_error(users, client_for, content, message):
    response = client_for("province").post(
        reverse("round_import"), {"document": SimpleUploadedFile("x.txt", content)}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
