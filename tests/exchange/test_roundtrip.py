"""Export a round, load it into an empty instance, get the same scores to the last decimal."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.accounts.models import District, Membership, PersonEvent, Province, WorkGroup
from pramoen.accounts.services import province_setup
from pramoen.evaluation import services as ev_services
from pramoen.evaluation.models import HistoryEvent, Indicator, Result, Round
from pramoen.evaluation.selectors import round_scorecard, score_evaluation
from pramoen.evaluation.services import ResultInput
from pramoen.exchange import services
from pramoen.exchange.models import ImportBatch
from pramoen.exchange.restore import RestoreError
from pramoen.reports.data import round_reports
from pramoen.reports.models import ReportJob
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


def a_round_in_progress(round_, users):
    """The real FY2568 round with a bit of everything: custom shares and interpolation,
    province-wide results, an approved district, a submitted one with a verifier's different
    level, a returned result, drafts, an untouched district, evidence."""
    ev_services.round_settings_update(
        round_=round_, user=users["province"], team_share=Decimal("0.6"), bands=None,
        interpolate=True,
    )  # fmt: skip
    round_.refresh_from_db()
    t1, t2 = (Indicator.objects.get(round=round_, code=c) for c in ("T1", "T2"))
    ev_services.shared_result_save(
        indicator=t1,
        user=users["wg-coordination"],
        data=ResultInput(value=Decimal("87.5"), note="GFMIS"),
        version=0,
    )  # fmt: skip  (87.5 % interpolates to level 4.5)
    ev_services.shared_result_save(
        indicator=t2, user=users["wg-strategy"], data=ResultInput(value=Decimal(91)), version=0
    )
    # 2001: entered, submitted, verified, approved
    factories.results_entered(round_=round_, user=users["d2001"])
    factories.evaluation_submitted(round_=round_, user=users["d2001"])
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = factories.evaluation_of(round_, "2001")
    ev_services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    # 2005: submitted; I5 verified lower with a reason, I4 returned, the rest verified
    entries = {
        "I1": ResultInput(met=frozenset({1, 2})),
        "I2b": ResultInput(values={"ประชาสัมพันธ์": Decimal(4)}, met=frozenset({1, 2, 3})),
        "I4": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
        "I5": ResultInput(value=Decimal("11.25"), note="ยอดหนี้ ณ 31 มี.ค."),
        "I6": ResultInput(met=frozenset({1})),
    }
    factories.results_entered(round_=round_, user=users["d2005"], entries=entries)
    factories.evaluation_submitted(round_=round_, user=users["d2005"])
    i5 = Result.objects.get(indicator__code="I5", district__code="2005")
    ev_services.result_verify(
        result=i5, user=users["wg-coordination"], level=Decimal("3.5"), comment="ตรวจยอดจริง",
        version=i5.version,
    )  # fmt: skip
    i4 = Result.objects.get(indicator__code="I4", district__code="2005")
    ev_services.result_return(
        result=i4, user=users["wg-information"], reason="ไม่มีรายชื่อ", version=i4.version
    )
    factories.results_verified(round_=round_, users=users, district="2005")
    # 2002: drafts with evidence; the other districts have nothing yet
    ev = factories.results_entered(
        round_=round_,
        user=users["d2002"],
        entries={"I1": factories.ENTRIES_2001["I1"], "I5": factories.ENTRIES_2001["I5"]},
    )
    ev_services.evidence_add_file(
        evaluation=ev, indicator=Indicator.objects.get(round=round_, code="I5"),
        user=users["d2002"], upload=SimpleUploadedFile("proof.pdf", b"%PDF-1.4 x"),
        max_bytes=10_000,
    )  # fmt: skip


def scores(round_):
    """Every district's official and reported scores, and the reports' achievements."""
    scorecard = round_scorecard(round_)
    results = list(Result.objects.filter(indicator__round=round_).select_related("indicator"))
    out = {}
    for ev in round_.evaluations.select_related("district"):
        own = [r for r in results if r.district_id in (None, ev.district_id)]
        s = score_evaluation(scorecard, round_, ev.district, own)
        out[ev.district.code] = (ev.status, s.official, s.reported)
    reports = {r.district.code: r.achievement for r in round_reports(round_)}
    return out, reports


def wipe():
    """An empty instance: no province, district, work group, round, user."""
    ImportBatch.objects.all().delete()
    ReportJob.objects.all().delete()
    # The history is protected from every delete in the app; a fresh instance has none.
    HistoryEvent.objects.all().delete()
    Round.objects.all().delete()
    Membership.objects.all().delete()
    PersonEvent.objects.all().delete()  # the accounts' own history (PROTECTs its people)
    get_user_model().objects.all().delete()
    District.objects.all().delete()
    WorkGroup.objects.all().delete()
    Province.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_an_exported_round_imports_into_an_empty_instance_with_identical_scores(round_, users, fmt):
    a_round_in_progress(round_, users)
    before, reports_before = scores(round_)
    exported = services.round_export(round_=round_, fmt=fmt).content
    original = json.loads(services.round_export(round_=round_, fmt="json").content)
    # the scores are not all round numbers: interpolation and shares leave long decimals
    assert before["2001"][1].achievement != before["2001"][1].achievement.quantize(Decimal(1))
    assert before["2005"][1] != before["2005"][2]  # verified differs from reported

    wipe()
    assert not Round.objects.exists() and not Province.objects.exists()
    restored = services.round_import_export(data=exported, user=None)

    after, reports_after = scores(restored)
    assert after == before  # DistrictScore: every group score, level and rating, exact Decimals
    assert reports_after == reports_before
    assert all(isinstance(s.achievement, Decimal) for _st, s, _r in after.values())
    # and exporting the restored round gives the same data (who did it is not carried over)
    again = json.loads(services.round_export(round_=restored, fmt="json").content)
    for data in (original, again):
        data.pop("exported_at")
        for item in data["results"]:
            item.update(verified_by="", updated_by="", evidence=0)
        for item in data["evaluations"]:
            item["approved_by"] = ""
    assert again == original


def test_an_export_is_not_loaded_over_an_existing_round(round_, users):
    exported = services.round_export(round_=round_, fmt="json").content
    with pytest.raises(RestoreError, match="มีอยู่แล้ว"):
        services.round_import_export(data=exported, user=None)


def test_an_export_whose_scores_do_not_add_up_is_not_loaded(round_, users):
    a_round_in_progress(round_, users)
    data = json.loads(services.round_export(round_=round_, fmt="json").content)
    wipe()
    i5 = next(r for r in data["results"] if r["indicator"] == "I5" and r["district"] == "2005")
    i5["verified_level"] = "5"  # tampered: the exported scores no longer follow
    with pytest.raises(RestoreError, match="2005"):
        services.round_import_export(data=data, user=None)
    assert not Round.objects.exists() and not Province.objects.exists()


def test_a_broken_export_is_refused_with_a_message(round_, users):
    data = json.loads(services.round_export(round_=round_, fmt="json").content)
    wipe()
    for broken in (b"{", b"[]", json.dumps({**data, "version": 99}).encode()):
        with pytest.raises(RestoreError):
            services.round_import_export(data=broken, user=None)
    del data["indicators"][0]["levels"]
    with pytest.raises(RestoreError, match="levels"):
        services.round_import_export(data=data, user=None)
    assert not Round.objects.exists()


def test_the_csv_export_lists_every_result_and_imports_back_as_no_change(round_, users):
    a_round_in_progress(round_, users)
    content = services.round_export(round_=round_, fmt="csv").content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 66
    t1 = next(r for r in rows if r["indicator"] == "T1")
    assert (t1["district"], t1["value"], t1["verified_level"], t1["status"]) == (
        "", "87.5", "4.5", "ตรวจสอบแล้ว",
    )  # fmt: skip
    i5 = next(r for r in rows if r["indicator"] == "I5" and r["district"] == "2005")
    assert (i5["value"], i5["reported_level"], i5["verified_level"]) == ("11.25", "4", "3.5")
    assert i5["evaluation_status"] == "returned"  # I4 went back to the district
    batch = services.import_check(
        round_=round_, user=users["province"], data=content, name="export.csv"
    )
    assert (batch.errors, batch.changes) == ([], [])


def test_the_excel_export_keeps_the_source_document_exactly(round_, users):
    """pdftotext separates pages with form feeds, which an Excel cell cannot hold."""
    text = round_.source_text.replace("\n", "\f\n", 3)
    Round.objects.filter(pk=round_.pk).update(source_text=text)
    round_.refresh_from_db()
    Result.objects.create(
        indicator=Indicator.objects.get(round=round_, code="T1"), note="ก\x0bข", version=1
    )
    exported = services.round_export(round_=round_, fmt="xlsx").content
    wipe()
    restored = services.round_import_export(data=exported, user=None)
    assert restored.source_text == text
    assert Result.objects.get(indicator__round=restored).note == "กข"  # not an Excel character


def test_an_export_loads_where_only_the_province_is_set_up(round_, users):
    a_round_in_progress(round_, users)
    before, _reports = scores(round_)
    exported = services.round_export(round_=round_, fmt="json").content
    wipe()
    province = province_setup()  # what `pramoen setup-province` does
    restored = services.round_import_export(data=exported, user=None)
    assert restored.province == province and scores(restored)[0] == before
    assert District.objects.count() == 11 and WorkGroup.objects.count() == 4
