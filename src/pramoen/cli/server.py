"""Commands that run the web app: serve (web requests only), worker (the task queue: report
jobs, mail), demo (data, then the web server and one worker together), manage."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
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


def _gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    return [
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
        # gunicorn's control socket is one path per user by default (~/.gunicorn/gunicorn.ctl):
        # two servers of one user on one machine would take it from each other
        "--no-control-socket",
    ]


def _exec_gunicorn(host: str, port: int, workers: int) -> None:
    print(f"Pramoen: http://{host}:{port}/", flush=True)
    os.execv(sys.executable, _gunicorn_argv(host, port, workers))


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the queue's tasks until stopped (SIGTERM or Ctrl-C: the task at hand is finished
    first; a second one stops it, and its job is marked failed)."""
    server()
    from django.core.management import call_command

    _wait_for_migrations()
    worker_id = args.worker_id or f"{socket.gethostname()}-{os.getpid()}"[:64]
    print(f"Pramoen worker {worker_id}", flush=True)
    call_command(
        "db_worker",
        queue_name="default",
        interval=args.interval,
        batch=args.batch,
        reload=False,
        worker_id=worker_id,
        verbosity=args.verbosity,
    )
    return EXIT_OK


def _wait_for_migrations() -> None:
    # the web server migrates (pramoen serve); a worker started first waits for it rather
    # than racing it through the same migrations
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    told = False
    while True:
        executor = MigrationExecutor(connection)
        if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return
        if not told:
            print(
                "Pramoen worker: waiting for the database to be migrated (pramoen serve)",
                flush=True,
            )
            told = True
        connection.close()
        time.sleep(2)


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
    return _web_and_worker(args.host, args.port, args.workers)


def _web_and_worker(host: str, port: int, workers: int) -> int:
    """gunicorn and one worker as children, stopped together: on Ctrl-C or SIGTERM each is
    told once (each in its own session, so the terminal's Ctrl-C does not reach them twice),
    and when either ends the other is stopped."""
    from django.db import connections

    connections.close_all()  # the children open their own
    children = [
        subprocess.Popen(argv, start_new_session=True)
        for argv in (
            _gunicorn_argv(host, port, workers),
            [sys.executable, "-m", "pramoen", "worker"],
        )
    ]
    print(f"Pramoen: http://{host}:{port}/ (with one worker; Ctrl-C stops both)", flush=True)
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping and all(c.poll() is None for c in children):
            time.sleep(0.2)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=60)  # the worker finishes the job at hand
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for s, handler in previous.items():
            signal.signal(s, handler)
    return EXIT_OK if stopping else max(c.returncode or 0 for c in children) or 1


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="เปิดเว็บแอป (run the web app with gunicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="ทำงานเบื้องหลัง (run the task queue: report jobs, mail)")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between looks when idle")
    p.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    p.add_argument("--worker-id", default="", help="unique in the pool (default: host-pid)")
    p.add_argument("--verbosity", type=int, default=1, choices=[0, 1, 2, 3])
    p.set_defaults(func=cmd_worker)

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
