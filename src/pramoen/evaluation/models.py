"""Rounds, their snapshotted indicators, evaluations, results, evidence and history.

A round's indicators are copied from the imported document when the round is created and are
never edited afterwards: re-importing creates a new round, so a running or past round keeps the
definitions it was scored with.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pramoen.accounts.models import District, Province, WorkGroup


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("ยังไม่เปิด")
    OPEN = "open", _("เปิดรอบ")
    CLOSED = "closed", _("ปิดรอบ")


class Round(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="rounds")
    fiscal_year = models.PositiveIntegerField()  # Buddhist era
    number = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    position = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    team_share = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0.5"))
    shares_default = models.BooleanField(default=True)
    # [[minimum, label_th, label_en], …] from the highest band down; empty = the default bands
    bands = models.JSONField(default=list, blank=True)
    interpolate = models.BooleanField(default=False)
    source_name = models.CharField(max_length=255, blank=True)
    source_text = models.TextField(blank=True)
    findings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "number"], name="round_unique_per_province"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}-{self.number}"

    @property
    def code(self) -> str:
        return f"{self.fiscal_year}-{self.number}"

    @property
    def individual_share(self) -> Decimal:
        return Decimal(1) - self.team_share


class IndicatorGroup(models.TextChoices):
    TEAM = "team", _("ตัวชี้วัดรายทีม")
    INDIVIDUAL = "individual", _("ตัวชี้วัดรายบุคคล")


class Indicator(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=10)  # T1, I2a …
    group = models.CharField(max_length=12, choices=IndicatorGroup.choices)
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
    weight = models.DecimalField(max_digits=6, decimal_places=2)
    work_group = models.ForeignKey(WorkGroup, on_delete=models.PROTECT, related_name="indicators")
    kind = models.CharField(max_length=10)  # threshold | ladder
    # One province-wide result entered by the work group (team indicators by default) or one
    # result per district.
    shared = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()
    # Applicability as written ("all", "only", "except") and resolved to districts.
    applies_mode = models.CharField(max_length=10, default="all")
    # Set by the province (a round setting): a district cannot submit without evidence here.
    evidence_required = models.BooleanField(default=False)
    districts = models.ManyToManyField(District, related_name="indicators")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorLevel(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField()
    text = models.TextField()
    # [{"measure", "op", "value" (decimal string), "unit"}]
    criteria = models.JSONField(default=list)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level"], name="indicator_level_unique")
        ]


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งแล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    APPROVED = "approved", _("อนุมัติแล้ว")


class Evaluation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evaluations")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="evaluations")
    status = models.CharField(
        max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["district__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "district"], name="evaluation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.district.name_th}"

    @property
    def is_locked(self) -> bool:
        return self.status == EvaluationStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return (
            self.status in (EvaluationStatus.DRAFT, EvaluationStatus.RETURNED)
            and self.round.status == RoundStatus.OPEN
        )


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("รอตรวจสอบ")
    VERIFIED = "verified", _("ตรวจสอบแล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")


def counted_level(status: str, verified_level: Decimal | None) -> Decimal | None:
    """The level that counts toward the official score: the verified one, and only once the
    result is verified (a returned or re-submitted result counts nothing until verified again).
    The one statement of "only verified levels count"."""
    return verified_level if status == ResultStatus.VERIFIED else None


class Result(models.Model):
    """What was reported for one indicator: per district, or shared (district empty)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    values = models.JSONField(default=dict, blank=True)  # measure -> decimal string (ladders)
    met = models.JSONField(default=list, blank=True)  # ticked milestone levels
    note = models.TextField(blank=True)
    self_level = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    verified_level = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    verification_comment = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district"],
                condition=models.Q(district__isnull=False),
                name="result_unique_per_district",
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(district__isnull=True),
                name="result_unique_shared",
            ),
        ]

    @property
    def official_level(self) -> Decimal | None:
        return counted_level(self.status, self.verified_level)


def _evidence_name(instance: Evidence, filename: str) -> str:
    # A random name: the uploaded name is kept in the database only, never on disk.
    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_name, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class HistoryEvent(models.Model):
    """One recorded change: who, when, what, old → new, why. Written once, never changed."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="history")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="history"
    )
    result = models.ForeignKey(
        Result, null=True, blank=True, on_delete=models.PROTECT, related_name="history"
    )
    indicator_code = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    field = models.CharField(max_length=40, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args: object, **kwargs: object) -> None:
        # History is append-only: an existing event is never rewritten.
        if self.pk is not None:
            raise ValueError("history events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("history events cannot be deleted")
