"""Server-side setup used by the CLI: Django itself, importing a document, the demo.

The province, its districts, work groups and people are made by ``pramoen.accounts.services``;
the demo only says which.
"""

from __future__ import annotations

import os
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


# The demo's people have names, as real ones do: the forms print them under the signatures.
DEMO_NAMES = {
    "wg-coordination": "วิไลวรรณ ศรีสุข",
    "wg-strategy": "ประเสริฐ ทองดี",
    "wg-promotion": "มาลี พูลสวัสดิ์",
    "wg-information": "ธนากร แสงทอง",
    "d2001": "อนุชา บุญมา",
    "d2002": "กนกวรรณ ศรีประเสริฐ",
    "d2003": "วีระพงษ์ จันทร์เพ็ญ",
    "d2004": "สุภาพร แก้วมณี",
    "d2005": "ชัยวัฒน์ สมบูรณ์ผล",
    "d2006": "นงลักษณ์ วงศ์ใหญ่",
    "d2007": "ปิยะพงษ์ ศักดิ์ดี",
    "d2008": "รัตนา มีสุข",
    "d2009": "สมศักดิ์ พรหมมา",
    "d2010": "จันทร์เพ็ญ ทองคำ",
    "d2011": "วรวุฒิ นาคสวัสดิ์",
}


def demo(document: Path) -> tuple[Any, list[DemoAccount]]:
    """Chonburi, its FY2568 round 1 open, and an account per role with fresh random passwords."""
    from pramoen.accounts.services import province_setup, user_create, work_groups
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
    specs: list[tuple[str, str, dict[str, str], str, str, str]] = [
        ("province", "province", {}, "จังหวัด (พัฒนาการจังหวัด)", "สมชาย ใจดี", ""),
        (
            "viewer",
            "viewer",
            {},
            "ผู้ดูข้อมูล (ฝ่ายบริหารทรัพยากรบุคคล)",
            "สมหญิง รักงาน",
            "นักทรัพยากรบุคคลชำนาญการ",
        ),
    ]
    for wg in work_groups():
        name = DEMO_NAMES.get(f"wg-{wg.code}", "")
        specs.append((f"wg-{wg.code}", "work_group", {"work_group": wg.code}, wg.name_th, name, ""))
    for d in province.districts.order_by("code"):
        name = DEMO_NAMES.get(f"d{d.code}", "")
        specs.append(
            (f"d{d.code}", "district", {"district": d.code}, f"อำเภอ{d.name_th}", name, "")
        )
    # positions left blank take the role's title in its unit ("พัฒนาการอำเภอบ้านบึง")
    for username, role, unit, label, name, position in specs:
        user, password = user_create(
            username=username,
            role=role,
            province=province,
            full_name=name,
            position=position,
            **unit,
        )
        # an address per account, so that the demo's mail (printed to the console) has one
        user.email = f"{username}@example.org"
        user.save(update_fields=["email"])
        accounts.append(DemoAccount(username, role, label, password))
    return round_, accounts
