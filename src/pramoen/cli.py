"""The ``pramoen`` command."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .accounts.errors import AccountError
from .core import checks, officialdoc, report, scoring
from .core.districts import load_district_csv
from .core.errors import PramoenError, ResultsError
from .core.model import District, Scorecard
from .core.results import parse_results

if TYPE_CHECKING:  # the core commands run without Django: models are imported where used
    from .accounts.models import Province

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


def _server() -> None:
    from .web import bootstrap

    bootstrap.setup()


def cmd_manage(args: argparse.Namespace) -> int:
    _server()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pramoen manage", *args.args])
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, then hand the process to gunicorn."""
    _server()
    from django.core.management import call_command

    from .web import bootstrap

    bootstrap.migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    _exec_gunicorn(args.host, args.port, args.workers)
    return EXIT_OK  # pragma: no cover - exec does not return


def _exec_gunicorn(host: str, port: int, workers: int) -> None:
    import os

    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "pramoen.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # gunicorn's default format, with the client's address (pramoen.web.clientip: the one
        # behind a trusted proxy) in place of the connection's peer
        "--access-logformat",
        '%({pramoen.client_ip}e)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"',
    ]
    print(f"Pramoen: http://{host}:{port}/", flush=True)
    os.execv(sys.executable, argv)


def _account_failure(exc: AccountError, options: dict[str, str]) -> int:
    """The service's message, pointing at this command's option for the field at fault."""
    option = options.get(exc.field)
    return _fail(f"{exc.message} ({option})" if option else exc.message)


def cmd_setup_province(args: argparse.Namespace) -> int:
    _server()
    from .accounts.services import province_setup
    from .web import bootstrap

    bootstrap.migrate()
    try:
        districts = load_district_csv(args.districts) if args.districts else None
        province = province_setup(
            code=args.code, name_th=args.name_th, name_en=args.name_en, districts=districts
        )
    except AccountError as exc:
        return _account_failure(exc, SETUP_PROVINCE_OPTIONS)
    except PramoenError as exc:
        return _fail(str(exc))
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


def _province(code: str | None) -> Province:
    from .accounts.models import Province

    provinces = Province.objects.all()
    if code:
        provinces = provinces.filter(code=code)
    found = list(provinces[:2])
    if len(found) != 1:
        raise PramoenError("ระบุจังหวัดด้วย --province CODE (หรือรัน pramoen setup-province ก่อน)")
    return found[0]


def cmd_createuser(args: argparse.Namespace) -> int:
    _server()
    from .accounts.services import user_create
    from .web import bootstrap

    bootstrap.migrate()
    try:
        province = None if args.role == "department" else _province(args.province)
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
        return _fail(str(exc))
    print(
        f"{user.username}: {password}"
        if not args.password_stdin
        else f"{user.username}: ตั้งรหัสผ่านแล้ว"
    )
    return EXIT_OK


