"""Commands that set up a province and its people: setup-province, createuser (the same
services as the web)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..accounts.errors import AccountError
from ..core.districts import load_district_csv
from ..core.errors import PramoenError
from .base import EXIT_OK, fail, province_named, server


def _account_failure(exc: AccountError, options: dict[str, str]) -> int:
    """The service's message, pointing at this command's option for the field at fault."""
    option = options.get(exc.field)
    return fail(f"{exc.message} ({option})" if option else exc.message)


def cmd_setup_province(args: argparse.Namespace) -> int:
    server()
    from ..accounts.services import province_setup
    from ..web import bootstrap

    bootstrap.migrate()
    try:
        districts = load_district_csv(args.districts) if args.districts else None
        province = province_setup(
            code=args.code, name_th=args.name_th, name_en=args.name_en, districts=districts
        )
    except AccountError as exc:
        return _account_failure(exc, SETUP_PROVINCE_OPTIONS)
    except PramoenError as exc:
        return fail(str(exc))
    districts_n, groups_n = province.districts.count(), province.work_groups.count()
    print(f"{province.name_th}: {districts_n} อำเภอ, {groups_n} กลุ่มงาน")
    return EXIT_OK


SETUP_PROVINCE_OPTIONS = {
    "code": "--code",
    "name_th": "--name-th",
    "name_en": "--name-en",
    "districts": "--districts",
}


CREATEUSER_OPTIONS = {
    "username": "USERNAME",
    "role": "--role",
    "province": "--province",
    "district": "--district",
    "work_group": "--work-group",
    "full_name": "--name",
    "password": "--password-stdin",
}


def cmd_createuser(args: argparse.Namespace) -> int:
    server()
    from ..accounts.services import user_create
    from ..web import bootstrap

    bootstrap.migrate()
    try:
        province = None if args.role == "department" else province_named(args.province)
        password = sys.stdin.readline().strip() if args.password_stdin else None
        user, password = user_create(
            username=args.username,
            role=args.role,
            province=province,
            district=args.district,
            work_group=args.work_group,
            password=password,
            full_name=args.name or "",
        )
    except AccountError as exc:
        return _account_failure(exc, CREATEUSER_OPTIONS)
    except PramoenError as exc:
        return fail(str(exc))
    print(
        f"{user.username}: {password}"
        if not args.password_stdin
        else f"{user.username}: ตั้งรหัสผ่านแล้ว"
    )
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("setup-province", help="สร้างจังหวัด อำเภอ กลุ่มงาน (province, districts)")
    p.add_argument("--code", default="20")
    p.add_argument("--name-th", default="ชลบุรี")
    p.add_argument("--name-en", default="Chon Buri")
    p.add_argument("--districts", metavar="CSV", help="code,name_th,name_en (default: Chonburi)")
    p.set_defaults(func=cmd_setup_province)

    p = sub.add_parser("createuser", help="สร้างผู้ใช้ (create a user; prints a random password)")
    p.add_argument("username")
    p.add_argument(
        "--role",
        required=True,
        choices=["province", "work_group", "district", "viewer", "department"],
    )
    p.add_argument("--district", metavar="CODE")
    p.add_argument("--work-group", metavar="CODE")
    p.add_argument("--province", metavar="CODE")
    p.add_argument("--name", help="ชื่อ-นามสกุล")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_createuser)
