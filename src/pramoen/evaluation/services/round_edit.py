"""The round editor's writes: an indicator of a round changed, added or removed.

A draft is the province's own and is edited freely. An open round is not edited in place
silently: each change needs a reason and is recorded; its indicators keep their code, group and
entry mode (results and history are filed under them), nothing is added or removed, and
nothing that moves a score (weight, levels, applicability) changes while a district it applies
to is approved. A closed round is not edited. Every change is in the history with its old and
new value, and the round's stored findings are the checker's on what is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.accounts.models import District, WorkGroup
from pramoen.core import model as core
from pramoen.core.report import finding_dict

from .. import limits
from ..errors import InvalidInput, ServiceError, WorkflowError
from ..models import Indicator, IndicatorGroup, IndicatorLevel, Result, Round, RoundStatus
from ..selectors.round_edit import (
    LEVEL_NUMBERS,
    IndicatorInput,
    editor_checks,
    editor_scorecard,
    typed_levels,
)
from ..selectors.rounds import round_indicators
from . import history
from .history import approved_lock, as_json, require_manager

# What moves a district's score: changed in an open round only while none it applies to is
# approved.
_SCORED = ("weight", "districts", *(f"level{n}" for n in LEVEL_NUMBERS))
# What results and history are filed under: fixed once the round is open.
_IDENTITY = ("code", "group", "shared")


@dataclass(frozen=True, slots=True)
class _Clean:
    code: str
    group: str
    title: str
    weight: Decimal
    work_group: WorkGroup
    districts: tuple[District, ...]
    shared: bool
    levels: tuple[str, ...]

    def values(self) -> dict[str, Any]:
        """Field name -> the value the history records."""
        return {
            "code": self.code,
            "group": self.group,
            "title": self.title,
            "weight": as_json(self.weight),
            "work_group": self.work_group.code,
            "districts": sorted(d.code for d in self.districts),
            "shared": self.shared,
            **{f"level{n}": t for n, t in zip(LEVEL_NUMBERS, self.levels, strict=True)},
        }


def _stored(indicator: Indicator) -> dict[str, Any]:
    data = IndicatorInput.of(indicator)
    return {
        "code": data.code,
        "group": data.group,
        "title": data.title,
        "weight": as_json(indicator.weight),
        "work_group": data.work_group,
        "districts": list(data.districts),
        "shared": data.shared,
        **{f"level{n}": t for n, t in zip(LEVEL_NUMBERS, data.levels, strict=True)},
    }


def _clean(
    round_: Round, data: IndicatorInput, *, indicator: Indicator | None
) -> tuple[_Clean | None, list[InvalidInput]]:
    """Every input limit of an indicator, each problem at its field (all of them, so a form
    shows every mistake at once)."""
    problems: list[InvalidInput] = []

    def attempt(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            problems.append(exc)
            return None

    code = attempt(limits.clean_indicator_code, data.code)
    if code is not None:
        others = Indicator.objects.filter(round=round_, code=code)
        if indicator is not None:
            others = others.exclude(pk=indicator.pk)
        if others.exists():
            problems.append(
                InvalidInput(_("รหัส %(code)s มีอยู่แล้วในรอบนี้"), field="code", params={"code": code})
            )
    if data.group not in IndicatorGroup.values:
        problems.append(InvalidInput(_("กรุณาเลือกกลุ่มตัวชี้วัด"), field="group"))
    title = attempt(limits.clean_title, data.title)
    weight = attempt(limits.parse_weight, data.weight)
    # Matched in Python, not in a query: a forged value (a NUL byte) never reaches the database.
    work_group = next(
        (
            w
            for w in WorkGroup.objects.filter(province_id=round_.province_id)
            if w.code == data.work_group
        ),
        None,
    )
    if work_group is None:
        problems.append(InvalidInput(_("กรุณาเลือกกลุ่มงานเจ้าของแหล่งข้อมูล"), field="work_group"))
    wanted = set(data.districts)
    districts = tuple(
        d
        for d in District.objects.filter(province_id=round_.province_id).order_by("code")
        if d.code in wanted
    )
    if len(districts) != len(wanted):
        problems.append(InvalidInput(_("มีอำเภอที่ไม่ใช่อำเภอของจังหวัดนี้"), field="districts"))
    elif not districts:
        problems.append(InvalidInput(_("เลือกอย่างน้อยหนึ่งอำเภอที่ใช้ตัวชี้วัดนี้"), field="districts"))
    texts = [
        attempt(limits.clean_level_text, t, field=f"level{n}")
        for n, t in zip(LEVEL_NUMBERS, data.levels, strict=False)
    ]
    texts += [""] * (len(LEVEL_NUMBERS) - len(texts))
    if problems or work_group is None:
        return None, problems
    return (
        _Clean(code, data.group, title, weight, work_group, districts, data.shared, tuple(texts)),
        [],
    )


def _state_problems(
    round_: Round, changed: dict[str, tuple[Any, Any]], reason: str
) -> list[ServiceError]:
    if round_.status == RoundStatus.CLOSED:
        return [WorkflowError(_("รอบการประเมินปิดแล้ว แก้ไขตัวชี้วัดไม่ได้"), code="round-closed")]
    if round_.status == RoundStatus.DRAFT or not changed:
        return []
    problems: list[ServiceError] = [
        InvalidInput(
            _("รอบนี้เปิดแล้ว %(field)s เปลี่ยนได้ก่อนเปิดรอบเท่านั้น"),
            field=name,
            code="open-identity",
            params={"field": _field_label(name)},
        )
        for name in _IDENTITY
        if name in changed
    ]
    if limits.is_blank(limits.clean_text(reason, field="reason", max_length=limits.MAX_REASON)):
        problems.append(
            InvalidInput(
                _("รอบนี้เปิดแล้ว ต้องระบุเหตุผลของการแก้ไข (บันทึกในประวัติ)"),
                field="reason",
                code="reason-required",
            )
        )
    return problems


def _field_label(name: str) -> Promise:
    return {
        "code": gettext_lazy("รหัสตัวชี้วัด"),
        "group": gettext_lazy("กลุ่มตัวชี้วัด"),
        "shared": gettext_lazy("วิธีบันทึกผล"),
    }[name]


def indicator_update_problems(
    *, indicator: Indicator, user: Any, data: IndicatorInput, reason: str = ""
) -> list[ServiceError]:
    """What ``indicator_update`` would refuse, every problem at its field; nothing is written.
    (Who may and the approval lock are asked by ``indicator_update`` itself.)"""
    round_ = indicator.round
    clean, problems = _clean(round_, data, indicator=indicator)
    if clean is None:
        return list(problems)
    return _state_problems(round_, _changes(indicator, clean), reason)


def _changes(indicator: Indicator, clean: _Clean) -> dict[str, tuple[Any, Any]]:
    old, new = _stored(indicator), clean.values()
    return {name: (old[name], new[name]) for name in new if old[name] != new[name]}


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, user: Any, data: IndicatorInput, reason: str = ""
) -> Indicator:
    """Save an indicator as typed in the editor; each changed field recorded in the history."""
    round_ = Round.objects.select_for_update().get(pk=indicator.round_id)
    require_manager(user, round_)
    # A fresh copy under the round's lock: two editors saving at once both see the other's
    # change in the history, never a lost update of the levels.
    indicator = (
        Indicator.objects.select_related("work_group")
        .prefetch_related("levels", "districts")
        .get(pk=indicator.pk)
    )
    clean, problems = _clean(round_, data, indicator=indicator)
    if clean is None:
        raise problems[0]
    changes = _changes(indicator, clean)
    state = _state_problems(round_, changes, reason)
    if state:
        raise state[0]
    if not changes:
        return indicator
    if round_.status == RoundStatus.OPEN:
        reason = limits.clean_reason(reason, message=_("ต้องระบุเหตุผลของการแก้ไข"))
        if any(name in changes for name in _SCORED):
            before = {d.pk for d in indicator.districts.all()}
            approved_lock(round_, before | {d.pk for d in clean.districts})
        _entries_lock(indicator, clean, changes)
    _write(indicator, clean, levels_changed=any(n.startswith("level") for n in changes))
    for name, (old, new) in changes.items():
        history.record(
            round_,
            user,
            "indicator_update",
            indicator_code=clean.code,
            field_name=name,
            old=old,
            new=new,
            reason=reason,
        )
    _refresh(round_)
    return indicator


def _entries_lock(indicator: Indicator, clean: _Clean, changes: dict[str, Any]) -> None:
    """Results already entered are filed under the indicator's measures (a ladder's values by
    measure name, a threshold's one value): level texts that would rename them or change the
    kind wait until no result is entered, or the entries would be lost."""
    changed = [n for n in changes if n.startswith("level")]
    if not changed or not Result.objects.filter(indicator=indicator).exists():
        return
    levels = typed_levels(clean.title, clean.levels)
    measures = {c.measure for lv in levels for c in lv.criteria}
    stored = {c["measure"] for lv in indicator.levels.all() for c in lv.criteria}
    if measures != stored or _kind(levels) != indicator.kind:
        raise InvalidInput(
            _("มีผลที่บันทึกตามเกณฑ์เดิมแล้ว แก้ข้อความได้แต่ต้องไม่เปลี่ยนสิ่งที่วัดหรือจำนวนเกณฑ์"),
            field=changed[0],
            code="measures-in-use",
        )


def _write(indicator: Indicator, clean: _Clean, *, levels_changed: bool) -> None:
    indicator.code = clean.code
    indicator.group = clean.group
    indicator.title = clean.title
    indicator.weight = clean.weight
    indicator.work_group = clean.work_group
    indicator.shared = clean.shared
    if m := re.search(r"\d+", clean.code):
        indicator.number = min(int(m.group()), 32767)
    province_count = District.objects.filter(province_id=indicator.round.province_id).count()
    indicator.applies_mode = "all" if len(clean.districts) == province_count else "only"
    # Criteria are derived again only when a level's text changed: a new title alone keeps
    # the measures that results are filed under.
    levels = typed_levels(clean.title, clean.levels) if levels_changed else ()
    if levels_changed:
        indicator.kind = _kind(levels)
    indicator.save()
    if levels_changed:
        indicator.levels.all().delete()
        IndicatorLevel.objects.bulk_create(
            IndicatorLevel(
                indicator=indicator,
                level=lv.level,
                text=lv.text,
                criteria=[
                    {
                        "measure": c.measure,
                        "op": c.op.value,
                        "value": as_json(c.value),
                        "unit": c.unit,
                    }
                    for c in lv.criteria
                ],
            )
            for lv in levels
        )
    indicator.districts.set(clean.districts)


def _kind(levels: tuple[core.Level, ...]) -> str:
    """Threshold or ladder, by the core's one rule (``core.Indicator.kind``)."""
    return core.Indicator(
        id="",
        group=core.Group.TEAM,
        number=0,
        title="",
        weight=None,
        source=None,
        applicability=core.Applicability(),
        levels=levels,
    ).kind.value