def cmd_import_doc(args: argparse.Namespace) -> int:
    _server()
    from .evaluation.errors import ImportBlocked
    from .web import bootstrap

    bootstrap.migrate()
    try:
        province = _province(args.province)
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
        return _fail(str(exc))
    print(
        f"รอบ {round_.code}: {round_.indicators.count()} ตัวชี้วัด สถานะ {round_.get_status_display()}"
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    _server()
    from .web import bootstrap

    document = Path(args.document)
    round_, accounts = bootstrap.demo(document)
    print(f"\nรอบการประเมิน {round_.code} ({round_.get_status_display()}) — Chonburi FY2568 round 1")
    print("บัญชีสาธิต (รหัสผ่านสุ่มใหม่ทุกครั้งที่รัน แสดงครั้งเดียว) / demo accounts, passwords shown once:")
    for a in accounts:
        print(f"  {a.username:<18} {a.password:<18} {a.unit}")
    if args.no_serve:
        return EXIT_OK
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    _exec_gunicorn(args.host, args.port, args.workers)
    return EXIT_OK  # pragma: no cover


def cmd_report(args: argparse.Namespace) -> int:
    _server()
    from .evaluation.models import Round
    from .reports import render
    from .web import bootstrap

    bootstrap.migrate()
    try:
        year, _, number = args.round.partition("-")
        province = _province(args.province)
        round_ = Round.objects.get(province=province, fiscal_year=int(year), number=int(number))
    except (ValueError, Round.DoesNotExist):
        return _fail(f"ไม่พบรอบการประเมิน {args.round} (รูปแบบ ปีงบประมาณ-รอบ เช่น 2568-1)")
    except PramoenError as exc:
        return _fail(str(exc))
    try:
        data, _ = render.render(
            round_, fmt=args.format, district=args.district, thai_digits=args.thai_digits
        )
    except LookupError as exc:
        return _fail(str(exc))
    Path(args.output).write_bytes(data)
    print(f"{args.output}: {len(data):,} bytes")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    _server()
    from django.conf import settings

    from .web import bootstrap
    from .web.synth import SynthError, synth

    if settings.PRODUCTION and not args.force:
        return _fail(
            "synth เติมข้อมูลจำลองและผู้ใช้จำนวนมาก ไม่ใช้กับระบบจริง "
            "(synthetic provinces and ~1,300 logins: not for a production instance; --force)"
        )
    bootstrap.migrate()
    started = time.perf_counter()
    try:
        summary = synth(
            document=Path(args.document),
            provinces=args.provinces,
            districts_per_province=args.districts_per_province,
            rounds=args.rounds,
            seed=args.seed,
            progress=lambda message: print(f"  {message}", flush=True),
        )
    except (SynthError, OSError) as exc:
        return _fail(str(exc))
    print(
        f"กรมจำลอง / synthetic department: {summary.provinces} provinces, "
        f"{summary.districts} districts, {summary.rounds} rounds, "
        f"{summary.evaluations:,} evaluations, {summary.results:,} results, "
        f"{summary.history:,} history events, {summary.users:,} users "
        f"(password {summary.password!r}) in {time.perf_counter() - started:.1f} s"
    )
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    import json

    from .bench import suite

    figures = suite.run(
        document=Path(args.document),
        repeat=args.repeat,
        provinces=args.provinces,
        districts=args.districts_per_province,
        rounds=args.rounds,
        seed=args.seed,
        load=args.load,
        load_users=args.load_users,
        load_seconds=args.load_seconds,
        say=lambda message: print(f"pramoen bench: {message}", file=sys.stderr, flush=True),
    )
    missed = suite.misses(figures)
    if args.format == "text":
        print(suite.table(figures))
        for line in missed:
            print(f"missed: {line}")
    else:
        print(json.dumps({**figures, "missed": missed}, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    _server()
    from .web import backup

    try:
        manifest = backup.backup(Path(args.path))
    except backup.BackupError as exc:
        return _fail(str(exc))
    counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
    print(f"{args.path}: {manifest['engine']} ({counts})")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    _server()
    from .web import backup

    try:
        manifest = backup.restore(Path(args.path), force=args.force)
    except backup.BackupError as exc:
        return _fail(str(exc))
    print(f"กู้คืนจาก {args.path} ({manifest['created']}) แล้ว")
    return EXIT_OK


def cmd_purge_imports(args: argparse.Namespace) -> int:
    _server()
    from django.core.management import call_command

    call_command("purge_imports")
    return EXIT_OK


def _department_arguments(p: argparse.ArgumentParser) -> None:
    """The synthetic department's shape (pramoen synth, pramoen bench)."""
    p.add_argument("--provinces", type=int, default=76)
    p.add_argument("--districts-per-province", type=int, default=12)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--document", default=str(Path("examples") / "kpi-2568-1.txt"))


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

    p = sub.add_parser("serve", help="เปิดเว็บแอป (run the web app with gunicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="ข้อมูลสาธิตชลบุรีและเปิดเว็บแอป (demo data, then serve)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--document", default=str(Path("examples") / "kpi-2568-1.txt"))
    p.add_argument("--no-serve", action="store_true", help="set up the data only")
    p.set_defaults(func=cmd_demo)

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

    p = sub.add_parser("import-doc", help="นำเข้าสรุปตัวชี้วัดเป็นรอบการประเมิน (import a round)")
    p.add_argument("path")
    p.add_argument("--province", metavar="CODE")
    p.add_argument("--accept-errors", metavar="REASON", help="นำเข้าแม้มีข้อผิดพลาด พร้อมเหตุผล")
    p.add_argument("--open", action="store_true", help="open the round after importing")
    p.set_defaults(func=cmd_import_doc)

    p = sub.add_parser("report", help="รายงาน PDF / Excel / CSV (reports)")
    p.add_argument("--round", required=True, metavar="YEAR-N", help="เช่น 2568-1")
    p.add_argument("--district", metavar="CODE", help="อำเภอเดียว (ไม่ระบุ = ทั้งจังหวัด)")
    p.add_argument("--format", required=True, choices=["pdf", "xlsx", "csv"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--province", metavar="CODE")
    p.add_argument("--thai-digits", action="store_true", help="เลขไทยทั้งฉบับ (PDF)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("synth", help="กรมจำลองสำหรับวัดสมรรถนะ (synthetic department)")
    _department_arguments(p)
    p.add_argument("--force", action="store_true", help="even on a production instance")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("bench", help="วัดสมรรถนะทั้งหมด (all performance figures, JSON)")
    p.add_argument("--format", choices=["json", "text"], default="json")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median)")
    _department_arguments(p)
    p.add_argument("--load", action="store_true", help="also the load run on the real server")
    p.add_argument("--load-users", type=int, default=50)
    p.add_argument("--load-seconds", type=float, default=60)
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("backup", help="สำรองฐานข้อมูลและไฟล์หลักฐาน (backup)")
    p.add_argument("path", help="archive to write (.tar.gz)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="กู้คืนจากไฟล์สำรอง (restore into an empty instance)")
    p.add_argument("path")
    p.add_argument("--force", action="store_true", help="overwrite an instance that has data")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "purge-imports", help="ลบไฟล์นำเข้าที่ไม่ได้ใช้เมื่อพ้นกำหนด (remove stale import files)"
    )
    p.set_defaults(func=cmd_purge_imports)

    p = sub.add_parser("manage", help="Django management commands")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
