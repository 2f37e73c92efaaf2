"""The history in sentences: every kind of event the code records has one, and the page reads
as sentences (Buddhist-era dates, names, files by name and size), in Thai and in English."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from pramoen.evaluation import services
from pramoen.evaluation.history_text import SENTENCES, describe, file_size, history_lines
from pramoen.evaluation.models import HistoryEvent, Indicator
from pramoen.testing import factories

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pramoen"
# the callables that record an event, with the position of the action (kind) argument
RECORDERS = {"record": 2, "event": 2, "history_event": 2, "_record_changes": 2}


def recorded_kinds() -> dict[str, str]:
    """Every action literal the code records -> where (file:line): ``history.record(round,
    user, "kind", …)`` and its relatives, ``HistoryEvent(…, action="kind")`` and
    ``HistoryEvent.objects.create(…, action="kind")``."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or path.name == "history_text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            position = RECORDERS.get(name)
            if position is not None and len(node.args) > position:
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, where)
            for keyword in node.keywords:
                if (
                    keyword.arg == "action"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                    and name in ("HistoryEvent", "create", *RECORDERS)
                ):
                    found.setdefault(keyword.value.value, where)
    return found


def test_the_scan_finds_the_kinds_the_services_record():
    kinds = recorded_kinds()
    # one from each recording door: the services, the changes helper, the exchange, synth
    assert {"evaluation_approved", "result_saved", "bulk_import", "round_restored"} <= set(kinds)


def test_every_recorded_kind_has_a_sentence():
    missing = {k: where for k, where in recorded_kinds().items() if k not in SENTENCES}
    assert missing == {}, f"history kinds without a sentence in history_text.SENTENCES: {missing}"


def test_a_file_is_named_with_a_size_a_person_reads():
    assert file_size(8488) == "8 KB"
    assert file_size(512) == "512 ไบต์"
    assert file_size(3 * 1024 * 1024 + 200_000) == "3.2 MB"


def _event(**fields):
    return HistoryEvent(**{"action": "result_saved", "indicator_code": "I5", **fields})


def test_each_field_of_a_saved_result_has_its_own_sentence():
    assert describe(_event(field="value", old=None, new="9.5000")) == (
        "บันทึกผลการดำเนินงานของ I5 เป็น 9.5"
    )
    assert describe(_event(field="value", old="9.5000", new="11")) == (
        "บันทึกผลการดำเนินงานของ I5 จาก 9.5 เป็น 11"
    )
    assert describe(_event(field="met", old=[], new=[1, 2])) == "บันทึกระดับที่ทำได้ของ I5 เป็น 1, 2"
    assert describe(_event(field="self_level", old="3", new="4")) == (
        "ระดับที่คำนวณได้ของ I5 จาก 3 เป็น 4"
    )
    with translation.override("en"):
        assert describe(_event(field="met", old=[1], new=[1, 2])) == (
            "Changed the levels reached of I5 from 1 to 1, 2"
        )


def test_an_event_of_an_unexpected_shape_still_reads():
    odd = HistoryEvent(action="round_settings", field="bands", new=[["x"]])
    assert describe(odd)  # never a 500 on a hand-edited or old event
    assert describe(HistoryEvent(action="from_a_newer_server", indicator_code="I1"))


INTERNAL = re.compile(r"evaluation_\w+|result_\w+|evidence_\w+|\{'|\[\]|→| · status")


