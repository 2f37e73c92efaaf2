"""Who may see and change what. Every view asks here; nothing else decides access.

* province: everything in their province, and the province's decisions (import, settings,
  open/close, approve, return, reopen).
* viewer: read everything in their province, change nothing.
* work_group: read every evaluation of their province; verify or return only the indicators
  whose data source they own; enter the shared (province-wide) results of those indicators.
* district: read and change only their own district's evaluation.
* department: read the department-wide summary (every province's round, by district); no
  province's own pages, and no changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import Membership, Role

if TYPE_CHECKING:
    from pramoen.evaluation.models import Evaluation, Indicator, Round


def membership_of(user: Any) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        m: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return m


def can_view_department(m: Membership | None) -> bool:
    return m is not None and m.role == Role.DEPARTMENT


def can_view_round(m: Membership | None, round_: Round) -> bool:
    return m is not None and m.province_id == round_.province_id


def can_manage_round(m: Membership | None, round_: Round) -> bool:
    return can_view_round(m, round_) and m is not None and m.role == Role.PROVINCE


def can_view_evaluation(m: Membership | None, evaluation: Evaluation) -> bool:
    if m is None or m.province_id != evaluation.round.province_id:
        return False
    if m.role == Role.DISTRICT:
        return m.district_id == evaluation.district_id
    return True


def can_edit_evaluation(m: Membership | None, evaluation: Evaluation) -> bool:
    """The district officer of this district, while the evaluation is open for editing."""
    return (
        m is not None
        and m.role == Role.DISTRICT
        and m.district_id == evaluation.district_id
        and evaluation.round.province_id == m.province_id
        and evaluation.is_editable
    )


def can_verify(m: Membership | None, indicator: Indicator) -> bool:
    return (
        m is not None
        and m.role == Role.WORK_GROUP
        and m.work_group_id == indicator.work_group_id
        and m.province_id == indicator.round.province_id
    )


def can_decide(m: Membership | None, evaluation: Evaluation) -> bool:
    """Approve, return, reopen: the province office."""
    return (
        m is not None and m.role == Role.PROVINCE and m.province_id == evaluation.round.province_id
    )
