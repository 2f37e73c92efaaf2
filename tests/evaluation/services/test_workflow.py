"""The round's workflow through the services: enter, submit, verify/return, approve, lock."""

from decimal import Decimal

import pytest

from pramoen.core import IndicatorResult, score_district
from pramoen.evaluation import services
from pramoen.evaluation.errors import (
    ConflictError,
    ImportBlocked,
    InvalidInput,
    NotAllowed,
    WorkflowError,
)
from pramoen.evaluation.models import HistoryEvent, Indicator, Result
from pramoen.evaluation.selectors import round_scorecard, score_evaluation
from pramoen.evaluation.services import ResultInput
from pramoen.testing import factories

pytestmark = pytest.mark.django_db


def evaluation(round_, code="2001"):
    return factories.evaluation_of(round_, code)


def indicator(round_, code):
    return Indicator.objects.get(round=round_, code=code)


def test_the_import_snapshots_indicators_and_creates_an_evaluation_per_district(round_):
    assert round_.status == "open"
    assert [i.code for i in round_.indicators.all()] == [
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
    assert round_.evaluations.count() == 11
    i3a = indicator(round_, "I3a")
    assert sorted(i3a.districts.values_list("code", flat=True)) == ["2001", "2004", "2006", "2009"]
    assert indicator(round_, "T1").shared and not indicator(round_, "I1").shared
    assert {f["code"] for f in round_.findings} >= {"weights-not-100", "unknown-district"}
    event = HistoryEvent.objects.get(round=round_, action="round_imported")
    assert event.reason == "ทดสอบด้วยเอกสารจริง"


def test_a_document_with_errors_is_blocked_without_a_reason(province):
    from tests.web.conftest import DOC

    with pytest.raises(ImportBlocked) as info:
        services.scorecard_import(
            province=province, text=DOC.read_text("utf-8"), source_name="x.txt", user=None
        )
    assert {f.code for f in info.value.findings} >= {"weights-not-100"}
    assert not province.rounds.exists()


def test_reimporting_never_changes_an_open_round(round_, province):
    from tests.web.conftest import DOC

    with pytest.raises(ImportBlocked, match="เปิดใช้แล้ว"):
        services.scorecard_import(
            province=province,
            text=DOC.read_text("utf-8"),
            source_name="again.txt",
            user=None,
            accept_errors_reason="x",
        )
    round_.refresh_from_db()
    assert round_.source_name == "kpi-2568-1.txt"


def test_the_whole_round_from_entry_to_lock(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    levels = {r.indicator.code: r.self_level for r in Result.objects.filter(district=ev.district)}
    assert levels == {"I1": 4, "I2a": 3, "I3a": 5, "I4": 3, "I5": 5, "I6": 5}

    ev = services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    assert ev.status == "submitted"
    with pytest.raises(WorkflowError):  # nothing can be changed while it is with the verifiers
        services.result_save(
            evaluation=evaluation(round_),
            indicator=indicator(round_, "I4"),
            user=users["d2001"],
            data=ResultInput(),
            version=99,
        )

    # the information group returns I4, everything else is verified
    i4 = Result.objects.get(indicator__code="I4", district=ev.district)
    services.result_return(
        result=i4, user=users["wg-information"], reason="ไม่มีรายชื่อครัวเรือน", version=i4.version
    )
    factories.results_verified(round_=round_, users=users, district="2001")
    assert evaluation(round_).status == "returned"

    # the district fixes I4 and resubmits; it is verified
    i4.refresh_from_db()
    services.result_save(
        evaluation=evaluation(round_),
        indicator=indicator(round_, "I4"),
        user=users["d2001"],
        data=ResultInput(met=frozenset({1, 2, 3, 4})),
        version=i4.version,
    )
    ev = evaluation(round_)
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    factories.results_verified(round_=round_, users=users, district="2001")

    ev = evaluation(round_)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    ev = evaluation(round_)
    assert ev.status == "approved" and ev.is_locked and not ev.is_editable

    # the official score equals the core's for the same levels
    scorecard = round_scorecard(round_)
    results = Result.objects.filter(indicator__round=round_).select_related("indicator")
    scores = score_evaluation(scorecard, round_, ev.district, results)
    core_score = score_district(
        scorecard,
        scorecard.district("2001"),
        {
            "T1": IndicatorResult(level=4),
            "T2": IndicatorResult(level=5),
            "I1": IndicatorResult(level=4),
            "I2a": IndicatorResult(level=3),
            "I3a": IndicatorResult(level=5),
            "I4": IndicatorResult(level=4),
            "I5": IndicatorResult(level=5),
            "I6": IndicatorResult(level=5),
        },
    )
    # team (4×60 + 5×40)/100×20 = 88; individual (4·15+3·15+5·15+4·20+5·15+5·20)/100×20 = 87
    assert scores.official.achievement == core_score.achievement == Decimal("87.5")
    assert scores.official.rating.label_th == "ดีมาก"

    actions = list(HistoryEvent.objects.filter(evaluation=ev).values_list("action", flat=True))
    for action in (
        "result_saved",
        "evaluation_submitted",
        "result_returned",
        "result_verified",
        "evaluation_approved",
    ):
        assert action in actions
    returned = HistoryEvent.objects.get(action="result_returned")
    assert (returned.actor, returned.reason, returned.old, returned.new) == (
        users["wg-information"],
        "ไม่มีรายชื่อครัวเรือน",
        "submitted",
        "returned",
    )


def test_approval_needs_every_indicator_verified(round_, users):
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    ev = services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    with pytest.raises(WorkflowError, match="T1"):  # shared T1/T2 not entered yet
        services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)


def test_submitting_needs_every_applicable_indicator(round_, users):
    ev = factories.results_entered(
        round_=round_, user=users["d2001"], entries={"I1": factories.ENTRIES_2001["I1"]}
    )
    with pytest.raises(WorkflowError, match="I2a"):
        services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)


