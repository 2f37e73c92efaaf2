"""Commands that run the web app: serve, demo (data, then serve), manage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .base import EXIT_OK, server


def cmd_manage(args: argparse.Namespace) -> int:
    server()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pramoen manage", *args.args])
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, then hand the process to gunicorn."""
    server()
    from django.core.management import call_command

    from ..web import bootstrap

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


def cmd_demo(args: argparse.Namespace) -> int:
    server()
    from ..web import bootstrap

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


def register(sub: Any) -> None:
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

    p = sub.add_parser("manage", help="Django management commands")
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
