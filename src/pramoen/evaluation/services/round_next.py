"""The next round from this one: round 2 from round 1 of the same fiscal year (round 1 of the
next year from a round 2), its scorecard copied into a new draft for the province to edit, so
nobody retypes it. Periods come from the fiscal year; results, evaluations' states and the
history stay with the old round."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core import check
from pramoen.core.report import finding_dict
from pramoen.core.thai import round_period

from .. import permissions
from ..errors import WorkflowError
from ..models import Evaluation, Indicator, IndicatorLevel, Round, RoundStatus
from ..selectors.rounds import round_scorecard
from . import history
from .history import require


def next_round_key(round_: Round) -> tuple[int, int]:
    """(fiscal year, number) of the round after ``round_``."""
    if round_.number == 1:
        return round_.fiscal_year, 2
    return round_.fiscal_year + 1, 1


def _copy(instance: Any, **overrides: Any) -> Any:
    """An unsaved copy of a model row: every concrete field but its key, then ``overrides``."""
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    values.update(overrides)
    return model(**values)


@transaction.atomic
def round_start_next(*, round_: Round, user: Any) -> Round:
    """A new draft round after ``round_`` with its indicators, levels, applicability, shares,
    bands and settings; refused if that round exists already."""
    require(permissions.can_manage_round(permissions.membership_of(user), round_), "manage")
    if round_.status == RoundStatus.DRAFT:
        raise WorkflowError(_("รอบนี้ยังเป็นร่าง เปิดใช้รอบนี้ก่อน จึงเริ่มรอบถัดไปจากรอบนี้ได้"))
    fiscal_year, number = next_round_key(round_)
    taken = Round.objects.filter(province=round_.province, fiscal_year=fiscal_year, number=number)
    if taken.exists():
        raise WorkflowError(
            _("รอบ %(code)s มีอยู่แล้ว แก้ไขรอบนั้นแทน"), params={"code": f"{fiscal_year}-{number}"}
        )
    start, end = round_period(fiscal_year, number)
    new = _copy(
        round_,
        fiscal_year=fiscal_year,
        number=number,
        period_start=start,
        period_end=end,
        status=RoundStatus.DRAFT,
        source_name=_("คัดลอกจากรอบ %(code)s") % {"code": round_.code},
        findings=[],
        imported_by_id=getattr(user, "pk", None),
    )
    new.save()
    for indicator in round_.indicators.prefetch_related("levels", "districts"):
        copy = _copy(indicator, round_id=new.pk)
        copy.save()
        IndicatorLevel.objects.bulk_create(
            _copy(level, indicator_id=copy.pk) for level in indicator.levels.all()
        )
        copy.districts.set(indicator.districts.all())
    Evaluation.objects.bulk_create(
        Evaluation(round=new, district=e.district) for e in round_.evaluations.all()
    )
    new.findings = [finding_dict(f) for f in check(round_scorecard(new))]
    new.save(update_fields=["findings"])
    history.record(
        new,
        user,
        "round_started_from",
        new={"from": round_.code, "indicators": Indicator.objects.filter(round=new).count()},
    )
    return new
