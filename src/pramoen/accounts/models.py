"""Organisation (province, districts, work groups) and who belongs where."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(max_length=8, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class WorkGroup(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="work_groups")
    code = models.CharField(max_length=40)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="work_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_th


class Role(models.TextChoices):
    PROVINCE = "province", _("จังหวัด")
    WORK_GROUP = "work_group", _("กลุ่มงาน")
    DISTRICT = "district", _("อำเภอ")
    VIEWER = "viewer", _("ผู้ดูข้อมูล")
    DEPARTMENT = "department", _("กรม (ส่วนกลาง)")


class Membership(models.Model):
    """A user's one role: the province office, a work group, a district, a read-only viewer
    of one province, or the department (read-only, every province's summary; no province)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT)
    work_group = models.ForeignKey(WorkGroup, null=True, blank=True, on_delete=models.PROTECT)
    # The person's official position as printed under their signature on the forms; blank:
    # the role's usual title in its unit (``position``).
    position_th = models.CharField(max_length=200, blank=True)
    # The interface language the person chose with the switch; blank: Thai (the default,
    # whatever the browser asks for). Kept here, not only in a cookie, so it follows the
    # person to another browser (pramoen.accounts.language).
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="district", district__isnull=False, work_group__isnull=True)
                    | models.Q(role="work_group", work_group__isnull=False, district__isnull=True)
                    | models.Q(
                        role__in=["province", "viewer"],
                        district__isnull=True,
                        work_group__isnull=True,
                    )
                )
                & models.Q(province__isnull=False)
                | models.Q(
                    role="department",
                    province__isnull=True,
                    district__isnull=True,
                    work_group__isnull=True,
                ),
                name="membership_role_matches_unit",
            )
        ]

    @property
    def name(self) -> str:
        """The person's full name as printed on the forms (the user name when none is set)."""
        return str(self.user.get_full_name() or self.user.username)

    @property
    def position(self) -> str:
        """The person's position: the one set, else the role's usual title in its unit."""
        if self.position_th:
            return self.position_th
        if self.role == Role.DISTRICT and self.district is not None:
            return f"พัฒนาการอำเภอ{self.district.name_th}"
        if self.role == Role.PROVINCE and self.province is not None:
            return f"พัฒนาการจังหวัด{self.province.name_th}"
        if self.role == Role.WORK_GROUP and self.work_group is not None:
            return f"หัวหน้า{self.work_group.name_th}"
        return ""

    def __str__(self) -> str:
        unit = self.district or self.work_group or self.province or ""
        return f"{self.user} ({self.get_role_display()} {unit})"


# What a membership is read with: every page's header names the district or work group
# (membership_of here, accounts.backends with the signed-in user)
MEMBERSHIP_UNITS = ("province", "district", "work_group")


def membership_of(user: Any) -> Membership | None:
    """The signed-in, active user's membership (None for anyone else)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    # read already: with the signed-in user (accounts.backends), or earlier in this request
    if "membership" in user._state.fields_cache:
        try:
            m: Membership = user.membership
        except Membership.DoesNotExist:
            return None
        return m
    try:
        found = Membership.objects.select_related(*MEMBERSHIP_UNITS).get(user_id=user.pk)
    except Membership.DoesNotExist:
        return None
    user.membership = found  # cached on the user, as reading user.membership would
    return found


class PersonEvent(models.Model):
    """The permanent record of a change to a person's account: who changed whose, what and when
    (added, changed, deactivated, reactivated, unlocked, a reset link sent, a password changed).
    People are deactivated, never deleted, so the record always names them."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )  # None: the command line
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="person_events"
    )
    province = models.ForeignKey(Province, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["province", "-at"])]


class PasswordResetRequest(models.Model):
    """One "forgot password" request, for the rate limit (kept in the database, so every app
    server counts the same). The address is kept as a hash: the table is no list of emails."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    client = models.CharField(max_length=64)
    email_hash = models.CharField(max_length=64, db_index=True)
