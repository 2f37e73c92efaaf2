"""services.results_verify / results_return: a work group's batch, all or nothing."""

from decimal import Decimal

import pytest

from pramoen.evaluation import services
from pramoen.evaluation.errors import BatchRefused, InvalidInput
from pramoen.evaluation.models import HistoryEvent
from tests.exchange.helpers import state

from .helpers import result, submitted

pytestmark = pytest.mark.django_db

PROMOTION = ("I1", "I2a", "I6")  # wg-promotion's, reported at 4, 3 and 5


def _item(code, level=None, comment=""):
    r = result(code)
    return services.VerifyItem(
        result=r,
        version=r.version,
        level=r.self_level if level is None else Decimal(level),
        comment=comment,
    )


def test_it_verifies_each_at_its_own_level(round_, users):
    submitted(round_, users)
    services.results_verify(
        items=[_item("I1"), _item("I2a", "2", "ขาดรายชื่อ"), _item("I6")],
        user=users["wg-promotion"],
    )
    assert {c: (result(c).status, result(c).verified_level) for c in PROMOTION} == {
        "I1": ("verified", Decimal(4)),
        "I2a": ("verified", Decimal(2)),
        "I6": ("verified", Decimal(5)),
    }
    assert HistoryEvent.objects.filter(action="result_verified").count() == 3


def test_one_refused_row_writes_none_and_each_refused_row_says_why(round_, users):
    submitted(round_, users)
    before = state()
    stale = _item("I6")
    stale = services.VerifyItem(result=stale.result, version=stale.version + 7, level=Decimal(5))
    with pytest.raises(BatchRefused) as info:
        services.results_verify(
            items=[_item("I1"), _item("I2a", "3.5", "ครึ่ง"), stale],
            user=users["wg-promotion"],
        )
    refused = {pk: exc.message for pk, exc in info.value.refused.items()}
    assert refused[result("I2a").pk] == "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"
    assert "มีผู้อื่นบันทึก" in refused[result("I6").pk]
    assert result("I1").pk not in refused
    assert state() == before  # I1 was fine, and it is not written either


def test_a_row_of_another_work_group_refuses_the_batch(round_, users):
    submitted(round_, users)
    before = state()
    with pytest.raises(BatchRefused) as info:
        services.results_verify(items=[_item("I1"), _item("I5")], user=users["wg-promotion"])
    assert list(info.value.refused) == [result("I5").pk]
    assert state() == before


def test_it_returns_them_all_with_one_reason(round_, users):
    submitted(round_, users)
    items = [(result(c), result(c).version) for c in ("I1", "I6")]
    services.results_return(items=items, user=users["wg-promotion"], reason="แนบหลักฐานไม่ครบ")
    assert [(result(c).status, result(c).return_reason) for c in ("I1", "I6")] == [
        ("returned", "แนบหลักฐานไม่ครบ")
    ] * 2
    assert result("I2a").status == "submitted"


def test_a_batch_return_needs_the_reason_before_any_row(round_, users):
    submitted(round_, users)
    before = state()
    with pytest.raises(InvalidInput, match="ต้องระบุเหตุผลที่ส่งกลับ"):
        services.results_return(
            items=[(result("I1"), result("I1").version)], user=users["wg-promotion"], reason=" "
        )
    assert state() == before


def test_an_empty_batch_is_refused(round_, users):
    with pytest.raises(InvalidInput, match="ยังไม่ได้เลือกรายการ"):
        services.results_verify(items=[], user=users["wg-promotion"])