def test_a_stale_save_is_refused_not_overwritten(round_, users):
    ev = evaluation(round_)
    i5 = indicator(round_, "I5")
    services.result_save(
        evaluation=ev,
        indicator=i5,
        user=users["d2001"],
        data=ResultInput(value=Decimal(11)),
        version=0,
    )
    # two people load version 1; the first saves, the second is refused
    services.result_save(
        evaluation=ev,
        indicator=i5,
        user=users["d2001"],
        data=ResultInput(value=Decimal(9)),
        version=1,
    )
    with pytest.raises(ConflictError):
        services.result_save(
            evaluation=ev,
            indicator=i5,
            user=users["d2001"],
            data=ResultInput(value=Decimal(30)),
            version=1,
        )
    result = Result.objects.get(indicator=i5, district=ev.district)
    assert (result.value, result.self_level, result.version) == (Decimal(9), 5, 2)


def test_reopen_needs_a_reason_and_sends_results_back(round_, users):
    factories.shared_results_entered(round_=round_, users=users)
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    factories.results_verified(round_=round_, users=users, district="2001")
    ev = evaluation(round_)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    ev = evaluation(round_)
    with pytest.raises(InvalidInput):
        services.evaluation_reopen(
            evaluation=ev, user=users["province"], reason=" ", version=ev.version
        )
    services.evaluation_reopen(
        evaluation=ev, user=users["province"], reason="แก้คะแนน I4", version=ev.version
    )
    ev = evaluation(round_)
    assert ev.status == "returned" and ev.is_editable
    assert set(Result.objects.filter(district=ev.district).values_list("status", flat=True)) == {
        "returned"
    }
    assert HistoryEvent.objects.get(action="evaluation_reopened").reason == "แก้คะแนน I4"


