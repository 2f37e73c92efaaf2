"""Every form of a summary through the CLI: check-doc and import-doc take text, Word and PDF
with the same findings and exit codes; export-doc writes the agreement from a file or a
round in the database."""

import json
from pathlib import Path

import pytest

from pramoen.cli import main
from pramoen.core import check, officialdoc
from pramoen.core.report import scorecard_dict
from pramoen.evaluation.models import Round

FIXTURES = Path(__file__).parent.parent / "fixtures"
FORMS = ["kpi-2568-1.txt", "kpi-2568-1.docx", "kpi-2568-1-weasyprint.pdf"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", FORMS)
def test_check_doc_gives_every_form_the_same_findings_and_exit_code(capsys, name):
    code, out, _ = run(capsys, "check-doc", FIXTURES / name, "--format", "json")
    assert code == 1  # the seed has errors, in every form
    codes = [f["code"] for f in json.loads(out)["findings"]]
    _, text_out, _ = run(capsys, "check-doc", FIXTURES / FORMS[0], "--format", "json")
    assert codes == [f["code"] for f in json.loads(text_out)["findings"]]


@pytest.mark.parametrize("name", ["bad/scanned.pdf", "bad/old-word.doc", "bad/encrypted.pdf"])
def test_check_doc_refuses_a_file_that_is_no_summary_with_exit_code_2(capsys, name):
    code, out, err = run(capsys, "check-doc", FIXTURES / name)
    assert code == 2 and out == ""
    assert err.startswith(f"pramoen: {FIXTURES / name}: ")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_export_doc_from_a_file_reads_back_to_the_same_scorecard(capsys, tmp_path, fmt):
    out_file = tmp_path / f"agreement.{fmt}"
    code, out, _ = run(
        capsys, "export-doc", FIXTURES / "kpi-2568-1.docx", "--format", fmt, "-o", out_file
    )
    assert code == 0 and str(out_file) in out
    back = officialdoc.parse(officialdoc.read_document(out_file))
    seed = officialdoc.parse(officialdoc.read_document(FIXTURES / "kpi-2568-1.txt"))
    assert scorecard_dict(back, check(back)) == scorecard_dict(seed, check(seed))


def test_export_doc_needs_a_source_or_a_round(capsys, tmp_path):
    code, _, err = run(capsys, "export-doc", "--format", "pdf", "-o", tmp_path / "x.pdf")
    assert code == 2 and "--round" in err


@pytest.mark.django_db
def test_import_doc_takes_a_word_file_and_export_doc_writes_the_rounds_agreement(
    capsys, tmp_path, province
):
    code, out, _ = run(
        capsys, "import-doc", FIXTURES / "kpi-2568-1.docx", "--accept-errors", "ทดสอบ"
    )
    assert code == 0 and "11 ตัวชี้วัด" in out
    round_ = Round.objects.get()
    assert round_.source_name == "kpi-2568-1.docx"
    out_file = tmp_path / "agreement.docx"
    code, _, _ = run(capsys, "export-doc", "--round", "2568-1", "--format", "docx", "-o", out_file)
    assert code == 0
    text = officialdoc.read_document(out_file)
    assert "พัฒนาการจังหวัดชลบุรี" not in text  # the signature block is not the summary's
    assert [i.id for i in officialdoc.parse(text).indicators] == list(
        round_.indicators.order_by("position").values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_import_doc_refuses_a_scanned_pdf_and_imports_nothing(capsys, province):
    code, _, err = run(capsys, "import-doc", FIXTURES / "bad" / "scanned.pdf")
    assert code == 2 and "เป็นภาพสแกน" in err
    assert not Round.objects.exists()
