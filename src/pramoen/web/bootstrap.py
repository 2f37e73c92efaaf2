"""Server-side setup used by the CLI: the province, its users, the demo."""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.web.settings")
    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


CHONBURI = ("20", "ชลบุรี", "Chon Buri")


def province_setup(
    *,
    code: str = CHONBURI[0],
    name_th: str = CHONBURI[1],
    name_en: str = CHONBURI[2],
    districts: Sequence[Any] | None = None,
) -> Any:
    """Create or update the province, its districts and its four work groups (idempotent)."""
    from django.db import transaction

    from pramoen.accounts.models import District, Province, WorkGroup
    from pramoen.core.districts import WORK_GROUPS, chonburi

    with transaction.atomic():
        province, _ = Province.objects.update_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en}
        )
        for d in districts if districts is not None else chonburi():
            District.objects.update_or_create(
                code=d.code,
                defaults={"province": province, "name_th": d.name_th, "name_en": d.name_en},
            )
        for _, wg in WORK_GROUPS:
            WorkGroup.objects.update_or_create(
                province=province,
                code=wg.code,
                defaults={"name_th": wg.name_th, "name_en": wg.name_en},
            )
    return province


def random_password() -> str:
    return secrets.token_urlsafe(12)


def user_create(
    *,
    username: str,
    role: str,
    province: Any | None,
    district: str | None = None,
    work_group: str | None = None,
    password: str | None = None,
    full_name: str = "",
) -> tuple[Any, str]:
    """Create (or reset) a user with one role; returns the user and the password set."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from pramoen.accounts.models import District, Membership, Role, WorkGroup

    if role not in Role.values:
        raise ValueError(f"role must be one of {', '.join(Role.values)}")
    if role == Role.DISTRICT and not district:
        raise ValueError("--district CODE is required for a district officer")
    if role == Role.WORK_GROUP and not work_group:
        raise ValueError("--work-group CODE is required for a work group member")
    if role == Role.DEPARTMENT:
        province, district, work_group = None, None, None  # the department has no province
    district_obj = District.objects.get(code=district, province=province) if district else None
    group_obj = WorkGroup.objects.get(code=work_group, province=province) if work_group else None
    password = password or random_password()
    with transaction.atomic():
        user, _ = get_user_model().objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "role": role,
                "province": province,
                "district": district_obj if role == Role.DISTRICT else None,
                "work_group": group_obj if role == Role.WORK_GROUP else None,
            },
        )
    return user, password


def import_document(
    *, province: Any, path: Path, accept_errors_reason: str = "", open_round: bool = False
) -> Any:
    from pramoen.core import read_document
    from pramoen.evaluation import services

    text = read_document(path)
    round_ = services.scorecard_import(
        province=province,
        text=text,
        source_name=path.name,
        user=None,
        accept_errors_reason=accept_errors_reason,
    )
    if open_round:
        services.round_set_status(round_=round_, user=None, status="open")
    return round_


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str
    password: str


DEMO_DOCUMENT_REASON = (
    "เอกสารจริงของจังหวัดชลบุรี ปีงบประมาณ ๒๕๖๘ รอบ ๑ นำเข้าตามต้นฉบับเพื่อสาธิต "
    "(น้ำหนักรายบุคคลของพานทองและศรีราชารวม ๘๕ และ 'บ้านนา' ไม่ใช่อำเภอของชลบุรี)"
)


def demo(document: Path) -> tuple[Any, list[DemoAccount]]:
    """Chonburi, its FY2568 round 1 open, and an account per role with fresh random passwords."""
    from pramoen.core.districts import WORK_GROUPS
    from pramoen.evaluation.models import Round

    migrate()
    province = province_setup()
    round_ = Round.objects.filter(province=province, fiscal_year=2568, number=1).first()
    if round_ is None:
        round_ = import_document(
            province=province,
            path=document,
            accept_errors_reason=DEMO_DOCUMENT_REASON,
            open_round=True,
        )
    accounts = []
    specs: list[tuple[str, str, dict[str, str], str, str]] = [
        ("province", "province", {}, "จังหวัด (พัฒนาการจังหวัด)", "สมชาย ใจดี"),
        ("viewer", "viewer", {}, "ผู้ดูข้อมูล (ฝ่ายบริหารทรัพยากรบุคคล)", "สมหญิง รักงาน"),
    ]
    for _, wg in WORK_GROUPS:
        specs.append((f"wg-{wg.code}", "work_group", {"work_group": wg.code}, wg.name_th, ""))
    for d in province.districts.order_by("code"):
        specs.append((f"d{d.code}", "district", {"district": d.code}, f"อำเภอ{d.name_th}", ""))
    for username, role, unit, label, name in specs:
        _, password = user_create(
            username=username, role=role, province=province, full_name=name, **unit
        )
        accounts.append(DemoAccount(username, role, label, password))
    return round_, accounts
