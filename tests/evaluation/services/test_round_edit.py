"""The round editor's writes: who, draft/open/closed, the reason, the approval lock, the input
limits, the history and the round's stored findings."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pramoen.evaluation.access import get_indicator
from pramoen.evaluation.errors import InvalidInput, NotAllowed, WorkflowError
from pramoen.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    HistoryEvent,
    Indicator,
    RoundStatus,
)
from pramoen.evaluation.selectors import district_scorecard
from pramoen.evaluation.selectors.round_edit import IndicatorInput
from pramoen.evaluation.services.results import result_save_problems
from pramoen.evaluation.services.round_edit import (
    indicator_add,
    indicator_remove,
    indicator_update,
    indicator_update_problems,
)
from pramoen.testing import factories
from tests.web.conftest import DOC

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(province):
    return factories.round_imported(province=province, document=DOC)


def _input(round_, code):
    return IndicatorInput.of(
        Indicator.objects.prefetch_related("levels", "districts")
        .select_related("work_group")
        .get(round=round_, code=code)
    )


def _indicator(round_, code):
    return Indicator.objects.get(round=round_, code=code)


def test_a_draft_is_edited_freely_and_every_change_is_in_the_history(draft, users):
    data = _input(draft, "I2b")
    all_districts = tuple(sorted(d.code for d in draft.province.districts.all()))
    data = replace(data, weight="30", districts=all_districts)
    indicator_update(indicator=_indicator(draft, "I2b"), user=users["province"], data=data)
    row = _indicator(draft, "I2b")
    assert row.weight == Decimal(30) and row.applies_mode == "all"
    events = {e.field: e for e in HistoryEvent.objects.filter(action="indicator_update")}
    assert events["weight"].old == "15" and events["weight"].new == "30"
    assert "2001" in events["districts"].new and "2001" not in events["districts"].old
    assert events["weight"].actor == users["province"] and events["weight"].reason == ""


def test_the_stored_findings_are_the_checkers_on_what_is_saved(draft, users):
    codes = {f["code"] for f in draft.findings}
    assert {"weights-not-100", "non-monotonic"} <= codes
    data = _input(draft, "I2b")
    levels = list(data.levels)
    levels[4] = levels[4].replace("๕ ครั้ง", "๖ ครั้ง")
    indicator_update(
        indicator=_indicator(draft, "I2b"),
        user=users["province"],
        data=replace(data, levels=tuple(levels)),
    )
    draft.refresh_from_db()
    assert "non-monotonic" not in {f["code"] for f in draft.findings}
    level5 = _indicator(draft, "I2b").levels.get(level=5)
    assert "๖ ครั้ง" in level5.text
    assert any(c["value"] == "6" for c in level5.criteria)  # derived again from the text


def test_only_the_province_may_edit(draft, users):
    for name in ("d2001", "wg-coordination", "viewer"):
        with pytest.raises(NotAllowed):
            indicator_update(
                indicator=_indicator(draft, "T1"),
                user=users[name],
                data=replace(_input(draft, "T1"), weight="61"),
            )
    assert _indicator(draft, "T1").weight == 60


def test_input_limits_are_at_their_field(draft, users):
    base = _input(draft, "T1")
    cases = {
        "weight": replace(base, weight="101"),
        "code": replace(base, code="T 1;"),
        "title": replace(base, title="   "),
        "level3": replace(base, levels=(*base.levels[:2], "ก" * 2001, *base.levels[3:])),
        "districts": replace(base, districts=("9999",)),
        "work_group": replace(base, work_group="nope"),
    }
    for name, data in cases.items():
        problems = indicator_update_problems(
            indicator=_indicator(draft, "T1"), user=users["province"], data=data
        )
        assert [p.field for p in problems] == [name], name
        with pytest.raises(InvalidInput):
            indicator_update(indicator=_indicator(draft, "T1"), user=users["province"], data=data)
    with pytest.raises(InvalidInput, match="ทศนิยม"):
        indicator_update(
            indicator=_indicator(draft, "T1"),
            user=users["province"],
            data=replace(base, weight="60.125"),
        )
    with pytest.raises(InvalidInput, match="มีอยู่แล้ว"):
        indicator_update(
            indicator=_indicator(draft, "T1"), user=users["province"], data=replace(base, code="T2")
        )
    assert not HistoryEvent.objects.filter(action="indicator_update").exists()


def test_an_open_round_needs_a_reason_and_records_it(round_, users):
    data = replace(_input(round_, "T1"), title="ร้อยละของการใช้จ่ายงบประมาณ (แก้คำ)")
    with pytest.raises(InvalidInput) as exc:
        indicator_update(indicator=_indicator(round_, "T1"), user=users["province"], data=data)
    assert exc.value.field == "reason"
    indicator_update(
        indicator=_indicator(round_, "T1"), user=users["province"], data=data, reason="แก้คำผิด"
    )
    event = HistoryEvent.objects.get(action="indicator_update", field="title")
    assert event.reason == "แก้คำผิด" and event.new.endswith("(แก้คำ)")


def test_an_open_round_keeps_code_group_and_entry_mode(round_, users):
    base = _input(round_, "I5")
    for data, name in (
        (replace(base, code="I9"), "code"),
        (replace(base, group="team"), "group"),
        (replace(base, shared=True), "shared"),
    ):
        problems = indicator_update_problems(
            indicator=_indicator(round_, "I5"), user=users["province"], data=data, reason="x"
        )
        assert [p.field for p in problems] == [name]


def test_nothing_changes_an_approved_score(round_, users):
    Evaluation.objects.filter(round=round_, district__code="2001").update(
        status=EvaluationStatus.APPROVED
    )
    with pytest.raises(WorkflowError, match="อนุมัติแล้ว"):
        indicator_update(
            indicator=_indicator(round_, "I5"),
            user=users["province"],
            data=replace(_input(round_, "I5"), weight="20"),
            reason="ปรับน้ำหนัก",
        )
    assert _indicator(round_, "I5").weight == 15
    # I7 applies to Ko Si Chang and Ko Chan only: Mueang Chonburi's approved score stays
    indicator_update(
        indicator=_indicator(round_, "I7"),
        user=users["province"],
        data=replace(_input(round_, "I7"), weight="25"),
        reason="ปรับน้ำหนัก",
    )
    assert _indicator(round_, "I7").weight == 25
    # a title moves no score
    indicator_update(
        indicator=_indicator(round_, "I5"),
        user=users["province"],
        data=replace(_input(round_, "I5"), title="ชื่อใหม่"),
        reason="แก้ชื่อ",
    )


def test_the_district_pages_see_new_levels_at_once(round_, users):
    district = round_.province.districts.get(code="2001")
    _, before = district_scorecard(round_, district)
    data = _input(round_, "I5")
    levels = list(data.levels)
    levels[0] = levels[0].replace("๒๐", "๒๑")
    indicator_update(
        indicator=_indicator(round_, "I5"),
        user=users["province"],
        data=replace(data, levels=tuple(levels)),
        reason="แก้เกณฑ์",
    )
    round_.refresh_from_db()
    _, after = district_scorecard(round_, district)
    assert after.indicator("I5").levels[0].text == levels[0]
    assert after.indicator("I5").levels != before.indicator("I5").levels


def test_a_save_sees_new_districts_at_once(round_, users):
    # the save reads the indicator's districts from the round's snapshot, which this process
    # holds from the first save's checks: the edit must still be seen by the next one
    evaluation = Evaluation.objects.select_related("district").get(
        round=round_, district__code="2001"
    )
    first = result_save_problems(
        evaluation=evaluation, indicator=get_indicator(round_, "I5"), user=users["d2001"]
    )
    assert first == []
    data = _input(round_, "I5")
    indicator_update(
        indicator=_indicator(round_, "I5"),
        user=users["province"],
        data=replace(data, districts=tuple(c for c in data.districts if c != "2001")),
        reason="ไม่ใช้กับอำเภอเมือง",
    )
    round_.refresh_from_db()
    evaluation.round = round_
    after = result_save_problems(
        evaluation=evaluation, indicator=get_indicator(round_, "I5"), user=users["d2001"]
    )
    assert [p.message for p in after] == ["ตัวชี้วัดนี้ไม่ใช้กับอำเภอนี้"]


def test_a_closed_round_is_not_edited(round_, users):
    round_.status = RoundStatus.CLOSED
    round_.save()
    with pytest.raises(WorkflowError):
        indicator_update(
            indicator=_indicator(round_, "T1"),
            user=users["province"],
            data=replace(_input(round_, "T1"), title="x"),
            reason="y",
        )


NEW = IndicatorInput(
    code="I8",
    group="individual",
    title="ตัวชี้วัดใหม่",
    weight="5",
    work_group="strategy",
    districts=("2001", "2002"),
    shared=False,
    levels=("ร้อยละ ๑๐", "ร้อยละ ๒๐", "", "", ""),
)


def test_add_and_remove_in_a_draft(draft, users):
    new = indicator_add(round_=draft, user=users["province"], data=NEW)
    assert (new.code, new.number, new.kind) == ("I8", 8, "threshold")
    assert sorted(d.code for d in new.districts.all()) == ["2001", "2002"]
    assert new.levels.count() == 2
    draft.refresh_from_db()
    assert any(f["code"] == "missing-level" and f["indicator"] == "I8" for f in draft.findings)
    assert HistoryEvent.objects.get(action="indicator_added").new["weight"] == "5"
    indicator_remove(indicator=new, user=users["province"])
    assert not Indicator.objects.filter(round=draft, code="I8").exists()
    assert HistoryEvent.objects.get(action="indicator_removed").old["title"] == "ตัวชี้วัดใหม่"
    with pytest.raises(NotAllowed):
        indicator_remove(indicator=_indicator(draft, "T1"), user=users["d2001"])
    with pytest.raises(InvalidInput, match="มีอยู่แล้ว"):
        indicator_add(round_=draft, user=users["province"], data=replace(NEW, code="T1"))


def test_nothing_is_added_to_or_removed_from_an_open_round(round_, users):
    with pytest.raises(WorkflowError):
        indicator_add(round_=round_, user=users["province"], data=NEW)
    with pytest.raises(WorkflowError):
        indicator_remove(indicator=_indicator(round_, "T1"), user=users["province"])
    assert round_.indicators.count() == 11


def test_entered_results_keep_the_measures_they_are_filed_under(round_, users):
    factories.results_entered(round_=round_, user=users["d2001"])
    data = _input(round_, "I5")
    levels = list(data.levels)
    renamed = ("มีโครงการ ๓ โครงการ", *levels[1:])  # another measure for level 1
    with pytest.raises(InvalidInput) as exc:
        indicator_update(
            indicator=_indicator(round_, "I5"),
            user=users["province"],
            data=replace(data, levels=renamed),
            reason="แก้เกณฑ์",
        )
    assert exc.value.field == "level1" and exc.value.code == "measures-in-use"
    levels[0] = levels[0].replace("๒๐", "๒๑")  # the same measure, another value: fine
    indicator_update(
        indicator=_indicator(round_, "I5"),
        user=users["province"],
        data=replace(data, levels=tuple(levels)),
        reason="แก้เกณฑ์",
    )
