"""A load run against a real server on loopback: virtual users doing a realistic mix.

    .venv/bin/python -m pramoen.bench.load [--users 50] [--seconds 60] [--url URL]

Without --url it builds a throw-away demo instance, serves it with gunicorn and runs against
it (SQLite, or PostgreSQL when DATABASE_URL is set). District officers browse their page and
save results (two sessions may meet on the same result: a refusal then is an answer, not a
failure), work groups read and verify their queue, the province and viewers read the
overview and dashboard. Bounded in users and time; only loopback addresses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .webclient import WebClient, card_version

STORED, REFUSED = "บันทึกร่างแล้ว", "มีผู้อื่นบันทึก"
ENTRIES = {"I1": {"met": ["1", "2"]}, "I4": {"met": ["1", "2", "3"]}, "I6": {"met": ["1"]}}


THINK = (1.0, 3.0)  # seconds a person pauses between actions (uniform)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    think: tuple[float, float] = THINK

    def record(self, kind: str, started: float, status: int, ok: bool, note: str = "") -> None:
        with self.lock:
            ms = (time.perf_counter() - started) * 1000
            self.latencies.append(ms)
            self.by_kind.setdefault(kind, []).append(ms)
            self.outcomes[kind] += 1
            if not ok:
                self.failures.append(f"{kind} {status} {note}"[:200])


def _think(stats: Stats, rng: random.Random, until: float) -> None:
    time.sleep(max(0.0, min(rng.uniform(*stats.think), until - time.monotonic())))


def _district_user(
    client: WebClient, district: str, stats: Stats, rng: random.Random, until: float
) -> None:
    path = f"/rounds/1/d/{district}/"
    while time.monotonic() < until:
        _think(stats, rng, until)
        started = time.perf_counter()
        status, page = client.request("GET", path)
        stats.record("browse", started, status, status == 200)
        if status != 200 or rng.random() < 0.5:
            continue
        code = rng.choice(["I5", *ENTRIES]) if district != "2008" else "I5"
        try:
            version = card_version(page, code)
        except (ValueError, AttributeError):
            continue  # submitted already: nothing editable on the page
        data: dict[str, str | list[str]] = (
            {"value": f"{rng.uniform(5, 25):.2f}"} if code == "I5" else dict(ENTRIES[code])
        )
        _think(stats, rng, until)
        started = time.perf_counter()
        status, body = client.request(
            "POST",
            f"{path}i/{code}/",
            {**data, "version": str(version)},
            headers={"HX-Request": "true"},
        )
        answered = STORED in body or REFUSED in body or "ไม่อยู่ในสถานะ" in body
        stats.record("save", started, status, status < 500 and answered, body[:80])
        with stats.lock:
            stats.outcomes["save-refused" if REFUSED in body else "save-stored"] += 1


def _work_group_user(client: WebClient, stats: Stats, rng: random.Random, until: float) -> None:
    import re

    while time.monotonic() < until:
        _think(stats, rng, until)
        started = time.perf_counter()
        status, page = client.request("GET", "/rounds/1/queue/")
        stats.record("queue", started, status, status == 200)
        items = re.findall(
            # the queue is one form; each waiting row's fields are named by its result
            r'name="version-(\d+)" value="(\d+)">.*?name="level-\1" value="([^"]*)"',
            page,
            re.S,
        )
        if items and rng.random() < 0.5:
            result_id, version, level = rng.choice(items)
            _think(stats, rng, until)
            started = time.perf_counter()
            status, _ = client.request(
                "POST", f"/results/{result_id}/verify/", {"version": version, "level": level}
            )
            stats.record("verify", started, status, status in (200, 302))


def _reader(client: WebClient, stats: Stats, rng: random.Random, until: float) -> None:
    while time.monotonic() < until:
        _think(stats, rng, until)
        path = rng.choice(["/rounds/1/", "/rounds/1/dashboard/"])
        started = time.perf_counter()
        status, _ = client.request("GET", path)
        stats.record("overview", started, status, status == 200)


def _p95(ordered: list[float]) -> float | None:
    return round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None


def run(
    base: str,
    passwords: dict[str, str],
    users: int,
    seconds: float,
    *,
    think: tuple[float, float] = THINK,
    seed: int = 1,
) -> dict[str, object]:
    host = urlsplit(base).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise SystemExit("load runs go to loopback addresses only")
    stats = Stats(think=think)
    rng = random.Random(seed)
    districts = [u for u in passwords if u.startswith("d")]
    groups = [u for u in passwords if u.startswith("wg-")]
    readers = [u for u in ("province", "viewer") if u in passwords]
    plan = []
    for n in range(users):  # 70 % districts, 20 % work groups, 10 % readers
        slot = n % 10
        pool = districts if slot < 7 else groups if slot < 9 else readers
        plan.append(pool[(n // 10 + slot) % len(pool)])
    clients = []
    for username in plan:
        client = WebClient(base)
        client.login(username, passwords[username])
        clients.append((username, client))
    until = time.monotonic() + seconds
    threads = []
    for i, (username, client) in enumerate(clients):
        r = random.Random(rng.random() + i)
        target: Callable[..., None]  # each kind of user has its own arguments
        args: tuple[object, ...]
        if username.startswith("d"):
            target, args = _district_user, (client, username[1:], stats, r, until)
        elif username.startswith("wg-"):
            target, args = _work_group_user, (client, stats, r, until)
        else:
            target, args = _reader, (client, stats, r, until)
        threads.append(threading.Thread(target=target, args=args, daemon=True))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - started
    lat = sorted(stats.latencies)
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(lat),
        "failures": len(stats.failures),
        "rps": round(len(lat) / elapsed, 1),
        "median_ms": round(statistics.median(lat), 1) if lat else None,
        "p95_ms": _p95(lat),
        "mix": dict(stats.outcomes),
        "p95_ms_by_kind": {kind: _p95(sorted(values)) for kind, values in stats.by_kind.items()},
        "first_failures": stats.failures[:5],
    }


def demo_server(workers: int = 4) -> tuple[subprocess.Popen[bytes], str, dict[str, str], Path]:
    data = Path(tempfile.mkdtemp(prefix="pramoen-load-"))
    env = {**os.environ, "PRAMOEN_DATA_DIR": str(data)}
    out = subprocess.run(
        [sys.executable, "-m", "pramoen", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    passwords = dict(line.split()[:2] for line in out.splitlines() if line.startswith("  "))
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "pramoen", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}", passwords, data


# In pramoen bench ----------------------------------------------------------------------------


def _fresh_postgres(url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the server DATABASE_URL names (never the database itself),
    and how to drop it afterwards."""
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = f"pramoen_bench_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')  # the server has stopped

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def load_figures(
    users: int, seconds: float, say: Callable[[str], None], step_seconds: float = 10
) -> dict[str, Any]:
    """The load run of ``pramoen.bench.load`` against a real server (gunicorn, a fresh demo
    instance), then the capacity search of ``pramoen.bench.capacity`` against the same server:
    on SQLite, and on PostgreSQL too when DATABASE_URL is set. Every instance, server and
    database it makes is removed again, whatever happens."""
    from . import capacity

    figures: dict[str, Any] = {}
    saved = os.environ.get("DATABASE_URL")
    engines = ["sqlite"] + (["postgresql"] if saved else [])
    try:
        for engine in engines:
            drop: Callable[[], None] = lambda: None  # noqa: E731
            if engine == "sqlite":
                os.environ.pop("DATABASE_URL", None)
            else:
                assert saved is not None
                os.environ["DATABASE_URL"], drop = _fresh_postgres(saved)
            try:
                say(f"load run on {engine}: {users} users for {seconds:g} s")
                server, base, passwords, data = demo_server()
                try:
                    result = run(base, passwords, users, seconds)
                    say(f"capacity on {engine}: steps of {step_seconds:g} s")
                    found = capacity.capacity(
                        base, passwords, step_seconds=step_seconds, server_pid=server.pid, say=say
                    )
                finally:
                    server.terminate()
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()
                    shutil.rmtree(data, ignore_errors=True)
            finally:
                drop()
            prefix = "load" if engine == "sqlite" else "load_pg"
            figures[f"{prefix}_rps"] = float(result["rps"])  # type: ignore[arg-type]
            figures[f"{prefix}_median_ms"] = float(result["median_ms"] or 0)  # type: ignore[arg-type]
            figures[f"{prefix}_p95_ms"] = float(result["p95_ms"] or 0)  # type: ignore[arg-type]
            figures[f"{prefix}_errors"] = int(result["failures"])  # type: ignore[call-overload]
            cap = "capacity" if engine == "sqlite" else "capacity_pg"
            figures[f"{cap}_rps"] = float(found["capacity_rps"])  # type: ignore[arg-type]
            figures[f"{cap}_cpu_bound_rps"] = float(found["cpu_bound_rps"])  # type: ignore[arg-type]
            figures[f"{cap}_steps"] = found["steps"]
    finally:
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK,
        metavar=("MIN", "MAX"),
        help="seconds a user pauses between actions (0 0: none)",
    )
    args = parser.parse_args(argv)
    server, base, passwords, _ = demo_server(args.workers)
    try:
        figures = run(base, passwords, args.users, args.seconds, think=tuple(args.think))
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    print(json.dumps({"engine": engine, **figures}, ensure_ascii=False, indent=2))
    return 0 if figures["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
