"""The appraisal's steps: evaluator rates → evaluatee acknowledges (or the evaluator records
that they did not sign, with a witness) → supervisor's comment → final; reopen with a reason.
Each asks ``evaluation.permissions`` who may, checks the state and the limits itself, records
the step in the evaluation's history and tells the next person."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.accounts.models import Role
from pramoen.core import appraisal as core
from pramoen.evaluation import limits, permissions
from pramoen.evaluation.errors import (
    ConflictError,
    InvalidInput,
    Named,
    NotAllowed,
    ServiceError,
    WorkflowError,
)
from pramoen.evaluation.models import Evaluation, EvaluationStatus
from pramoen.evaluation.services import history
from pramoen.evaluation.services.history import require
from pramoen.notifications import services as notifications

from ..models import Appraisal, AppraisalSetup, AppraisalStatus
from .common import MAX_PLAN_ITEMS, MAX_SHORT, appraisal_of, setup_of


def _bump(appraisal: Appraisal, version: int, **fields: Any) -> None:
    updated = Appraisal.objects.filter(pk=appraisal.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if updated == 0:
        raise ConflictError(_("แบบประเมินถูกเปลี่ยนโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่"))
    for name, value in fields.items():
        setattr(appraisal, name, value)
    appraisal.version = version + 1


def _evaluators_step(user: Any, evaluation: Evaluation, status: str) -> Appraisal:
    """The preconditions of an evaluator's step after the rating: who may, the KPI evaluation
    still approved, the appraisal there and at ``status``."""
    require(permissions.can_appraise(permissions.membership_of(user), evaluation), "appraise")
    _require_kpi_approved(evaluation)
    appraisal = _existing(evaluation)
    _require_status(appraisal, status)
    return appraisal


def _require_status(appraisal: Appraisal, *allowed: str) -> None:
    if appraisal.status not in allowed:
        raise WorkflowError(
            _("แบบประเมินอยู่ในขั้น “%(status)s” ทำขั้นนี้ไม่ได้"),
            params={"status": AppraisalStatus(appraisal.status).label},
        )


def _plan(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for n, row in enumerate(rows[: MAX_PLAN_ITEMS + 1], start=1):
        if n > MAX_PLAN_ITEMS:
            raise InvalidInput(
                _("แผนพัฒนารายบุคคลมีได้ไม่เกิน %(n)s รายการ"), field="plan", params={"n": MAX_PLAN_ITEMS}
            )
        item = {
            key: limits.clean_text(
                row.get(key, ""), field=f"plan-{key}-{n}", max_length=size
            ).strip()
            for key, size in (
                ("what", limits.MAX_NOTE),
                ("how", limits.MAX_NOTE),
                ("when", MAX_SHORT),
            )
        }
        if any(item.values()):
            out.append(item)
    return out


def _ratings(raw: dict[str, Any], setup: AppraisalSetup) -> dict[str, int]:
    ratings: dict[str, int] = {}
    for raw_code, value in raw.items():
        code = limits.clean_text(raw_code, field="ratings", max_length=len(str(raw_code)))
        if len(code) > limits.MAX_COMPETENCY_CODE:  # no competency has it: said, not echoed
            raise InvalidInput(
                _("สมรรถนะ %(names)s ไม่อยู่ในชุดสมรรถนะของรอบนี้"),
                field="ratings",
                params={"names": code[: limits.MAX_COMPETENCY_CODE] + "…"},
            )
        try:
            ratings[code] = int(str(value).strip())
        except ValueError:
            raise InvalidInput(
                _("ระดับสมรรถนะ %(code)s ต้องเป็นตัวเลข 1 ถึง 5"),
                field=f"rating-{code}",
                params={"code": code},
            ) from None
    competencies = setup.core_competencies()
    try:
        core.competency_score(core.Method(setup.method), competencies, ratings)
    except core.RatingError as exc:  # the core's rule, said in the reader's language
        english = {c.name_th: c.name_en for c in competencies}  # an unknown one is its code
        names = Named.joined(Named(name, english.get(name, "")) for name in exc.names)
        messages = {
            "out-of-range": _("สมรรถนะ %(names)s: ระดับไม่อยู่ในช่วง 1 ถึง 5"),
            "unknown": _("สมรรถนะ %(names)s ไม่อยู่ในชุดสมรรถนะของรอบนี้"),
            "missing": _("ยังไม่ได้ประเมินสมรรถนะ: %(names)s"),
            "empty": _("ไม่มีสมรรถนะที่จะประเมิน"),
        }
        raise InvalidInput(messages[exc.kind], field="ratings", params={"names": names}) from None
    return ratings


def _kpi_problems(evaluation: Evaluation) -> list[ServiceError]:
    if evaluation.status != EvaluationStatus.APPROVED:
        return [
            WorkflowError(
                _("ประเมินได้เมื่อผลการประเมินตัวชี้วัด (KPI) ของอำเภอได้รับอนุมัติแล้วเท่านั้น"),
                code="kpi-not-approved",
            )
        ]
    return []


def rating_problems(*, evaluation: Evaluation, user: Any) -> list[ServiceError]:
    """Why the evaluator may not rate now (nothing is written): who, then the KPI approval."""
    if not permissions.can_appraise(permissions.membership_of(user), evaluation):
        return [NotAllowed(permissions.refusal("appraise"))]
    return _kpi_problems(evaluation)


def _require_kpi_approved(evaluation: Evaluation) -> None:
    problems = _kpi_problems(evaluation)
    if problems:
        raise problems[0]


@transaction.atomic
def appraisal_rate(
    *,
    evaluation: Evaluation,
    user: Any,
    ratings: dict[str, Any],
    comment: str,
    plan: list[dict[str, Any]],
    version: int,
) -> Appraisal:
    problems = rating_problems(evaluation=evaluation, user=user)
    if problems:
        raise problems[0]
    setup = setup_of(evaluation.round)
    clean = _ratings(ratings, setup)
    comment = limits.clean_text(comment, field="comment").strip()
    items = _plan(plan)
    appraisal = appraisal_of(evaluation)
    fields = {
        "ratings": clean,
        "evaluator_comment": comment,
        "plan": items,
        "evaluator": user,
        "rated_at": timezone.now(),
        "status": AppraisalStatus.ACKNOWLEDGING,
    }
    if appraisal.pk is None:
        if version not in (0, 1):
            raise ConflictError(_("แบบประเมินถูกเปลี่ยนโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่"))
        try:  # another tab's first rating may have been saved since it was read
            with transaction.atomic():
                appraisal = Appraisal.objects.create(evaluation=evaluation, **fields)
        except IntegrityError:
            raise ConflictError(_("แบบประเมินถูกเปลี่ยนโดยผู้อื่นแล้ว กรุณาโหลดหน้าใหม่")) from None
    else:
        _require_status(appraisal, AppraisalStatus.RATING)
        _bump(appraisal, version, **fields)
    history.record(
        evaluation.round, user, "appraisal_rated", evaluation=evaluation, new={"ratings": clean}
    )
    notifications.on_appraisal(evaluation, "appraisal_rated", to=Role.DISTRICT)
    return appraisal


def _existing(evaluation: Evaluation) -> Appraisal:
    appraisal = Appraisal.objects.filter(evaluation=evaluation).first()
    if appraisal is None:
        raise WorkflowError(_("ยังไม่มีแบบประเมินของอำเภอนี้"))
    return appraisal


@transaction.atomic
def appraisal_acknowledge(*, evaluation: Evaluation, user: Any, version: int) -> Appraisal:
    require(
        permissions.can_acknowledge_appraisal(permissions.membership_of(user), evaluation),
        "acknowledge",
    )
    _require_kpi_approved(evaluation)
    appraisal = _existing(evaluation)
    _require_status(appraisal, AppraisalStatus.ACKNOWLEDGING)
    _bump(
        appraisal,
        version,
        acknowledged_by=user,
        acknowledged_at=timezone.now(),
        not_signed=False,
        witness="",
        status=AppraisalStatus.SUPERVISOR,
    )
    history.record(evaluation.round, user, "appraisal_acknowledged", evaluation=evaluation)
    notifications.on_appraisal(evaluation, "appraisal_acknowledged", to=Role.PROVINCE)
    return appraisal


@transaction.atomic
def appraisal_not_signed(
    *, evaluation: Evaluation, user: Any, witness: str, version: int
) -> Appraisal:
    """The evaluatee did not sign: the evaluator records it, with a witness, as the rules allow."""
    appraisal = _evaluators_step(user, evaluation, AppraisalStatus.ACKNOWLEDGING)
    witness = limits.clean_reason(
        limits.clean_text(witness, field="witness", max_length=MAX_SHORT),
        field="witness",
        message=_("ต้องระบุชื่อและตำแหน่งของพยาน"),
    )
    _bump(
        appraisal,
        version,
        not_signed=True,
        witness=witness,
        acknowledged_at=timezone.now(),
        acknowledged_by=None,
        status=AppraisalStatus.SUPERVISOR,
    )
    history.record(
        evaluation.round,
        user,
        "appraisal_not_signed",
        evaluation=evaluation,
        new={"witness": witness},
    )
    return appraisal


@transaction.atomic
def appraisal_supervisor(
    *, evaluation: Evaluation, user: Any, name: str, position: str, comment: str, version: int
) -> Appraisal:
    """The supervisor above's comment, entered by the province office: the appraisal is final."""
    appraisal = _evaluators_step(user, evaluation, AppraisalStatus.SUPERVISOR)
    name = limits.clean_reason(
        limits.clean_text(name, field="supervisor_name", max_length=MAX_SHORT),
        field="supervisor_name",
        message=_("ต้องระบุชื่อผู้บังคับบัญชาเหนือขึ้นไป"),
    )
    position = limits.clean_text(position, field="supervisor_position", max_length=MAX_SHORT)
    comment = limits.clean_text(comment, field="supervisor_comment").strip()
    _bump(
        appraisal,
        version,
        supervisor_name=name,
        supervisor_position=position.strip(),
        supervisor_comment=comment,
        supervisor_at=timezone.now(),
        supervisor_entered_by=user,
        status=AppraisalStatus.FINAL,
    )
    history.record(
        evaluation.round, user, "appraisal_supervisor", evaluation=evaluation, new={"name": name}
    )
    notifications.on_appraisal(evaluation, "appraisal_final", to=Role.DISTRICT)
    return appraisal


