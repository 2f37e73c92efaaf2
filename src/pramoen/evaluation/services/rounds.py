"""Writes to a round: the KPI summary imported and snapshotted, opened and closed, its
settings (shares, bands, interpolation) and its indicators' entry modes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.accounts.models import Province, WorkGroup
from pramoen.core import DocumentError, check, has_errors, officialdoc
from pramoen.core import model as core
from pramoen.core.report import finding_dict

from .. import limits, permissions
from ..errors import ImportBlocked, WorkflowError
from ..models import (
    Evaluation,
    HistoryEvent,
    Indicator,
    IndicatorLevel,
    Result,
    Round,
    RoundStatus,
)
from ..permissions import membership_of
from . import history
from .history import approved_lock, as_json, is_operator, require, require_manager


def scorecard_preview(
    *, province: Province, text: str
) -> tuple[core.Scorecard, list[core.Finding]]:
    """Parse and check a KPI summary against the province's districts; nothing is stored."""
    districts = [
        core.District(d.code, d.name_th, d.name_en) for d in province.districts.order_by("code")
    ]
    scorecard = officialdoc.parse(text, districts)
    return scorecard, check(scorecard)


@transaction.atomic
def scorecard_import(
    *,
    province: Province,
    text: str,
    source_name: str,
    user: Any,
    accept_errors_reason: str = "",
) -> Round:
    """Create a round (not yet open) from a KPI summary, its indicators snapshotted.

    A document with errors is refused unless ``accept_errors_reason`` says why it is taken as
    it is (recorded). A round that is already open or closed is never replaced.
    """
    if not is_operator(user):
        m = membership_of(user)
        may = permissions.can_import_document(m) and m is not None and m.province_id == province.pk
        require(may, "manage")
    source_name = limits.clean_text(source_name, field="file", max_length=limits.MAX_NAME)
    text = limits.clean_text(text, field="file", max_length=2_000_000)
    reason = ""
    if accept_errors_reason and not limits.is_blank(accept_errors_reason):
        reason = limits.clean_reason(accept_errors_reason, message="")
    try:
        scorecard, findings = scorecard_preview(province=province, text=text)
    except DocumentError as exc:
        raise ImportBlocked(str(exc), []) from exc
    problems = _snapshot_problems(scorecard)
    if problems:
        raise ImportBlocked(" ".join(problems), findings)
    if has_errors(findings) and not reason:
        raise ImportBlocked(_("เอกสารมีข้อผิดพลาด ต้องแก้ไขก่อนนำเข้า"), findings)
    missing_weight = [i.id for i in scorecard.indicators if i.weight is None]
    if missing_weight:
        raise ImportBlocked(
            _("ตัวชี้วัด %(codes)s ไม่มีน้ำหนัก"), findings, params={"codes": ", ".join(missing_weight)}
        )

    previous = None
    existing = Round.objects.filter(
        province=province, fiscal_year=scorecard.fiscal_year, number=scorecard.round
    ).first()
    if existing is not None:
        if existing.status != RoundStatus.DRAFT:
            raise ImportBlocked(
                _("รอบ %(round)s เปิดใช้แล้ว นำเข้าซ้ำทับไม่ได้ (ข้อมูลของรอบที่ดำเนินการอยู่ต้องไม่เปลี่ยน)"),
                findings,
                params={"round": existing.code},
            )
        # The draft's history stays (it is permanent): the events move to the new round.
        previous = existing

    if previous is not None:
        # Free the (province, year, number) key for the new round; the old row is removed
        # once its history has moved over.
        previous.number = 0
        previous.save(update_fields=["number"])
    round_ = Round.objects.create(
        province=province,
        fiscal_year=scorecard.fiscal_year,
        number=scorecard.round,
        period_start=scorecard.period_start,
        period_end=scorecard.period_end,
        position=scorecard.position,
        source_name=source_name,
        source_text=text,
        findings=[finding_dict(f) for f in findings],
        imported_by=user,
    )
    districts = {d.code: d for d in province.districts.all()}
    for position, ind in enumerate(scorecard.indicators):
        assert ind.source is not None and ind.weight is not None
        work_group, _created = WorkGroup.objects.get_or_create(
            province=province,
            code=ind.source.code,
            defaults={"name_th": ind.source.name_th, "name_en": ind.source.name_en},
        )
        row = snapshot_indicator(round_, ind, work_group, position)
        row.save()
        IndicatorLevel.objects.bulk_create(snapshot_levels(row, ind))
        row.districts.set([districts[c] for c in scorecard.applies_to(ind)])
    Evaluation.objects.bulk_create(Evaluation(round=round_, district=d) for d in districts.values())
    if previous is not None:
        _replace_draft(previous, round_)
    history.record(
        round_,
        user,
        "round_imported",
        new={"source": source_name, "indicators": len(scorecard.indicators)},
        reason=reason,
    )
    return round_


