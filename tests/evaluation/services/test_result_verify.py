"""services.result_verify: whole levels unless the round interpolates, the one message."""

from decimal import Decimal

import pytest

from pramoen.evaluation import services
from pramoen.evaluation.errors import InvalidInput
from pramoen.evaluation.models import HistoryEvent, Round

from .helpers import result, submitted

pytestmark = pytest.mark.django_db

WHOLE = "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"


def test_it_refuses_a_level_between_whole_numbers_when_the_round_does_not_interpolate(
    round_, users
):
    submitted(round_, users)
    r = result("I5")
    problems = services.result_verify_problems(
        result=r, user=users["wg-coordination"], level=Decimal("3.5"), comment="ครึ่งทาง"
    )
    assert [p.message for p in problems] == [WHOLE]
    events = HistoryEvent.objects.count()
    with pytest.raises(InvalidInput, match="จำนวนเต็ม"):
        services.result_verify(
            result=r,
            user=users["wg-coordination"],
            level=Decimal("3.5"),
            comment="ครึ่งทาง",
            version=r.version,
        )
    r = result("I5")
    assert (r.status, r.verified_level) == ("submitted", None)
    assert HistoryEvent.objects.count() == events


def test_it_takes_a_level_between_whole_numbers_when_the_round_interpolates(round_, users):
    Round.objects.filter(pk=round_.pk).update(interpolate=True)
    submitted(round_, users)
    r = result("I5")
    services.result_verify(
        result=r,
        user=users["wg-coordination"],
        level=Decimal("3.5"),
        comment="เทียบสัดส่วน",
        version=r.version,
    )
    assert result("I5").verified_level == Decimal("3.5")


@pytest.mark.parametrize("level", ["-1", "5.0001", "NaN", "Infinity"])
def test_it_refuses_a_level_outside_0_to_5(round_, users, level):
    submitted(round_, users)
    problems = services.result_verify_problems(
        result=result("I5"), user=users["wg-coordination"], level=Decimal(level), comment="x"
    )
    assert [p.message for p in problems] == ["ระดับต้องอยู่ระหว่าง ๐ ถึง ๕"]
