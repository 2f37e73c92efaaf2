"""The ``pramoen`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .core import checks, officialdoc, report, scoring
from .core.districts import load_district_csv
from .core.errors import PramoenError, ResultsError
from .core.model import District, Scorecard
from .core.results import parse_results

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _fail(message: str) -> int:
    print(f"pramoen: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _load(doc: str, districts_csv: str | None) -> Scorecard:
    districts: Sequence[District] | None = (
        load_district_csv(districts_csv) if districts_csv else None
    )
    return officialdoc.parse(officialdoc.read_document(doc), districts)


def cmd_check_doc(args: argparse.Namespace) -> int:
    try:
        scorecard = _load(args.path, args.districts)
    except PramoenError as exc:
        return _fail(str(exc).replace("\n", " "))
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
        text = _read_text(args.results)
        results = parse_results(text, scorecard)
    except ResultsError as exc:
        for error in exc.errors:
            print(f"pramoen: {args.results}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PramoenError as exc:
        return _fail(str(exc).replace("\n", " "))
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


def _read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PramoenError(f"{path}: เปิดไฟล์ไม่ได้ ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PramoenError(f"{path}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start})") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pramoen", description="Pramoen (ประเมิน): ระบบประเมินผลการปฏิบัติราชการ"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check-doc", help="ตรวจเอกสารสรุปตัวชี้วัด (check a KPI summary)")
    p.add_argument("path", help="ไฟล์ข้อความของเอกสารสรุปตัวชี้วัด")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
