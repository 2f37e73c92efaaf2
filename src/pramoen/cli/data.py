"""Commands on a running instance's data: report, synth, bench, backup, restore, purge-imports."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from ..core.errors import PramoenError
from .base import EXIT_OK, fail, province_named, server


def _department_arguments(p: argparse.ArgumentParser) -> None:
    """The synthetic department's shape (pramoen synth, pramoen bench)."""
    p.add_argument("--provinces", type=int, default=76)
    p.add_argument("--districts-per-province", type=int, default=12)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--document", default=str(Path("examples") / "kpi-2568-1.txt"))


def cmd_report(args: argparse.Namespace) -> int:
    server()
    from ..evaluation.models import Round
    from ..reports import render
    from ..web import bootstrap

    bootstrap.migrate()
    try:
        year, _, number = args.round.partition("-")
        province = province_named(args.province)
        round_ = Round.objects.get(province=province, fiscal_year=int(year), number=int(number))
    except (ValueError, Round.DoesNotExist):
        return fail(f"ไม่พบรอบการประเมิน {args.round} (รูปแบบ ปีงบประมาณ-รอบ เช่น 2568-1)")
    except PramoenError as exc:
        return fail(str(exc))
    try:
        data, _ = render.render(
            round_, fmt=args.format, district=args.district, thai_digits=args.thai_digits
        )
    except LookupError as exc:
        return fail(str(exc))
    Path(args.output).write_bytes(data)
    print(f"{args.output}: {len(data):,} bytes")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    server()
    from django.conf import settings

    from ..web import bootstrap
    from ..web.synth import SynthError, synth

    if settings.PRODUCTION and not args.force:
        return fail(
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
        return fail(str(exc))
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

    from ..bench import suite

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
    server()
    from ..web import backup

    try:
        manifest = backup.backup(Path(args.path))
    except backup.BackupError as exc:
        return fail(str(exc))
    counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
    print(f"{args.path}: {manifest['engine']} ({counts}; files {manifest['files']})")
    if manifest["files_missing"]:  # referred to by the database, gone from the storage
        print(f"ไม่พบไฟล์ {manifest['files_missing']} ไฟล์ในที่เก็บไฟล์", file=sys.stderr)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    server()
    from ..web import backup

    try:
        manifest = backup.restore(Path(args.path), force=args.force)
    except backup.BackupError as exc:
        return fail(str(exc))
    print(f"กู้คืนจาก {args.path} ({manifest['created']}) แล้ว ไฟล์ {manifest['files_restored']} ไฟล์")
    return EXIT_OK


def cmd_purge_imports(args: argparse.Namespace) -> int:
    server()
    from django.core.management import call_command

    call_command("purge_imports")
    return EXIT_OK


def cmd_mail(args: argparse.Namespace) -> int:
    """The day's deadline reminders, the notification mail that failed before and, with
    --digest, the daily digests (run it once a day from cron or a timer, e.g. at 07:00)."""
    server()
    from django.utils import timezone

    from ..notifications import deadlines
    from ..notifications import services as notifications

    reminders = deadlines.reminders_send(timezone.localdate())
    notifications.mail_pending()
    print(f"แจ้งเตือนกำหนดการ {reminders} รายการ")
    if args.digest:
        print(f"ส่งสรุปรายวัน {notifications.digest_send()} ฉบับ")
    return EXIT_OK


def register(sub: Any) -> None:
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

    p = sub.add_parser("mail", help="ส่งอีเมลแจ้งเตือนที่ค้าง และสรุปรายวัน (send pending mail)")
    p.add_argument("--digest", action="store_true", help="also the daily digests")
    p.set_defaults(func=cmd_mail)