def _back_to_rating(appraisal: Appraisal, version: int) -> dict[str, str] | None:
    """To be rated again: the ratings kept, the acknowledgement and supervisor's step cleared
    (their name, position and comment too: they were about the rating before). Returns what
    the supervisor had written, for the reopen's history."""
    cleared = {
        "supervisor_name": appraisal.supervisor_name,
        "supervisor_position": appraisal.supervisor_position,
        "supervisor_comment": appraisal.supervisor_comment,
    }
    _bump(
        appraisal,
        version,
        status=AppraisalStatus.RATING,
        acknowledged_by=None,
        acknowledged_at=None,
        not_signed=False,
        witness="",
        supervisor_at=None,
        supervisor_entered_by=None,
        supervisor_name="",
        supervisor_position="",
        supervisor_comment="",
    )
    return cleared if any(cleared.values()) else None


@transaction.atomic
def appraisal_reopen(*, evaluation: Evaluation, user: Any, reason: str, version: int) -> Appraisal:
    require(permissions.can_appraise(permissions.membership_of(user), evaluation), "appraise")
    appraisal = _existing(evaluation)
    _require_status(
        appraisal, AppraisalStatus.ACKNOWLEDGING, AppraisalStatus.SUPERVISOR, AppraisalStatus.FINAL
    )
    reason = limits.clean_reason(reason, message=_("ต้องระบุเหตุผลของการเปิดแบบประเมินใหม่"))
    cleared = _back_to_rating(appraisal, version)
    history.record(
        evaluation.round,
        user,
        "appraisal_reopened",
        evaluation=evaluation,
        reason=reason,
        old=cleared,
    )
    notifications.on_appraisal(evaluation, "appraisal_reopened", to=Role.DISTRICT, reason=reason)
    return appraisal


def on_kpi_reopened(evaluation: Evaluation, user: Any, reason: str) -> None:
    """The KPI evaluation was reopened: its achievement may change, so an appraisal past the
    rating goes back to it (the ratings kept; acknowledgement and supervisor's comment cleared),
    recorded with the reopen's reason. Called by ``evaluation_reopen`` in its transaction."""
    appraisal = Appraisal.objects.select_for_update().filter(evaluation=evaluation).first()
    if appraisal is None or appraisal.status == AppraisalStatus.RATING:
        return
    cleared = _back_to_rating(appraisal, appraisal.version)
    history.record(
        evaluation.round,
        user,
        "appraisal_reopened",
        evaluation=evaluation,
        reason=reason,
        old=cleared,
    )
    # the evaluatee was asked to acknowledge (or did) a result that may now change: they are
    # told, as for a reopen of the appraisal itself, that it will come back to them
    notifications.on_appraisal(evaluation, "appraisal_reopened", to=Role.DISTRICT, reason=reason)
