"""services.result_withdraw: a work group takes back its own verification, with a reason,
until the province approves; recorded in the history."""

from decimal import Decimal

import pytest

from pramoen.evaluation import services
from pramoen.evaluation.errors import ConflictError, InvalidInput, NotAllowed, WorkflowError
from pramoen.evaluation.models import Evaluation, HistoryEvent
from tests.exchange.helpers import state

from .helpers import everything_verified, result, submitted

pytestmark = pytest.mark.django_db


def _verify(users, code="I5", level="4", comment="ขาดหลักฐานบางส่วน", user="wg-coordination"):
    r = result(code)
    return services.result_verify(
        result=r, user=users[user], level=Decimal(level), comment=comment, version=r.version
    )


def test_it_sends_the_result_back_to_awaiting_verification_and_records_why(round_, users):
    submitted(round_, users)
    _verify(users)
    ev_version = Evaluation.objects.get(district__code="2001").version
    r = result("I5")
    services.result_withdraw(
        result=r, user=users["wg-coordination"], reason=" ยืนยันผิดแถว ", version=r.version
    )
    r = result("I5")
    assert (r.status, r.verified_level, r.verification_comment, r.verified_by) == (
        "submitted",
        None,
        "",
        None,
    )
    assert r.self_level == Decimal(5)  # the district's own level is untouched
    event = HistoryEvent.objects.get(action="result_verification_withdrawn")
    assert (event.indicator_code, event.old, event.new, event.reason, event.actor) == (
        "I5",
        "4",
        None,
        "ยืนยันผิดแถว",
        users["wg-coordination"],
    )
    # the evaluation's version moved: an approval read before this is refused as stale
    assert Evaluation.objects.get(district__code="2001").version == ev_version + 1
    # and it can be verified again
    _verify(users, level="5", comment="")
    assert result("I5").status == "verified"


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u2060\ufeff \u00ad", None])
def test_it_needs_a_reason_that_says_something(round_, users, reason):
    submitted(round_, users)
    _verify(users)
    before = state()
    r = result("I5")
    with pytest.raises(InvalidInput, match="ต้องระบุเหตุผลที่ถอนการยืนยัน"):
        services.result_withdraw(
            result=r, user=users["wg-coordination"], reason=reason or "", version=r.version
        )
    assert state() == before


@pytest.mark.parametrize("intruder", ["wg-strategy", "d2001", "province", "viewer"])
def test_only_the_owning_work_group_withdraws(round_, users, intruder):
    submitted(round_, users)
    _verify(users)
    r = result("I5")
    with pytest.raises(NotAllowed, match="เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูล"):
        services.result_withdraw(result=r, user=users[intruder], reason="x", version=r.version)
    assert result("I5").status == "verified"


def test_nothing_is_withdrawn_once_the_province_approves(round_, users):
    ev = everything_verified(round_, users)
    services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    r = result("I5")
    problems = services.result_withdraw_problems(
        result=r, user=users["wg-coordination"], reason="x"
    )
    assert [p.message for p in problems] == ["การประเมินอนุมัติแล้ว ต้องให้จังหวัดเปิดใหม่ก่อน"]
    with pytest.raises(WorkflowError):
        services.result_withdraw(
            result=r, user=users["wg-coordination"], reason="x", version=r.version
        )
    assert result("I5").status == "verified"


def test_nothing_is_withdrawn_in_a_closed_round(round_, users):
    submitted(round_, users)
    _verify(users)
    services.round_set_status(round_=round_, user=users["province"], status="closed")
    r = result("I5")
    with pytest.raises(WorkflowError, match="รอบการประเมินไม่ได้เปิดอยู่"):
        services.result_withdraw(
            result=r, user=users["wg-coordination"], reason="x", version=r.version
        )


def test_a_result_not_verified_has_nothing_to_withdraw(round_, users):
    submitted(round_, users)
    r = result("I5")
    with pytest.raises(WorkflowError, match="ยังไม่ได้ตรวจสอบ"):
        services.result_withdraw(
            result=r, user=users["wg-coordination"], reason="x", version=r.version
        )


def test_a_stale_version_is_a_conflict_and_changes_nothing(round_, users):
    submitted(round_, users)
    _verify(users)
    before = state()
    r = result("I5")
    with pytest.raises(ConflictError):
        services.result_withdraw(
            result=r, user=users["wg-coordination"], reason="x", version=r.version - 1
        )
    assert state() == before


def test_an_approval_read_before_a_withdrawal_is_refused_as_stale(round_, users):
    ev = everything_verified(round_, users)
    r = result("I5")
    services.result_withdraw(result=r, user=users["wg-coordination"], reason="x", version=r.version)
    with pytest.raises((ConflictError, WorkflowError)):
        services.evaluation_approve(evaluation=ev, user=users["province"], version=ev.version)
    assert Evaluation.objects.get(pk=ev.pk).status == "submitted"
