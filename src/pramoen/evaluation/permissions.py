"""Who may do what: the one answer, as pure functions of a membership and an object.

Every service asks here itself (so a view, the API, an import, the CLI or a worker gets the
same answer), and the request getters in ``access`` are built on these functions. A function
answers only "who"; what the object's state allows (round open, evaluation submitted, approved
and locked) is the service's precondition.

* province: everything in its province; the province's decisions (import, settings, open and
  close, approve, return, reopen). It approves, so it enters no results itself: not a
  district's, and not a province-wide (shared) one, which counts as verified the moment it is
  saved.
* viewer: reads everything in its province, changes nothing.
* work_group: reads every evaluation of its province; verifies, returns or withdraws only the
  results of the indicators whose data source it owns, and enters their province-wide results.
* district: reads and enters only its own district's evaluation.
* department: reads the department-wide summary (every province's round); no province's own
  pages, and no changes.

A round still in draft is the province's alone: nobody else sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from pramoen.accounts.models import Membership, Role
from pramoen.accounts.models import membership_of as membership_of

from .models import RoundStatus

if TYPE_CHECKING:
    from .models import Evaluation, Indicator, Round


def _in_province(m: Membership | None, province_id: int) -> bool:
    return m is not None and m.province_id is not None and m.province_id == province_id


def can_view_department(m: Membership | None) -> bool:
    return m is not None and m.role == Role.DEPARTMENT


def can_manage_round(m: Membership | None, round_: Round) -> bool:
    """Import, settings, open and close, entry modes, the round's decisions."""
    return _in_province(m, round_.province_id) and m is not None and m.role == Role.PROVINCE


def can_import_document(m: Membership | None) -> bool:
    """Import a KPI summary as a new round of the province: the province office."""
    return m is not None and m.province_id is not None and m.role == Role.PROVINCE


def can_view_queue(m: Membership | None, round_: Round) -> bool:
    """A work group's queue of results to verify and province-wide results to enter."""
    return can_view_round(m, round_) and m is not None and m.role == Role.WORK_GROUP


def can_view_round(m: Membership | None, round_: Round) -> bool:
    if not _in_province(m, round_.province_id):
        return False
    return round_.status != RoundStatus.DRAFT or can_manage_round(m, round_)


def can_view_province_figures(m: Membership | None, round_: Round) -> bool:
    """Every district's scores (dashboard, booklet, CSV): not for district officers."""
    return can_view_round(m, round_) and m is not None and m.role != Role.DISTRICT


def can_view_evaluation(m: Membership | None, evaluation: Evaluation) -> bool:
    if not can_view_round(m, evaluation.round):
        return False
    assert m is not None
    return m.role != Role.DISTRICT or m.district_id == evaluation.district_id


def can_enter_result(m: Membership | None, evaluation: Evaluation) -> bool:
    """Save, attach evidence, submit: the officer of this district only."""
    return (
        can_view_evaluation(m, evaluation)
        and m is not None
        and m.role == Role.DISTRICT
        and m.district_id == evaluation.district_id
    )


def can_edit_evaluation(m: Membership | None, evaluation: Evaluation) -> bool:
    """Whether a page should offer the entry forms now: the district officer, and an
    evaluation whose state takes entries (the services check both again)."""
    return can_enter_result(m, evaluation) and evaluation.is_editable


def can_verify(m: Membership | None, indicator: Indicator) -> bool:
    """Verify, return or withdraw a result, and enter a province-wide result: the work group
    that owns the indicator's data source."""
    return (
        m is not None
        and m.role == Role.WORK_GROUP
        and m.work_group_id == indicator.work_group_id
        and _in_province(m, indicator.round.province_id)
        and indicator.round.status != RoundStatus.DRAFT
    )


def can_withdraw(m: Membership | None, indicator: Indicator) -> bool:
    """Withdraw a verification: whoever may verify the indicator's results (its work group);
    a verification is the work group's own act, so it is the one to take it back."""
    return can_verify(m, indicator)


def can_decide(m: Membership | None, evaluation: Evaluation) -> bool:
    """Approve, return, reopen: the province office."""
    return can_manage_round(m, evaluation.round)


def can_import_results(m: Membership | None, round_: Round) -> bool:
    """Upload a results template; what each row may change is asked row by row."""
    return can_view_round(m, round_) and m is not None and m.role != Role.VIEWER


def can_appraise(m: Membership | None, evaluation: Evaluation) -> bool:
    """The appraisal's evaluator steps: rate the competencies, record that the evaluatee did not
    sign, enter the supervisor's comment, reopen: the province office (which evaluates its
    district officers)."""
    return can_manage_round(m, evaluation.round)


def can_acknowledge_appraisal(m: Membership | None, evaluation: Evaluation) -> bool:
    """Acknowledge the appraisal (sign it as read): its evaluatee, the district's officer, only."""
    return (
        can_view_evaluation(m, evaluation)
        and m is not None
        and m.role == Role.DISTRICT
        and m.district_id == evaluation.district_id
    )


def can_view_appraisal(m: Membership | None, evaluation: Evaluation) -> bool:
    """One district officer's appraisal (its page, its files): the province office, its
    viewers and the evaluatee; personnel results, so not the work groups (as the summary)."""
    return (
        can_view_evaluation(m, evaluation)
        and m is not None
        and m.role in (Role.PROVINCE, Role.VIEWER, Role.DISTRICT)
    )


def can_view_appraisals(m: Membership | None, round_: Round) -> bool:
    """The province's summary of every appraisal (for the screening committee): the province
    office and its read-only viewers; personnel results, so not the work groups or districts."""
    return can_view_round(m, round_) and m is not None and m.role in (Role.PROVINCE, Role.VIEWER)


# What a refusal says, written once beside the rule.
def refusal(action: str) -> str:
    messages = {
        "enter": _("เฉพาะพัฒนาการอำเภอของอำเภอนี้เท่านั้นที่บันทึกผลได้"),
        "verify": _("เฉพาะกลุ่มงานเจ้าของแหล่งข้อมูลของตัวชี้วัดนี้เท่านั้น"),
        "decide": _("เฉพาะสำนักงานพัฒนาชุมชนจังหวัดเท่านั้นที่อนุมัติ ส่งกลับ หรือเปิดใหม่ได้"),
        "manage": _("เฉพาะสำนักงานพัฒนาชุมชนจังหวัดเท่านั้นที่จัดการรอบการประเมินได้"),
        "import": _("คุณไม่มีสิทธิ์นำเข้าข้อมูลของรอบการประเมินนี้"),
        "appraise": _("เฉพาะสำนักงานพัฒนาชุมชนจังหวัด (ผู้ประเมิน) เท่านั้นที่ดำเนินการนี้ได้"),
        "acknowledge": _("เฉพาะผู้รับการประเมิน (พัฒนาการอำเภอของอำเภอนี้) เท่านั้นที่ลงนามรับทราบได้"),
    }
    return messages[action]
