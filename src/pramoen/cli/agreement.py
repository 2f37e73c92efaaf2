"""``pramoen export-doc``: the agreed KPI summary as the document both officers sign."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core import agreement, officialdoc
from ..core.districts import load_district_csv
from ..core.errors import PramoenError
from ..core.model import District, Scorecard
from .base import EXIT_OK, fail, province_named, server


def _from_round(args: argparse.Namespace) -> tuple[Scorecard, str]:
    server()
    from ..evaluation.models import Round
    from ..evaluation.selectors.rounds import round_scorecard
    from ..web import bootstrap

    bootstrap.migrate()
    province = province_named(args.province)
    year, _, number = args.round.partition("-")
    try:
        round_ = Round.objects.get(province=province, fiscal_year=int(year), number=int(number))
    except (ValueError, Round.DoesNotExist) as exc:
        raise PramoenError(
            f"ไม่พบรอบการประเมิน {args.round} (รูปแบบ ปีงบประมาณ-รอบ เช่น 2568-1)"
        ) from exc
    return round_scorecard(round_), province.name_th


def cmd_export_doc(args: argparse.Namespace) -> int:
    if bool(args.source) == bool(args.round):
        return fail("ระบุไฟล์สรุปตัวชี้วัด หรือ --round ปีงบประมาณ-รอบ อย่างใดอย่างหนึ่ง")
    try:
        if args.round:
            scorecard, province = _from_round(args)
        else:
            districts: Sequence[District] | None = (
                load_district_csv(args.districts) if args.districts else None
            )
            scorecard = officialdoc.parse(officialdoc.read_document(args.source), districts)
            province = args.province_name or ("" if args.districts else "ชลบุรี")
        data = agreement.agreement(scorecard, args.format, province=province, copies=args.copies)
    except PramoenError as exc:
        return fail(str(exc).replace("\n", " "))
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        return fail(f"{args.output}: เขียนไฟล์ไม่ได้ ({exc.strerror or exc})")
    print(f"{args.output}: {len(data):,} bytes")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export-doc",
        help="ส่งออกสรุปตัวชี้วัดเป็นเอกสารข้อตกลงพร้อมลงนาม (export the signed agreement)",
    )
    p.add_argument("source", nargs="?", help="ไฟล์สรุปตัวชี้วัด (ข้อความ, Word .docx หรือ PDF)")
    p.add_argument("--round", metavar="YEAR-N", help="รอบการประเมินในฐานข้อมูล เช่น 2568-1")
    p.add_argument("--province", metavar="CODE", help="จังหวัดของรอบ (กับ --round)")
    p.add_argument("--format", choices=("docx", "pdf"), required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument(
        "--copies",
        choices=agreement.COPIES,
        default="all",
        help="all: ฉบับเดียวลงนามทุกอำเภอ, each: หนึ่งฉบับต่ออำเภอ",
    )
    p.add_argument("--districts", metavar="CSV", help="รายชื่ออำเภอ code,name_th,name_en")
    p.add_argument("--province-name", metavar="NAME", help="ชื่อจังหวัดในช่องลงนาม")
    p.set_defaults(func=cmd_export_doc)
