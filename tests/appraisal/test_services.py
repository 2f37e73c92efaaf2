"""The appraisal's flow through its services: who may do each step, what the state allows,
what a value may be; each refusal in Thai, with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.appraisal import services
from pramoen.appraisal.models import Appraisal, AppraisalSetup, AppraisalStatus
from pramoen.appraisal.selectors import achievement_of, appraisal_view
from pramoen.evaluation.errors import ConflictError, InvalidInput, NotAllowed, WorkflowError
from pramoen.evaluation.models import HistoryEvent
from pramoen.evaluation.services import evaluation_reopen
from pramoen.notifications.models import Notification
from pramoen.testing import factories

pytestmark = pytest.mark.django_db

GOOD = {"ACH": 3, "SERV": 4, "EXP": 2, "ING": 1, "TW": 3}  # gap points 3+3+2+1+3 = 12 of 15


def v() -> int:
    """The appraisal's version as the page shows it now."""
    return Appraisal.objects.get().version


def rate(evaluation, user, ratings=GOOD, version=0, **kw):
    return services.appraisal_rate(
        evaluation=evaluation,
        user=user,
        ratings=ratings,
        comment=kw.get("comment", "ทำงานดี"),
        plan=kw.get("plan", [{"what": "การเขียนรายงาน", "how": "อบรม", "when": "ไตรมาส 2"}]),
        version=version,
    )