@pytest.fixture
def walked(round_, users, tmp_path):
    """2001's round as people walk it: entries and evidence, submit, a return and a fix,
    verification, approval, a reopen; the province officer has a name."""
    boss = users["province"]
    boss.first_name, boss.last_name = "สมชาย", "ใจดี"
    boss.save()
    officer = users["d2001"]
    factories.shared_results_entered(round_=round_, users=users)
    evaluation = factories.results_entered(round_=round_, user=officer)
    services.evidence_add_file(
        evaluation=evaluation,
        indicator=Indicator.objects.get(round=round_, code="I5"),
        user=officer,
        upload=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n" + b"x" * 8479, "application/pdf"),
    )
    factories.evaluation_submitted(round_=round_, user=officer)
    factories.results_verified(round_=round_, users=users, district="2001")
    evaluation = factories.evaluation_of(round_, "2001")
    services.evaluation_approve(evaluation=evaluation, user=boss, version=evaluation.version)
    evaluation = factories.evaluation_of(round_, "2001")
    services.evaluation_reopen(
        evaluation=evaluation, user=boss, reason="แก้ค่า I5", version=evaluation.version
    )
    factories.results_entered(
        round_=round_, user=officer, entries={"I5": services.ResultInput(value=Decimal(11))}
    )
    return factories.evaluation_of(round_, "2001")


def _history_of(page: str) -> str:
    """The history as the reader sees it: its text, without the markup."""
    section = page[page.index('id="history"') : page.index("</ol>", page.index('id="history"'))]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))


def _history_fragment(client, evaluation) -> str:
    """What the evaluation page loads into its history box when the reader reaches it."""
    page = client.get(reverse("evaluation", args=[evaluation.round_id, "2001"])).content.decode()
    url = reverse("evaluation_history", args=[evaluation.round_id, "2001"])
    assert f'hx-get="{url}"' in page and 'hx-trigger="revealed"' in page
    assert 'id="history"' not in page  # not read on every load of the page
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_the_evaluation_page_tells_the_history_in_thai_sentences(walked, client_for):
    history = _history_of(_history_fragment(client_for("province"), walked))
    assert re.search(r"อนุมัติผลการประเมิน โดย สมชาย ใจดี เมื่อ \d+ \S+ 25\d\d \d\d:\d\d", history)
    assert "แนบหลักฐาน evidence.pdf (8 KB) ในตัวชี้วัด I5" in history
    assert "บันทึกผลการดำเนินงานของ I5 จาก 9.5 เป็น 11" in history
    assert "เปิดการประเมินที่อนุมัติแล้วใหม่" in history and "แก้ค่า I5" in history
    assert "ตรวจสอบผล I5 ได้ระดับ 5" in history
    assert not INTERNAL.search(history), INTERNAL.search(history)


def test_the_history_reads_in_english_in_english_mode(walked, client_for):
    client = client_for("province")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    history = _history_of(_history_fragment(client, walked))
    assert "Approved the evaluation by สมชาย ใจดี on" in history
    assert "Attached evidence evidence.pdf (8 KB) to indicator I5" in history
    assert " BE " in history  # Buddhist-era dates in English too
    assert not INTERNAL.search(history)


def test_every_event_of_a_walked_round_has_its_sentence(walked):
    events = HistoryEvent.objects.filter(round=walked.round).select_related("actor")
    lines = history_lines(events)
    assert {line.event.action for line in lines} >= {
        "round_imported",
        "round_status",
        "shared_result_saved",
        "result_saved",
        "evidence_added",
        "evaluation_submitted",
        "result_verified",
        "evaluation_approved",
        "evaluation_reopened",
    }
    for line in lines:
        assert not line.what.startswith("รายการ "), line.event.action  # the fallback
        assert not INTERNAL.search(line.sentence), line.sentence


def test_the_history_page_without_script_shows_every_event_in_the_site_layout(walked, client_for):
    client = client_for("d2001")
    page = client.get(reverse("evaluation_history", args=[walked.round_id, "2001"]))
    text = page.content.decode()
    assert page.status_code == 200 and "<h1>" in text  # a page of its own, not a fragment
    events = HistoryEvent.objects.filter(evaluation=walked).count()
    assert text.count("<li data-action=") == events > 5
    assert "ดูประวัติทั้งหมด" not in text


def test_another_district_cannot_read_the_history(walked, client_for):
    url = reverse("evaluation_history", args=[walked.round_id, "2001"])
    assert client_for("d2002").get(url, HTTP_HX_REQUEST="true").status_code == 404
