"""The appraisal of a district officer for a round (the OCSC's appraisal summary form): the
achievement comes from the approved KPI evaluation (never typed again), the competencies are
rated by the evaluator against the round's set, then the evaluatee acknowledges, the supervisor
above comments, and it is final. ``AppraisalSetup`` is the province's choice for the round."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pramoen.core import appraisal as core
from pramoen.evaluation.models import Evaluation, Round


def default_competencies() -> list[dict[str, Any]]:
    return [
        {"code": c.code, "name_th": c.name_th, "name_en": c.name_en, "expected": c.expected}
        for c in core.DEFAULT_COMPETENCIES
    ]


class Method(models.TextChoices):
    GAP = core.Method.GAP.value, _("เทียบกับระดับที่คาดหวัง (0–3 คะแนน)")
    SCALE = core.Method.SCALE.value, _("ให้คะแนน 1–5")


class AppraisalSetup(models.Model):
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="appraisal_setup")
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.GAP)
    weight_achievement = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(70))
    weight_competency = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(30))
    competencies = models.JSONField(default=default_competencies)
    # 0 until first saved; each save adds one, and a save from a page read at another version
    # is refused (two tabs, two officers: never the later one silently over the other)
    version = models.PositiveIntegerField(default=0)

    def core_competencies(self) -> tuple[core.Competency, ...]:
        return tuple(
            core.Competency(c["code"], c["name_th"], c.get("name_en", ""), int(c["expected"]))
            for c in self.competencies
        )

    def weights(self) -> core.Weights:
        return core.Weights(self.weight_achievement, self.weight_competency)


class AppraisalStatus(models.TextChoices):
    RATING = "rating", _("รอผู้ประเมินประเมินสมรรถนะ")
    ACKNOWLEDGING = "acknowledging", _("รอผู้รับการประเมินรับทราบ")
    SUPERVISOR = "supervisor", _("รอความเห็นผู้บังคับบัญชาเหนือขึ้นไป")
    FINAL = "final", _("เสร็จสิ้น")


class Appraisal(models.Model):
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="appraisal"
    )
    status = models.CharField(
        max_length=20, choices=AppraisalStatus.choices, default=AppraisalStatus.RATING
    )
    version = models.PositiveIntegerField(default=1)
    # competency code -> the level (gap) or rating (scale) the evaluator gave
    ratings = models.JSONField(default=dict)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluator_comment = models.TextField(blank=True)
    # the development plan: [{"what": …, "how": …, "when": …}]
    plan = models.JSONField(default=list)
    rated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # "ไม่ลงนามรับทราบ": the evaluatee did not sign; the evaluator records it with a witness
    not_signed = models.BooleanField(default=False)
    witness = models.CharField(max_length=200, blank=True)
    supervisor_name = models.CharField(max_length=200, blank=True)
    supervisor_position = models.CharField(max_length=200, blank=True)
    supervisor_comment = models.TextField(blank=True)
    supervisor_at = models.DateTimeField(null=True, blank=True)
    supervisor_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.evaluation} ({self.status})"
