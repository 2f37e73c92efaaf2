"""Writing results through the API: levels, versions (409, never a silent overwrite), field
errors, the workflow's refusals, and evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.evaluation import services
from pramoen.evaluation.models import Evaluation, Evidence, HistoryEvent, Indicator, Result

pytestmark = pytest.mark.django_db

I4_HOUSEHOLDS = "มีการพัฒนา และหรือช่วยเหลือครัวเรือนยากจนเป้าหมาย"


@pytest.fixture
def evaluation(round_):
    return Evaluation.objects.select_related("round", "district").get(
        round=round_, district__code="2001"
    )


@pytest.fixture
def officer(api_for, users):
    return api_for("d2001")


def url(evaluation, code, tail=""):
    return f"/api/evaluations/{evaluation.pk}/results/{code}{tail}"


def put(client, evaluation, code, body):
    return client.put(url(evaluation, code), body, content_type="application/json")


def stored(code):
    return Result.objects.get(indicator__code=code, district__code="2001")


def test_a_threshold_result_is_saved_with_the_level_the_core_gives(evaluation, officer):
    response = put(officer, evaluation, "I5", {"version": 0, "value": "9.5", "note": "ทะเบียน"})
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"] == "I5" and body["status"] == "draft"
    assert body["value"] == 9.5 and body["self_level"] == 5  # overdue debt below 10%
    assert body["version"] == 1 and body["note"] == "ทะเบียน"
    result = stored("I5")
    assert result.value == Decimal("9.5") and result.self_level == 5
    assert HistoryEvent.objects.filter(result=result, field="value", new="9.5").exists()


def test_a_stale_version_gets_409_and_the_stored_result_stays(evaluation, officer, api_for):
    assert put(officer, evaluation, "I5", {"version": 0, "value": 12}).status_code == 200
    # a second copy of the same page, read before that save
    response = put(api_for("d2001"), evaluation, "I5", {"version": 0, "value": 9})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["message_th"].startswith("มีผู้อื่นบันทึกผลของตัวชี้วัดนี้ไปก่อนแล้ว")
    assert body["message_en"].startswith("Someone else has already saved")
    result = stored("I5")
    assert result.value == Decimal(12) and result.version == 1 and result.self_level == 3


def test_two_writers_of_the_same_version_the_second_is_refused(evaluation, officer, api_for):
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    other = api_for("d2001")
    version = other.get(url(evaluation, "I5")).json()["version"]
    assert put(officer, evaluation, "I5", {"version": version, "value": 11}).status_code == 200
    late = put(other, evaluation, "I5", {"version": version, "value": 14})
    assert late.status_code == 409
    assert stored("I5").value == Decimal(11)
    current = other.get(url(evaluation, "I5")).json()["version"]
    assert put(other, evaluation, "I5", {"version": current, "value": 14}).status_code == 200


def test_validation_errors_name_every_field_in_thai_and_english(evaluation, officer):
    response = put(officer, evaluation, "I5", {"value": "สิบสอง", "met": [7]})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation"
    assert body["field"] == "version"
    errors = {e["field"]: e for e in body["errors"]}
    assert set(errors) == {"version", "value", "met.0"}
    assert errors["version"]["type"] == "missing"
    assert (errors["version"]["message_th"], errors["version"]["message_en"]) == (
        "ต้องระบุ",
        "Required",
    )
    assert errors["value"]["message_th"] == "ต้องเป็นตัวเลข"
    assert errors["value"]["message_en"] == "Must be a number"
    assert errors["met.0"]["message_th"] == "ต้องไม่เกิน 5"
    assert not Result.objects.exists()


def test_a_percentage_over_100_is_a_field_error(evaluation, officer):
    response = put(officer, evaluation, "I5", {"version": 0, "value": 150})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "value",
            "type": "less_than_equal",
            "message_th": "ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
            "message_en": "A percentage must be between 0 and 100",
        }
    ]
    assert not Result.objects.exists()


def test_a_ladder_takes_ticked_levels_and_numbers_per_measure(evaluation, officer, api_for):
    scorecard = api_for("province").get(f"/api/rounds/{evaluation.round_id}/scorecard").json()
    i4 = next(i for i in scorecard["indicators"] if i["id"] == "I4")
    assert I4_HOUSEHOLDS in i4["measures"]
    response = put(
        officer,
        evaluation,
        "I4",
        {"version": 0, "met": [1, 2, 3], "values": {I4_HOUSEHOLDS: "12"}},
    )
    assert response.status_code == 200
    assert response.json()["met"] == [1, 2, 3]
    assert response.json()["values"] == {I4_HOUSEHOLDS: 12}
    assert stored("I4").values == {I4_HOUSEHOLDS: "12"}


def test_a_ladder_refuses_a_measure_it_does_not_have_and_a_single_value(evaluation, officer):
    response = put(officer, evaluation, "I4", {"version": 0, "value": 3, "values": {"จำนวนวัว": 2}})
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert set(errors) == {"value", "values.จำนวนวัว"}
    assert errors["values.จำนวนวัว"]["type"] == "unknown_measure"
    assert I4_HOUSEHOLDS in errors["values.จำนวนวัว"]["message_th"]
    assert not Result.objects.exists()


def test_values_are_kept_to_four_places_and_scored_as_kept(evaluation, officer):
    response = put(officer, evaluation, "I5", {"version": 0, "value": "14.99996"})
    assert response.json()["value"] == 15  # 15% is not below 15%: level 2, not 3
    assert response.json()["self_level"] == 2
    assert stored("I5").value == Decimal("15.0000")


def test_a_province_wide_indicator_is_refused_as_a_workflow_conflict(evaluation, officer):
    response = put(officer, evaluation, "T1", {"version": 0, "value": 88})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "workflow"
    assert body["message_th"] == "ตัวชี้วัดนี้ใช้ผลระดับจังหวัด กลุ่มงานเจ้าของข้อมูลเป็นผู้บันทึก"
    assert body["message_en"].startswith("This indicator uses a province-wide result")
    assert not Result.objects.exists()


def test_an_indicator_that_does_not_apply_to_the_district_is_not_found(evaluation, officer):
    for code in ("I2b", "I7", "X9"):
        response = put(officer, evaluation, code, {"version": 0, "value": 1})
        assert response.status_code == 404
        assert officer.get(url(evaluation, code)).status_code == 404


def test_a_submitted_evaluation_cannot_be_changed(evaluation, officer, users):
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    for code, body in {
        "I1": {"met": [1]},
        "I2a": {"value": 4},
        "I3a": {"met": [1]},
        "I4": {"met": [1]},
        "I6": {"met": [1]},
    }.items():
        assert put(officer, evaluation, code, {"version": 0, **body}).status_code == 200
    evaluation.refresh_from_db()
    services.evaluation_submit(evaluation=evaluation, user=users["d2001"], version=0)
    version = stored("I5").version
    response = put(officer, evaluation, "I5", {"version": version, "value": 5})
    assert response.status_code == 409 and response.json()["code"] == "workflow"
    assert stored("I5").value == Decimal(12)
    assert officer.get(f"/api/evaluations/{evaluation.pk}").json()["can_edit"] is False


def test_evidence_is_uploaded_to_a_saved_result_and_listed(evaluation, officer):
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    response = officer.post(
        url(evaluation, "I5", "/evidence"),
        {"file": SimpleUploadedFile("หนังสือ.pdf", b"%PDF-1.4 evidence")},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "หนังสือ.pdf" and body["content_type"] == "application/pdf"
    assert Evidence.objects.get(pk=body["id"]).result == stored("I5")
    listed = officer.get(url(evaluation, "I5")).json()["evidence"]
    assert [e["id"] for e in listed] == [body["id"]]


def test_evidence_that_is_not_an_accepted_file_is_refused_naming_the_field(evaluation, officer):
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    response = officer.post(
        url(evaluation, "I5", "/evidence"),
        {"file": SimpleUploadedFile("script.pdf", b"#!/bin/sh\necho hi")},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "evidence-rejected" and body["field"] == "file"
    assert body["message_en"].startswith("Only PDF")
    assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_gets_413(evaluation, officer, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"0" * (1024 * 1024))
    response = officer.post(url(evaluation, "I5", "/evidence"), {"file": big})
    assert response.status_code == 413
    body = response.json()
    assert (body["code"], body["field"]) == ("too-large", "file")
    assert "1 MB" in body["message_th"] and "1 MB" in body["message_en"]
    assert not Evidence.objects.exists()


def test_evidence_needs_a_saved_result_first(evaluation, officer):
    response = officer.post(
        url(evaluation, "I5", "/evidence"), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 409 and response.json()["code"] == "workflow"


def test_an_upload_without_a_file_names_the_field(evaluation, officer):
    response = officer.post(url(evaluation, "I5", "/evidence"), {})
    assert response.status_code == 422
    assert response.json()["field"] == "file"


def test_the_results_list_has_every_applicable_indicator_with_shared_ones(
    evaluation, officer, users
):
    t1 = Indicator.objects.get(round=evaluation.round, code="T1")
    services.shared_result_save(
        indicator=t1,
        user=users["wg-coordination"],
        data=services.ResultInput(value=Decimal("87.5")),
        version=0,
    )
    put(officer, evaluation, "I5", {"version": 0, "value": 12})
    results = {r["indicator"]: r for r in officer.get(url(evaluation, "")[:-1]).json()}
    assert list(results) == ["T1", "T2", "I1", "I2a", "I3a", "I4", "I5", "I6"]
    assert results["T1"]["shared"] is True and results["T1"]["status"] == "verified"
    assert results["T1"]["verified_level"] == 4  # 87.5%: level 4 (no interpolation)
    assert results["I5"]["version"] == 1 and results["I5"]["status_en"] == "Draft"
    assert results["I1"]["status"] == "empty" and results["I1"]["version"] == 0