def _refresh(round_: Round) -> None:
    """The round's findings are the checker's on what is now saved; and the snapshot's time
    moves, which is the key every process caches a round's levels and districts under
    (``selectors.rounds._round_snapshot``), so no process scores with the old ones."""
    rows = round_indicators(round_)
    checks = editor_checks(editor_scorecard(round_, rows), [r.pk for r in rows])
    round_.findings = [finding_dict(f) for f in checks.findings]
    round_.imported_at = timezone.now()
    round_.save(update_fields=["findings", "imported_at"])


def _draft_only(round_: Round) -> None:
    if round_.status != RoundStatus.DRAFT:
        raise WorkflowError(_("เพิ่มหรือนำตัวชี้วัดออกได้ก่อนเปิดรอบการประเมินเท่านั้น"), code="draft-only")


def indicator_add_problems(*, round_: Round, user: Any, data: IndicatorInput) -> list[ServiceError]:
    """What ``indicator_add`` would refuse, every problem at its field; nothing is written."""
    problems: list[ServiceError] = []
    try:
        _draft_only(round_)
    except WorkflowError as exc:
        problems.append(exc)
    return problems + list(_clean(round_, data, indicator=None)[1])


@transaction.atomic
def indicator_add(*, round_: Round, user: Any, data: IndicatorInput) -> Indicator:
    """A new indicator at the end of a draft round's scorecard."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    require_manager(user, round_)
    _draft_only(round_)
    clean, problems = _clean(round_, data, indicator=None)
    if clean is None:
        raise problems[0]
    last = round_.indicators.aggregate(m=Max("position"))["m"]
    m = re.search(r"\d+", clean.code)
    indicator = Indicator(
        round=round_,
        number=min(int(m.group()), 32767) if m else 0,
        position=0 if last is None else last + 1,
        kind="ladder",
    )
    _write(indicator, clean, levels_changed=True)
    history.record(round_, user, "indicator_added", indicator_code=clean.code, new=clean.values())
    _refresh(round_)
    return indicator


@transaction.atomic
def indicator_remove(*, indicator: Indicator, user: Any) -> None:
    """Remove an indicator from a draft round (nothing was entered against it yet)."""
    round_ = Round.objects.select_for_update().get(pk=indicator.round_id)
    require_manager(user, round_)
    _draft_only(round_)
    indicator = (
        Indicator.objects.select_related("work_group")
        .prefetch_related("levels", "districts")
        .get(pk=indicator.pk)
    )
    old = _stored(indicator)
    indicator.delete()
    history.record(round_, user, "indicator_removed", indicator_code=old["code"], old=old)
    _refresh(round_)
