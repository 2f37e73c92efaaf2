"""The round's appraisal setup: the competency set, its expected levels, the scoring method and
the component weights, the province office's to set; locked once an appraisal is rated."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.core import appraisal as core
from pramoen.evaluation import limits
from pramoen.evaluation.errors import (
    ConflictError,
    InvalidInput,
    WorkflowError,
)
from pramoen.evaluation.models import Round
from pramoen.evaluation.services import history

from ..models import Appraisal, AppraisalSetup, AppraisalStatus, Method
from .common import MAX_SHORT, setup_of


@dataclass(frozen=True)
class SetupInput:
    method: str
    weight_achievement: str
    weight_competency: str
    competencies: list[dict[str, Any]]
    # the setup's version the page showed (0: the defaults, never saved)
    version: int = 0


def _weight(text: str, *, field: str, label: Promise) -> Decimal:
    """A component weight as ``limits`` takes a weight (0–100, two places, Thai digits)."""
    try:
        return limits.parse_weight(text, field=field)
    except InvalidInput as exc:
        if exc.code in ("weight-range", "weight-places"):
            raise
        raise InvalidInput(
            _("%(label)s ต้องเป็นตัวเลข"), field=field, params={"label": label}
        ) from None


def _competencies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) > limits.MAX_COMPETENCIES:
        raise InvalidInput(
            _("ชุดสมรรถนะมีได้ไม่เกิน %(n)s รายการ"),
            field=f"code-{limits.MAX_COMPETENCIES + 1}",
            params={"n": limits.MAX_COMPETENCIES},
        )
    out: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=1):
        code = limits.clean_text(
            row.get("code", ""), field=f"code-{n}", max_length=limits.MAX_COMPETENCY_CODE
        ).strip()
        name = limits.clean_text(row.get("name_th", ""), field=f"name-{n}", max_length=MAX_SHORT)
        if limits.is_blank(code) or limits.is_blank(name):
            raise InvalidInput(
                _("สมรรถนะแถวที่ %(n)s: ต้องมีทั้งรหัสและชื่อ"), field=f"code-{n}", params={"n": n}
            )
        try:
            expected = int(str(row.get("expected", "")).strip())
        except ValueError:
            expected = 0
        if expected not in core.LEVELS:
            raise InvalidInput(
                _("สมรรถนะแถวที่ %(n)s: ระดับที่คาดหวังต้องเป็น 1 ถึง 5"),
                field=f"expected-{n}",
                params={"n": n},
            )
        if any(c["code"] == code for c in out):
            raise InvalidInput(
                _("สมรรถนะแถวที่ %(n)s: รหัส %(code)s ซ้ำ"),
                field=f"code-{n}",
                params={"n": n, "code": code},
            )
        name_en = limits.clean_text(row.get("name_en", ""), field=f"name-en-{n}", max_length=200)
        out.append(
            {
                "code": code,
                "name_th": name.strip(),
                "name_en": name_en.strip(),
                "expected": expected,
            }
        )
    if not out:
        raise InvalidInput(_("ต้องมีสมรรถนะอย่างน้อยหนึ่งรายการ"), field="code-1")
    return out


@transaction.atomic
def setup_save(*, round_: Round, user: Any, data: SetupInput) -> AppraisalSetup:
    history.require_manager(user, round_)
    if data.method not in Method.values:
        raise InvalidInput(_("วิธีประเมินสมรรถนะไม่ถูกต้อง"), field="method")
    weights = core.Weights(
        _weight(
            data.weight_achievement, field="weight_achievement", label=gettext_lazy("น้ำหนักผลสัมฤทธิ์")
        ),
        _weight(
            data.weight_competency, field="weight_competency", label=gettext_lazy("น้ำหนักพฤติกรรม")
        ),
    )
    problems = core.weights_problems(weights)
    if problems:
        raise InvalidInput("; ".join(problems), field="weight_achievement")
    competencies = _competencies(data.competencies)
    if (
        Appraisal.objects.filter(evaluation__round=round_)
        .exclude(status=AppraisalStatus.RATING)
        .exists()
    ):
        raise WorkflowError(_("มีแบบประเมินที่ประเมินแล้วในรอบนี้ เปิดแบบประเมินใหม่ก่อนจึงเปลี่ยนการตั้งค่าได้"))
    fields = {
        "method": data.method,
        "weight_achievement": weights.achievement,
        "weight_competency": weights.competency,
        "competencies": competencies,
    }
    _store(round_, data.version, fields)
    history.record(round_, user, "appraisal_setup", new={"method": data.method})
    return setup_of(round_)


STALE = gettext_lazy("มีผู้อื่นบันทึกการตั้งค่านี้หลังจากที่คุณเปิดอ่าน จึงยังไม่ได้บันทึกของคุณ")


def _store(round_: Round, version: int, fields: dict[str, Any]) -> None:
    """Write the setup only over the version the page was read at."""
    if version == 0 and not AppraisalSetup.objects.filter(round=round_).exists():
        try:
            with transaction.atomic():  # two first saves at once: one wins, the other is told
                AppraisalSetup.objects.create(round=round_, version=1, **fields)
            return
        except IntegrityError:
            raise ConflictError(STALE) from None
    updated = AppraisalSetup.objects.filter(round=round_, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise ConflictError(STALE)


# --- the flow ------------------------------------------------------------------------------