def test_a_verifier_who_changes_the_level_must_say_why(round_, users):
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    r = Result.objects.get(indicator__code="I5", district=ev.district)
    with pytest.raises(InvalidInput, match="เหตุผล"):
        services.result_verify(
            result=r, user=users["wg-coordination"], level=Decimal(4), comment="", version=r.version
        )
    services.result_verify(
        result=r,
        user=users["wg-coordination"],
        level=Decimal(4),
        comment="หลักฐานยอดหนี้ไม่ครบ",
        version=r.version,
    )
    r.refresh_from_db()
    assert (r.status, r.self_level, r.verified_level) == ("verified", 5, 4)


def test_history_cannot_be_rewritten_or_deleted(round_):
    event = HistoryEvent.objects.first()
    event.reason = "แก้ประวัติ"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_a_team_indicator_can_be_entered_per_district_if_chosen_before_opening(province, users):
    from tests.web.conftest import DOC

    round_ = services.scorecard_import(
        province=province,
        text=DOC.read_text("utf-8"),
        source_name="kpi.txt",
        user=None,
        accept_errors_reason="ทดสอบ",
    )
    t2 = indicator(round_, "T2")
    services.indicator_set_shared(indicator=t2, user=users["province"], shared=False)
    services.round_set_status(round_=round_, user=users["province"], status="open")
    ev = evaluation(round_)
    t2.refresh_from_db()
    services.result_save(
        evaluation=ev,
        indicator=t2,
        user=users["d2001"],
        data=ResultInput(value=Decimal(82)),
        version=0,
    )
    assert Result.objects.get(indicator=t2).district.code == "2001"
    with pytest.raises(WorkflowError, match="ก่อนเปิดรอบ"):
        services.indicator_set_shared(indicator=t2, user=users["province"], shared=True)
    with pytest.raises(WorkflowError):  # a shared indicator is the work group's to enter
        services.result_save(
            evaluation=ev,
            indicator=indicator(round_, "T1"),
            user=users["d2001"],
            data=ResultInput(value=Decimal(82)),
            version=0,
        )
    assert HistoryEvent.objects.get(action="indicator_entry").new is False


def test_only_the_owning_work_group_verifies_or_enters_shared_results(round_, users):
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    i5 = Result.objects.get(indicator__code="I5", district=ev.district)
    for intruder in ("wg-strategy", "province", "d2001"):
        with pytest.raises(NotAllowed, match="เจ้าของแหล่งข้อมูล"):
            services.result_verify(
                result=i5, user=users[intruder], level=i5.self_level, comment="", version=i5.version
            )
    with pytest.raises(NotAllowed, match="เจ้าของแหล่งข้อมูล"):
        services.shared_result_save(
            indicator=indicator(round_, "T1"),
            user=users["wg-strategy"],
            data=ResultInput(value=Decimal(90)),
            version=0,
        )
    # nor the province office: it approves, and a province-wide result counts as verified
    # the moment it is saved (the web, the API and the import all refuse it the same way)
    with pytest.raises(NotAllowed, match="เจ้าของแหล่งข้อมูล"):
        services.shared_result_save(
            indicator=indicator(round_, "T1"),
            user=users["province"],
            data=ResultInput(value=Decimal(90)),
            version=0,
        )
    assert not Result.objects.filter(indicator__code="T1").exists()


def test_nothing_is_verified_in_a_closed_round(round_, users):
    ev = factories.results_entered(round_=round_, user=users["d2001"])
    services.evaluation_submit(evaluation=ev, user=users["d2001"], version=ev.version)
    services.round_set_status(round_=round_, user=users["province"], status="closed")
    i5 = Result.objects.get(indicator__code="I5", district=ev.district)
    with pytest.raises(WorkflowError, match="ไม่ได้เปิดอยู่"):
        services.result_verify(
            result=i5,
            user=users["wg-coordination"],
            level=i5.self_level,
            comment="",
            version=i5.version,
        )
