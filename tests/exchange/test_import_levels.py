"""An imported level follows the limits' rule: 0–5, whole unless the round interpolates (a
work group's verified level), with the same message as the queue and the API."""

from __future__ import annotations

import json

import pytest

from pramoen.evaluation.models import Round
from pramoen.exchange import services as exchange
from tests.evaluation.services.helpers import result, submitted

pytestmark = pytest.mark.django_db

WHOLE = "ระดับต้องเป็นจำนวนเต็ม ๐ ถึง ๕ (รอบนี้ไม่ใช้การเทียบสัดส่วน)"


def _interpolating(round_: Round) -> None:
    round_.interpolate = True
    round_.save(update_fields=["interpolate"])


def _check(round_, user, rows):
    csv = "round,district,indicator,level,value,note\n" + "".join(
        f"{round_.code},{d},{code},{level},,{note}\n" for d, code, level, note in rows
    )
    return exchange.import_check(round_=round_, user=user, data=csv.encode(), name="x.csv")


def test_a_verified_level_between_whole_numbers_is_refused_with_the_limits_message(round_, users):
    submitted(round_, users)
    batch = _check(round_, users["wg-coordination"], [("2001", "I5", "3.5", "ครึ่งทาง")])
    assert batch.status == "rejected"
    problems = json.dumps(batch.summary, ensure_ascii=False)
    assert f"{WHOLE} (พบ 3.5)" in problems


def test_a_round_that_interpolates_takes_a_verified_level_between_whole_numbers(round_, users):
    _interpolating(round_)
    submitted(round_, users)
    batch = _check(round_, users["wg-coordination"], [("2001", "I5", "3.5", "เทียบสัดส่วน")])
    assert batch.status == "dry_run", batch.summary
    exchange.import_apply(batch=batch, user=users["wg-coordination"])
    assert (result("I5").status, str(result("I5").verified_level)) == ("verified", "3.5000")


def test_an_entered_ladder_level_stays_whole_even_when_the_round_interpolates(round_, users):
    _interpolating(round_)
    batch = _check(round_, users["d2001"], [("2001", "I1", "3.5", "")])
    assert batch.status == "rejected"
    assert "เป็นแบบขั้นบันได ระดับที่ทำได้ต้องเป็นจำนวนเต็ม" in json.dumps(batch.summary, ensure_ascii=False)