def _snapshot_problems(scorecard: core.Scorecard) -> list[str]:
    """What the document holds that a round's columns cannot (checked before anything is
    written, so a preview that passes also imports)."""
    problems = []
    for ind in scorecard.indicators:
        if len(ind.id) > 10 or ind.number > 32767:
            problems.append(_("ตัวชี้วัด %(code)s: เลขตัวชี้วัดยาวเกินไป") % {"code": ind.id[:20]})
        if ind.weight is not None and not (0 <= ind.weight < 10000):
            problems.append(_("ตัวชี้วัด %(code)s: น้ำหนักเกินขอบเขต") % {"code": ind.id[:20]})
        if ind.source is not None and len(ind.source.code) > 40:
            problems.append(_("ตัวชี้วัด %(code)s: ชื่อแหล่งข้อมูลยาวเกิน ๔๐ ตัวอักษร") % {"code": ind.id[:20]})
    return problems


def _replace_draft(previous: Round, round_: Round) -> None:
    """A re-imported draft: its history moves to the new round (events that named its
    evaluations or results keep their indicator code and round), then the old rows go."""
    HistoryEvent.objects.filter(round=previous).update(round=round_, evaluation=None, result=None)
    previous.evaluations.all().delete()
    Result.objects.filter(indicator__round=previous).delete()  # none: a draft takes no entries
    previous.indicators.all().delete()
    previous.delete()


def snapshot_indicator(
    round_: Round, indicator: core.Indicator, work_group: WorkGroup, position: int
) -> Indicator:
    """A round's copy of a document's indicator (not saved yet). Team indicators start as
    shared (one province-wide result); the province may change that before the round opens."""
    assert indicator.weight is not None
    return Indicator(
        round=round_,
        code=indicator.id,
        group=indicator.group.value,
        number=indicator.number,
        title=indicator.title,
        weight=indicator.weight,
        work_group=work_group,
        kind=indicator.kind.value,
        shared=indicator.group is core.Group.TEAM,
        position=position,
        applies_mode=indicator.applicability.mode,
    )


def snapshot_levels(row: Indicator, indicator: core.Indicator) -> list[IndicatorLevel]:
    """The levels of a round's indicator as stored (not saved yet): the snapshot of the
    document's levels and criteria that the round is scored with."""
    return [
        IndicatorLevel(
            indicator=row,
            level=lv.level,
            text=lv.text,
            criteria=[
                {"measure": c.measure, "op": c.op.value, "value": as_json(c.value), "unit": c.unit}
                for c in lv.criteria
            ],
        )
        for lv in indicator.levels
    ]


