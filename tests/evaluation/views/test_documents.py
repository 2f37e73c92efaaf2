"""The KPI summary as provinces hold it, through the web: a Word or PDF upload on the import
page, and the round's agreement downloaded from the round page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.core import officialdoc
from pramoen.core.agreement import agreement
from pramoen.evaluation.models import Round
from tests.evaluation.views.test_rounds import fixed_document
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db
FIXTURES = DOC.parent


def test_a_word_upload_is_previewed_with_the_text_forms_findings(users, client_for):
    client = client_for("province")
    data = (FIXTURES / "kpi-2568-1.docx").read_bytes()
    page = client.post(
        reverse("round_import"), {"document": SimpleUploadedFile("kpi.docx", data)}
    ).content.decode()
    for code in ("weights-not-100", "unknown-district", "non-monotonic", "split-unspecified"):
        assert f'data-code="{code}"' in page
    assert "เป็นไฟล์ไบนารี" not in page


def test_a_clean_pdf_is_imported_as_a_round(users, client_for, province):
    clean = officialdoc.parse(fixed_document().decode())
    pdf = agreement(clean, "pdf", province="ชลบุรี")
    client = client_for("province")
    preview = client.post(
        reverse("round_import"), {"document": SimpleUploadedFile("signed.pdf", pdf)}
    )
    assert 'id="confirm-import"' in preview.content.decode()
    assert client.post(reverse("round_import"), {"confirm": "1"}).status_code == 302
    round_ = Round.objects.get()
    assert (round_.source_name, round_.indicators.count()) == ("signed.pdf", 11)


@pytest.mark.parametrize(
    ("name", "says"),
    [("bad/scanned.pdf", "เป็นภาพสแกน"), ("bad/old-word.doc", "Word รุ่นเก่า")],
)
def test_a_file_that_is_no_summary_is_refused_on_the_page(users, client_for, name, says):
    response = client_for("province").post(
        reverse("round_import"),
        {"document": SimpleUploadedFile("upload", (FIXTURES / name).read_bytes())},
    )
    assert response.status_code == 422
    assert says in response.content.decode()
    assert not Round.objects.exists()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_province_downloads_the_rounds_agreement(round_, client_for, fmt):
    response = client_for("province").get(reverse("round_agreement", args=[round_.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="agreement-2568-1.{fmt}"'
    text = officialdoc.decode_document(response.content)
    assert [i.id for i in officialdoc.parse(text).indicators] == list(
        round_.indicators.values_list("code", flat=True)
    )


def test_the_round_page_links_the_agreement(round_, client_for):
    page = client_for("province").get(reverse("round_detail", args=[round_.pk])).content.decode()
    assert reverse("round_agreement", args=[round_.pk, "pdf"]) in page


def test_a_district_officer_may_not_download_it_and_an_unknown_format_is_404(round_, client_for):
    url = reverse("round_agreement", args=[round_.pk, "docx"])
    assert client_for("d2001").get(url).status_code == 403
    assert client_for("province").get(url.replace(".docx", ".odt")).status_code == 404


def test_one_copy_per_district_is_asked_by_the_query(round_, client_for):
    from docx import Document

    url = reverse("round_agreement", args=[round_.pk, "docx"]) + "?copies=each"
    doc = Document(io.BytesIO(client_for("province").get(url).content))
    assert sum(p.text.startswith("ข้อตกลงระหว่าง") for p in doc.paragraphs) == 11
