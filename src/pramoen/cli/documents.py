"""Commands on a KPI summary: check-doc and score (the core alone, no Django), import-doc."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core import checks, officialdoc, report, scoring
from ..core.districts import load_district_csv
from ..core.errors import PramoenError, ResultsError
from ..core.model import District, Scorecard
from ..core.results import parse_results
from .base import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, fail, province_named, read_text, server


def _load(doc: str, districts_csv: str | None) -> Scorecard:
    districts: Sequence[District] | None = (
        load_district_csv(districts_csv) if districts_csv else None
    )
    return officialdoc.parse(officialdoc.read_document(doc), districts)


def cmd_check_doc(args: argparse.Namespace) -> int:
    try:
        scorecard = _load(args.path, args.districts)
    except PramoenError as exc:
        return fail(str(exc).replace("\n", " "))
    findings = checks.check(scorecard)
    if args.format == "json":
        print(report.dumps(report.scorecard_dict(scorecard, findings)))
    else:
        print(report.scorecard_text(scorecard, findings))
    return EXIT_FINDINGS if checks.has_errors(findings) else EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    try:
        scorecard = _load(args.doc, args.districts)
        shares = scoring.make_shares(args.team_share)
        text = read_text(args.results)
        results = parse_results(text, scorecard)
    except ResultsError as exc:
        for error in exc.errors:
            print(f"pramoen: {args.results}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PramoenError as exc:
        return fail(str(exc).replace("\n", " "))
    result = scoring.score(scorecard, results, shares=shares, interpolate=args.interpolate)
    # The document's own findings travel with the scores: a score on a flawed summary says so.
    result = scoring.ScoreReport(
        result.shares, result.districts, (*checks.check(scorecard), *result.findings)
    )
    if args.format == "json":
        print(report.dumps(report.score_dict(result)))
    else:
        print(report.score_text(result))
    return EXIT_OK


def cmd_import_doc(args: argparse.Namespace) -> int:
    server()
    from ..evaluation.errors import ImportBlocked
    from ..web import bootstrap

    bootstrap.migrate()
    try:
        province = province_named(args.province)
        round_ = bootstrap.import_document(
            province=province,
            path=Path(args.path),
            accept_errors_reason=args.accept_errors or "",
            open_round=args.open,
        )
    except ImportBlocked as exc:
        print(f"pramoen: {exc.message}", file=sys.stderr)
        for f in exc.findings:
            if f.severity.value == "error":
                print(f"  {f.code}: {f.message}", file=sys.stderr)
        return EXIT_FINDINGS
    except PramoenError as exc:
        return fail(str(exc))
    print(
        f"รอบ {round_.code}: {round_.indicators.count()} ตัวชี้วัด สถานะ {round_.get_status_display()}"
    )
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("check-doc", help="ตรวจเอกสารสรุปตัวชี้วัด (check a KPI summary)")
    p.add_argument("path", help="ไฟล์สรุปตัวชี้วัด: ข้อความ, Word (.docx) หรือ PDF")
    p.add_argument("--districts", metavar="CSV", help="รายชื่ออำเภอ code,name_th,name_en")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_check_doc)

    p = sub.add_parser("score", help="คำนวณคะแนนรายอำเภอ (score districts)")
    p.add_argument("--doc", required=True, help="ไฟล์เอกสารสรุปตัวชี้วัด")
    p.add_argument("--districts", metavar="CSV", help="รายชื่ออำเภอ code,name_th,name_en")
    p.add_argument("--results", required=True, metavar="CSV", help="district,indicator,level,value")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--team-share", metavar="X", help="สัดส่วนรายทีม 0–1 (ค่าเริ่มต้น 0.5)")
    p.add_argument(
        "--interpolate",
        action="store_true",
        help="เทียบบัญญัติไตรยางศ์ระหว่างเกณฑ์ (แบบ สำนักงาน ก.พ.ร.) ปิดไว้โดยค่าเริ่มต้น",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("import-doc", help="นำเข้าสรุปตัวชี้วัดเป็นรอบการประเมิน (import a round)")
    p.add_argument("path")
    p.add_argument("--province", metavar="CODE")
    p.add_argument("--accept-errors", metavar="REASON", help="นำเข้าแม้มีข้อผิดพลาด พร้อมเหตุผล")
    p.add_argument("--open", action="store_true", help="open the round after importing")
    p.set_defaults(func=cmd_import_doc)