@transaction.atomic
def round_set_status(*, round_: Round, user: Any, status: str) -> Round:
    require_manager(user, round_)
    allowed = {
        RoundStatus.DRAFT: {RoundStatus.OPEN},
        RoundStatus.OPEN: {RoundStatus.CLOSED},
        RoundStatus.CLOSED: {RoundStatus.OPEN},
    }
    if status not in allowed[RoundStatus(round_.status)]:
        raise WorkflowError(_("เปลี่ยนสถานะรอบการประเมินแบบนี้ไม่ได้"))
    old = round_.status
    round_.status = status
    round_.save(update_fields=["status"])
    history.record(round_, user, "round_status", field_name="status", old=old, new=status)
    return round_


@transaction.atomic
def round_settings_update(
    *,
    round_: Round,
    user: Any,
    team_share: Decimal | None,
    bands: list[list[Any]] | None,
    interpolate: bool,
) -> Round:
    """Shares (None = the 50/50 default), rating bands (None = default) and interpolation.

    Not in a closed round, and not while an evaluation is approved: its score would move."""
    require_manager(user, round_)
    if round_.status == RoundStatus.CLOSED:
        raise WorkflowError(_("รอบการประเมินปิดแล้ว แก้ไขการตั้งค่าไม่ได้"))
    new_share = Decimal("0.5") if team_share is None else limits.clean_share(team_share)
    if bands:
        bands = limits.clean_bands(bands)
    changes: dict[str, tuple[Any, Any]] = {}
    new_default = team_share is None
    for name, new in (
        ("team_share", new_share),
        ("shares_default", new_default),
        ("bands", bands or []),
        ("interpolate", interpolate),
    ):
        old = getattr(round_, name)
        if old != new:
            changes[name] = (old, new)
            setattr(round_, name, new)
    if changes:
        approved_lock(round_)
        round_.save(update_fields=list(changes))
        for name, (old, new) in changes.items():
            history.record(
                round_, user, "round_settings", field_name=name, old=as_json(old), new=as_json(new)
            )
    return round_


@transaction.atomic
def indicator_set_shared(*, indicator: Indicator, user: Any, shared: bool) -> Indicator:
    """One province-wide result (entered by the work group) or one result per district.

    Only before the round opens: once results exist, changing how they are entered would
    orphan them, and a running round's definitions never change.
    """
    round_ = indicator.round
    require_manager(user, round_)
    if round_.status != RoundStatus.DRAFT:
        raise WorkflowError(_("เปลี่ยนวิธีบันทึกผลได้ก่อนเปิดรอบการประเมินเท่านั้น"))
    if indicator.shared != shared:
        old = indicator.shared
        indicator.shared = shared
        indicator.save(update_fields=["shared"])
        history.record(
            round_,
            user,
            "indicator_entry",
            indicator_code=indicator.code,
            field_name="shared",
            old=old,
            new=shared,
        )
    return indicator


@transaction.atomic
def round_evidence_update(*, round_: Round, user: Any, required: set[str]) -> Round:
    """Which indicators a district must attach evidence to before it submits (codes).

    A workflow setting, not a definition the round is scored with, so it may change while
    the round runs; what is already submitted stays submitted (the rule is checked at
    submit). Not in a closed round: nobody submits there."""
    require_manager(user, round_)
    if round_.status == RoundStatus.CLOSED:
        raise WorkflowError(_("รอบการประเมินปิดแล้ว แก้ไขการตั้งค่าไม่ได้"))
    indicators = list(round_.indicators.filter(shared=False).order_by("position"))
    unknown = set(required) - {i.code for i in indicators}
    if unknown:
        raise WorkflowError(
            _("ไม่มีตัวชี้วัดรายอำเภอรหัส %(codes)s ในรอบนี้"),
            params={"codes": ", ".join(str(c)[:20] for c in sorted(unknown)[:5])},
        )
    for indicator in indicators:
        wanted = indicator.code in required
        if indicator.evidence_required != wanted:
            indicator.evidence_required = wanted
            indicator.save(update_fields=["evidence_required"])
            history.record(
                round_,
                user,
                "indicator_evidence",
                indicator_code=indicator.code,
                field_name="evidence_required",
                old=not wanted,
                new=wanted,
            )
    return round_