def test_the_whole_flow_scores_by_hand_and_is_in_the_history(approved, users):
    achievement = achievement_of(approved)
    assert achievement == Decimal("85.5")  # the approved KPI form's (tests/core: 85.5)
    appraisal = rate(approved, users["province"])
    assert appraisal.status == AppraisalStatus.ACKNOWLEDGING
    view = appraisal_view(approved)
    # 85.5 × 70 % + 80 × 30 % = 59.85 + 24 = 83.85: ดีมาก
    assert view.score is not None
    assert view.score.competency == Decimal(80) and view.score.total == Decimal("83.85")
    assert view.score.band.label_th == "ดีมาก"
    assert Notification.objects.filter(recipient=users["d2001"], kind="appraisal_rated").exists()

    services.appraisal_acknowledge(evaluation=approved, user=users["d2001"], version=v())
    appraisal.refresh_from_db()
    assert appraisal.acknowledged_by == users["d2001"] and appraisal.acknowledged_at
    services.appraisal_supervisor(
        evaluation=approved,
        user=users["province"],
        name="นายสมศักดิ์ ผู้ว่า",
        position="ผู้ว่าราชการจังหวัดชลบุรี",
        comment="เห็นด้วย",
        version=v(),
    )
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.FINAL
    kinds = list(
        HistoryEvent.objects.filter(evaluation=approved, action__startswith="appraisal_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert kinds == ["appraisal_rated", "appraisal_acknowledged", "appraisal_supervisor"]


def test_rating_before_the_kpi_approval_is_refused(round_, users):
    factories.results_entered(round_=round_, user=users["d2001"])
    evaluation = factories.evaluation_of(round_, "2001")
    with pytest.raises(WorkflowError, match="ได้รับอนุมัติแล้วเท่านั้น"):
        rate(evaluation, users["province"])
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize("who", ["d2001", "wg-coordination", "viewer", "d2002"])
def test_only_the_province_rates(approved, users, who):
    with pytest.raises(NotAllowed, match="ผู้ประเมิน"):
        rate(approved, users[who])
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize(
    ("ratings", "says"),
    [
        ({**GOOD, "ACH": 6}, "ไม่อยู่ในช่วง 1 ถึง 5"),
        ({**GOOD, "ACH": "สาม"}, "ต้องเป็นตัวเลข"),
        ({**GOOD, "XX": 3}, "ไม่อยู่ในชุดสมรรถนะ"),
        ({k: v for k, v in GOOD.items() if k != "TW"}, "ยังไม่ได้ประเมินสมรรถนะ"),
    ],
)
def test_a_level_outside_the_set_is_refused_and_nothing_written(approved, users, ratings, says):
    with pytest.raises(InvalidInput, match=says):
        rate(approved, users["province"], ratings=ratings)
    assert not Appraisal.objects.exists()
    assert not HistoryEvent.objects.filter(action__startswith="appraisal_").exists()


def test_an_acknowledgement_by_someone_else_is_refused(approved, users):
    rate(approved, users["province"])
    for who in ("d2002", "province", "wg-coordination"):
        with pytest.raises(NotAllowed, match="ผู้รับการประเมิน"):
            services.appraisal_acknowledge(evaluation=approved, user=users[who], version=v())
    assert Appraisal.objects.get().acknowledged_at is None


def test_not_signed_needs_a_witness_and_is_recorded(approved, users):
    rate(approved, users["province"])
    with pytest.raises(InvalidInput, match="พยาน"):
        services.appraisal_not_signed(
            evaluation=approved, user=users["province"], witness="  ", version=v()
        )
    services.appraisal_not_signed(
        evaluation=approved,
        user=users["province"],
        witness="นางสาวพยาน ดี (นักทรัพยากรบุคคล)",
        version=v(),
    )
    appraisal = Appraisal.objects.get()
    assert appraisal.not_signed and appraisal.status == AppraisalStatus.SUPERVISOR
    event = HistoryEvent.objects.get(action="appraisal_not_signed")
    assert event.new == {"witness": "นางสาวพยาน ดี (นักทรัพยากรบุคคล)"}


def test_a_stale_step_is_a_conflict(approved, users):
    rate(approved, users["province"])
    with pytest.raises(ConflictError):
        services.appraisal_acknowledge(evaluation=approved, user=users["d2001"], version=v() - 1)


def test_steps_out_of_order_are_refused(approved, users):
    rate(approved, users["province"])
    with pytest.raises(WorkflowError, match="ทำขั้นนี้ไม่ได้"):
        services.appraisal_supervisor(
            evaluation=approved,
            user=users["province"],
            name="x",
            position="",
            comment="",
            version=v(),
        )
    with pytest.raises(WorkflowError, match="ทำขั้นนี้ไม่ได้"):
        rate(approved, users["province"], version=v())


def test_reopen_needs_a_reason_and_clears_the_acknowledgement(approved, users):
    rate(approved, users["province"])
    services.appraisal_acknowledge(evaluation=approved, user=users["d2001"], version=v())
    with pytest.raises(InvalidInput, match="เหตุผล"):
        services.appraisal_reopen(
            evaluation=approved, user=users["province"], reason="", version=v()
        )
    services.appraisal_reopen(
        evaluation=approved, user=users["province"], reason="ประเมินสมรรถนะใหม่", version=v()
    )
    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.RATING and appraisal.acknowledged_at is None
    rate(approved, users["province"], ratings={**GOOD, "ING": 3}, version=v())
    assert (
        appraisal_view(approved).score.competency == Decimal(14) * 100 / 15
    )  # 3+3+2+3+3 = 14 of 15


def test_a_reopened_kpi_evaluation_sends_the_appraisal_back_to_rating(approved, users):
    rate(approved, users["province"])
    services.appraisal_acknowledge(evaluation=approved, user=users["d2001"], version=v())
    evaluation_reopen(
        evaluation=approved, user=users["province"], reason="แก้ค่า", version=approved.version
    )
    evaluation = factories.evaluation_of(approved.round, "2001")
    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.RATING and appraisal.acknowledged_at is None
    assert appraisal.ratings == GOOD  # kept, for the evaluator to confirm or change
    assert HistoryEvent.objects.filter(action="appraisal_reopened", reason="แก้ค่า").exists()
    # the evaluatee, who had acknowledged, is told the appraisal comes back to them
    told = Notification.objects.filter(recipient=users["d2001"], kind="appraisal_reopened")
    assert [n.data.get("reason") for n in told] == ["แก้ค่า"]
    with pytest.raises(WorkflowError, match="ได้รับอนุมัติแล้วเท่านั้น"):
        rate(evaluation, users["province"], version=v())


@pytest.mark.parametrize(
    ("weights", "says"),
    [(("70", "20"), "รวมกันได้ 100"), (("60", "40"), "ไม่น้อยกว่าร้อยละ 70"), (("ก", "30"), "ตัวเลข")],
)
def test_setup_weights_must_follow_the_rule(round_, users, weights, says):
    data = services.SetupInput(
        "gap", weights[0], weights[1], services.setup_of(round_).competencies
    )
    with pytest.raises(InvalidInput, match=says):
        services.setup_save(round_=round_, user=users["province"], data=data)
    assert not AppraisalSetup.objects.exists()


def test_setup_is_the_provinces_and_locks_once_an_appraisal_is_rated(approved, users):
    round_ = approved.round
    rows = [{"code": "A", "name_th": "การมุ่งผลสัมฤทธิ์", "name_en": "", "expected": "2"}]
    data = services.SetupInput("scale", "80", "20", rows)
    with pytest.raises(NotAllowed):
        services.setup_save(round_=round_, user=users["d2001"], data=data)
    with pytest.raises(InvalidInput, match="ระดับที่คาดหวังต้องเป็น 1 ถึง 5"):
        services.setup_save(
            round_=round_,
            user=users["province"],
            data=services.SetupInput("scale", "80", "20", [{**rows[0], "expected": "7"}]),
        )
    services.setup_save(round_=round_, user=users["province"], data=data)
    rate(approved, users["province"], ratings={"A": 4})
    # 85.5 × 80 % + 4/5 × 100 × 20 % = 68.4 + 16 = 84.4
    assert appraisal_view(approved).score.total == Decimal("84.4")
    with pytest.raises(WorkflowError, match="เปิดแบบประเมินใหม่ก่อน"):
        services.setup_save(round_=round_, user=users["province"], data=data)
