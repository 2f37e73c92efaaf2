"""The `pramoen` command: check-doc and score, their formats and exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pramoen.cli import main

ROOT = Path(__file__).parent.parent.parent
DOC = str(ROOT / "tests" / "fixtures" / "kpi-2568-1.txt")
SAMPLE = str(ROOT / "examples" / "results-2568-1.csv")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_doc_json_has_the_documented_shape(capsys):
    code, out, _ = run(capsys, "check-doc", DOC, "--format", "json")
    assert code == 1  # the FY2568 summary has errors
    data = json.loads(out)
    assert data["fiscal_year"] == 2568
    assert data["round"] == 1
    assert data["period"] == {"start": "2024-10-01", "end": "2025-03-31"}
    assert data["position"] == "พัฒนาการจังหวัด กับ พัฒนาการอำเภอ"
    assert [i["id"] for i in data["indicators"]] == [
        "T1",
        "T2",
        "I1",
        "I2a",
        "I2b",
        "I3a",
        "I3b",
        "I4",
        "I5",
        "I6",
        "I7",
    ]
    t1 = data["indicators"][0]
    assert set(t1) == {
        "id",
        "group",
        "number",
        "title",
        "weight",
        "source",
        "applies_to",
        "kind",
        "levels",
    }
    assert (t1["group"], t1["number"], t1["weight"], t1["source"], t1["kind"]) == (
        "team",
        1,
        60,
        "กลุ่มงานประสานฯ",
        "threshold",
    )
    assert t1["levels"][3]["criteria"] == [
        {"measure": "ร้อยละของการใช้จ่ายงบประมาณ", "op": ">=", "value": 85, "unit": "%"}
    ]
    assert data["weights"]["2005"] == {"team": 100, "individual": 85}
    assert data["weights"]["2001"] == {"team": 100, "individual": 100}
    codes = sorted(f["code"] for f in data["findings"])
    assert codes == sorted(
        [
            "weights-not-100",
            "weights-not-100",
            "unknown-district",
            "non-monotonic",
            "duplicate-level-text",
            "split-unspecified",
        ]
    )
    assert set(data["findings"][0]) == {
        "severity",
        "code",
        "indicator",
        "district",
        "group",
        "level",
        "message",
    }


def test_check_doc_text_is_a_thai_summary(capsys):
    code, out, _ = run(capsys, "check-doc", DOC)
    assert code == 1
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘ รอบการประเมินที่ ๑" in out
    assert "๑ ตุลาคม ๒๕๖๗ – ๓๑ มีนาคม ๒๕๖๘" in out
    assert "2005 พานทอง" in out and "← ไม่ครบ ๑๐๐" in out
    assert "ข้อผิดพลาด ๓ รายการ คำเตือน ๓ รายการ" in out


def test_check_doc_exits_0_on_a_clean_document(tmp_path, capsys):
    text = (ROOT / "tests" / "fixtures" / "kpi-2568-1.txt").read_text(encoding="utf-8")
    clean = text.replace(" อำเภอบ้านนา", "").replace(
        "อำเภอพนัสนิคม", "อำเภอพนัสนิคม อำเภอพานทอง อำเภอศรีราชา"
    )
    path = tmp_path / "clean.txt"
    path.write_text(clean, encoding="utf-8")
    code, out, _ = run(capsys, "check-doc", str(path), "--format", "json")
    assert code == 0
    assert {f["severity"] for f in json.loads(out)["findings"]} == {"warning"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "ว่างเปล่า"), (b"\x89PNG\r\n\x1a\n\x00\x00", "ไบนารี"), ("ไม่มีตัวชี้วัด".encode(), "ไม่พบตัวชี้วัด")],
)
def test_check_doc_exits_2_with_one_line_when_it_cannot_read(tmp_path, capsys, content, reason):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, "check-doc", str(path))
    assert code == 2
    assert out == ""
    assert reason in err
    assert err.count("\n") == 1


def test_check_doc_takes_another_province_list(tmp_path, capsys):
    csv = tmp_path / "districts.csv"
    csv.write_text("code,name_th,name_en\n2604,บ้านนา,Ban Na\n", encoding="utf-8")
    code, out, _ = run(capsys, "check-doc", DOC, "--districts", str(csv), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert list(data["weights"]) == ["2604"]
    assert next(i for i in data["indicators"] if i["id"] == "I3a")["applies_to"] == ["2604"]


def test_a_bad_district_list_exits_2(tmp_path, capsys):
    csv = tmp_path / "districts.csv"
    csv.write_text("id,name\n1,x\n", encoding="utf-8")
    code, _, err = run(capsys, "check-doc", DOC, "--districts", str(csv))
    assert code == 2
    assert "code, name_th, name_en" in err


def test_score_json_has_the_documented_shape(capsys):
    code, out, _ = run(capsys, "score", "--doc", DOC, "--results", SAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["shares"] == {"team": 0.5, "individual": 0.5, "default": True}
    assert len(data["districts"]) == 11
    mueang = data["districts"][0]
    assert (mueang["code"], mueang["name_th"]) == ("2001", "เมืองชลบุรี")
    assert mueang["team"]["score"] == 88
    assert mueang["team"]["weight_total"] == 100
    assert mueang["team"]["indicators"] == [
        {"id": "T1", "level": 4, "weight": 60},
        {"id": "T2", "level": 5, "weight": 40},
    ]
    assert mueang["individual"]["score"] == 83
    assert (mueang["achievement"], mueang["rating"]) == (85.5, "ดีมาก")
    phan_thong = next(d for d in data["districts"] if d["code"] == "2005")
    assert (phan_thong["individual"]["score"], phan_thong["achievement"]) == (57.65, 72.82)
    # the sample leaves out Ko Chan's I4 on purpose
    missing = [f for f in data["findings"] if f["code"] == "missing-result"]
    assert [(f["district"], f["indicator"]) for f in missing] == [("2011", "I4")]


def test_score_team_share_is_not_a_default(capsys):
    code, out, _ = run(
        capsys,
        "score",
        "--doc",
        DOC,
        "--results",
        SAMPLE,
        "--format",
        "json",
        "--team-share",
        "0.6",
    )
    assert code == 0
    data = json.loads(out)
    assert data["shares"] == {"team": 0.6, "individual": 0.4, "default": False}
    assert data["districts"][0]["achievement"] == 86  # 0.6 × 88 + 0.4 × 83


def test_score_text_shows_the_ranking_table(capsys):
    code, out, _ = run(capsys, "score", "--doc", DOC, "--results", SAMPLE)
    assert code == 0
    assert "(ค่าเริ่มต้น)" in out
    assert "2005  พานทอง" in out and "72.82" in out


def test_score_with_bad_rows_exits_2_listing_each_and_prints_no_scores(tmp_path, capsys):
    results = tmp_path / "results.csv"
    results.write_text(
        "district,indicator,level,value\n2001,T1,9,\n2001,T2,,ร้อย\n2005,I3a,3,\n,,,\n2099,T1,1,\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "score", "--doc", DOC, "--results", str(results))
    assert code == 2
    assert out == ""
    lines = err.strip().split("\n")
    assert [line.split(": ")[2] for line in lines] == ["แถว 2", "แถว 3", "แถว 4", "แถว 6"]


def test_score_with_a_bad_share_or_missing_file_exits_2(capsys):
    code, out, err = run(capsys, "score", "--doc", DOC, "--results", SAMPLE, "--team-share", "2")
    assert (code, out) == (2, "")
    assert "0 ถึง 1" in err
    code, _, err = run(capsys, "score", "--doc", DOC, "--results", "/nonexistent.csv")
    assert code == 2 and "เปิดไฟล์ไม่ได้" in err


def test_the_installed_command_runs(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pramoen",
            "score",
            "--doc",
            DOC,
            "--results",
            SAMPLE,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["districts"][3]["rating"] == "ดีเด่น"
