"""Capacity: the highest sustained rate of the mixed load the server answers within target.

    .venv/bin/python -m pramoen.bench.capacity [--step-seconds 10] [--workers 2] [--trivial]

Open loop: requests arrive at the offered rate whatever the server does (evenly spaced, each
given to the first free sender thread), and each one's latency counts from the moment it was
due, so a server that falls behind shows it in its p95 rather than slowing the arrivals
(no coordinated omission). The rate is stepped up (25, 50, 100, 150, 200, ... requests/s, each
for a few seconds) until a step misses: p95 over ``P95_MS`` or any error or the rate not
achieved; then the gap between the last step that passed and the first that missed is halved
a few times. ``capacity_rps`` is the highest rate that passed.

The mix is ``pramoen.bench.mix``'s (entry pages, previews, saves, the work groups' queue, the
overview, dashboard and reports). ``--trivial`` measures the generator alone against a
constant WSGI app (its own ceiling on this machine).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field

from .mix import MIX, Load, sessions_for

P95_MS = 300.0
STEPS = (25, 50, 100, 150, 200, 250, 300, 400, 500)
ACHIEVED = 0.95  # a step passes only if this share of its offered rate was answered
REFINE = 3  # halvings between the last pass and the first miss
RESOLUTION = 5.0  # requests/s: stop refining below this gap

# The search ---------------------------------------------------------------------------------


@dataclass
class Step:
    offered: float
    achieved: float
    p50_ms: float
    p95_ms: float
    errors: int
    requests: int = 0
    generator_cpu_pct: float = 0.0  # the load generator's own CPU time, % of one core
    server_cpu_ms: float = 0.0  # the server's CPU time (all its processes) per request
    p95_ms_by_kind: dict[str, float] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    def passed(self, p95_ms: float = P95_MS) -> bool:
        return (
            self.errors == 0 and self.p95_ms <= p95_ms and self.achieved >= ACHIEVED * self.offered
        )


def search(
    runner: Callable[[float], Step],
    steps: Sequence[float] = STEPS,
    *,
    refine: int = REFINE,
    resolution: float = RESOLUTION,
    p95_ms: float = P95_MS,
) -> tuple[float, list[Step]]:
    """Step the offered rate up through ``steps`` until one misses, then halve the gap between
    the last pass and the first miss ``refine`` times (while it is wider than ``resolution``).
    Returns the highest rate that passed (0 if none did) and every step run, by rate."""
    runs: list[Step] = []
    best, worst = 0.0, None
    for rate in steps:
        step = runner(float(rate))
        runs.append(step)
        if not step.passed(p95_ms):
            worst = float(rate)
            break
        best = float(rate)
    if worst is not None and best > 0:
        for _ in range(refine):
            if worst - best <= resolution:
                break
            rate = round((best + worst) / 2)
            if rate in (best, worst):
                break
            step = runner(float(rate))
            runs.append(step)
            if step.passed(p95_ms):
                best = float(rate)
            else:
                worst = float(rate)
    return best, sorted(runs, key=lambda s: s.offered)


def step_table(steps: Iterable[Step]) -> str:
    lines = [
        f"{'offered/s':>10} {'achieved/s':>11} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}"
        f" {'client cpu':>10} {'server cpu/req':>14}"
    ]
    for s in steps:
        lines.append(
            f"{s.offered:>10,.0f} {s.achieved:>11,.1f} {s.p50_ms:>8,.1f} {s.p95_ms:>8,.1f}"
            f" {s.errors:>7} {s.generator_cpu_pct:>9.0f}% {s.server_cpu_ms:>11.1f} ms"
            f"  {'pass' if s.passed() else 'miss'}"
        )
    return "\n".join(lines)


# The open loop ------------------------------------------------------------------------------


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a process and its children alive now (Linux /proc; 0
    elsewhere or without a pid): gunicorn's master and its workers."""
    if pid is None:
        return 0.0
    from pathlib import Path

    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # itself, or a child
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _percentile(ordered: list[float], share: float) -> float:
    return round(ordered[int(share * (len(ordered) - 1))], 1) if ordered else 0.0


def run_step(
    load: Load,
    rate: float,
    seconds: float,
    *,
    senders: int = 64,
    mix: dict[str, int] | None = None,
    seed: int = 1,
    server_pid: int | None = None,
) -> Step:
    """``rate`` requests/s for ``seconds``, evenly spaced, sent by ``senders`` threads (and,
    given the server's process, the CPU time it spent on them)."""
    mix = mix or MIX
    rng = random.Random(seed)
    kinds = rng.choices(list(mix), weights=list(mix.values()), k=max(1, int(rate * seconds)))
    jobs: queue.SimpleQueue[tuple[float, str] | None] = queue.SimpleQueue()
    done: list[tuple[str, float, str]] = []  # kind, ms since due, what went wrong
    record = threading.Lock()

    def sender(n: int) -> None:
        conn = load.connection()
        local = random.Random(seed * 1000 + n)
        try:
            while (job := jobs.get()) is not None:
                due, kind = job
                try:
                    wrong = load.act(conn, kind, local)
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    wrong = f"{type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - due) * 1000
                with record:
                    done.append((kind, ms, f"{kind} {wrong}"[:200] if wrong else ""))
        finally:
            conn.close()

    threads = [threading.Thread(target=sender, args=(n,), daemon=True) for n in range(senders)]
    for t in threads:
        t.start()
    interval = 1 / rate
    cpu, served = time.process_time(), cpu_seconds(server_pid)
    start = time.perf_counter() + 0.05
    for i, kind in enumerate(kinds):
        due = start + i * interval
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        jobs.put((due, kind))
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join(60)
    elapsed = max(time.perf_counter() - start, seconds)
    cpu, served = time.process_time() - cpu, cpu_seconds(server_pid) - served
    latencies = sorted(ms for _, ms, _ in done)
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _ in done:
        by_kind.setdefault(kind, []).append(ms)
    errors = [w for _, _, w in done if w] + ["lost"] * (len(kinds) - len(done))
    return Step(
        offered=rate,
        achieved=round(len(done) / elapsed, 1),
        p50_ms=_percentile(latencies, 0.5),
        p95_ms=_percentile(latencies, 0.95),
        errors=len(errors),
        requests=len(done),
        generator_cpu_pct=round(100 * cpu / elapsed, 1),
        server_cpu_ms=round(1000 * served / max(1, len(done)), 2),
        p95_ms_by_kind={k: _percentile(sorted(v), 0.95) for k, v in sorted(by_kind.items())},
        first_errors=errors[:5],
    )


def capacity(
    base: str,
    passwords: dict[str, str],
    *,
    step_seconds: float = 10,
    steps: Sequence[float] = STEPS,
    senders: int = 64,
    server_pid: int | None = None,
    say: Callable[[str], None] = lambda _m: None,
) -> dict[str, object]:
    """The search against a running demo server; its figures, JSON-ready."""
    load = Load(base, sessions_for(base, passwords))
    conn = load.connection()
    for session in load.sessions["district"]:  # each knows its cards before the first save
        load.entry(conn, session)
    conn.close()
    run_step(load, 20, 3, senders=senders)  # warm-up: every server process has served the mix

    def runner(rate: float) -> Step:
        step = run_step(
            load, rate, step_seconds, senders=senders, seed=int(rate), server_pid=server_pid
        )
        say(
            f"capacity: {rate:g}/s offered, {step.achieved:g}/s achieved, "
            f"p95 {step.p95_ms:g} ms, {step.errors} errors, "
            f"server {step.server_cpu_ms:g} ms CPU a request"
        )
        return step

    best, runs = search(runner, steps)
    return {
        "capacity_rps": best,
        "cpu_bound_rps": cpu_bound(runs),
        "step_seconds": step_seconds,
        "steps": [asdict(s) for s in runs],
    }


def cpu_bound(runs: Sequence[Step], cores: int | None = None) -> float:
    """The rate at which the server and the generator would use every core of the machine
    (the steps' median CPU a request): what a machine of one's own could not exceed, whatever
    its other users did during the steps (the shared machine's capacity_rps moves with them)."""
    cores = cores or os.cpu_count() or 1
    costs = sorted(
        s.server_cpu_ms + 10 * s.generator_cpu_pct / s.achieved for s in runs if s.achieved
    )
    if not costs or costs[len(costs) // 2] <= 0:
        return 0.0
    return round(cores * 1000 / costs[len(costs) // 2], 1)


def per_kind(
    base: str,
    passwords: dict[str, str],
    *,
    rate: float = 20,
    seconds: float = 5,
    server_pid: int | None = None,
    kinds: Sequence[str] = (),
    say: Callable[[str], None] = lambda _m: None,
) -> dict[str, dict[str, float]]:
    """Each kind of request alone, at a rate the server keeps up with: its latency and the
    server's CPU time for one (what the mix's capacity is made of)."""
    from .mix import FLOORS

    load = Load(base, sessions_for(base, passwords, per_district=1))
    conn = load.connection()
    for session in load.sessions["district"]:
        load.entry(conn, session)
    conn.close()
    out = {}
    for kind in kinds or [*MIX, *(k for k in FLOORS if k != "trivial")]:
        run_step(load, rate, 1, mix={kind: 1})  # warm-up
        step = run_step(load, rate, seconds, mix={kind: 1}, server_pid=server_pid)
        out[kind] = {
            "p50_ms": step.p50_ms,
            "p95_ms": step.p95_ms,
            "server_cpu_ms": step.server_cpu_ms,
            "errors": step.errors,
        }
        say(f"{kind}: p50 {step.p50_ms:g} ms, server {step.server_cpu_ms:g} ms CPU a request")
    return out


def trivial_app(environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
    """A constant answer: the generator's own ceiling is measured against it."""
    body = b"ok"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def generator_ceiling(
    step_seconds: float, steps: Sequence[float], senders: int, say: Callable[[str], None]
) -> dict[str, object]:
    """The search against ``trivial_app`` under gunicorn (2 gthread workers)."""
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pramoen.bench.capacity:trivial_app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "16",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        load = Load(f"http://127.0.0.1:{port}", {})
        trivial = {"trivial": 1}

        def runner(rate: float) -> Step:
            step = run_step(load, rate, step_seconds, senders=senders, mix=trivial)
            say(f"trivial: {rate:g}/s offered, {step.achieved:g}/s, p95 {step.p95_ms:g} ms")
            return step

        best, runs = search(runner, steps)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"generator_ceiling_rps": best, "steps": [asdict(s) for s in runs]}


def main(argv: list[str] | None = None) -> int:
    import os

    from .load import demo_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step-seconds", type=float, default=10)
    parser.add_argument("--steps", type=float, nargs="+", default=list(STEPS))
    parser.add_argument("--senders", type=int, default=64)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--trivial", action="store_true", help="the generator alone")
    parser.add_argument("--per-kind", action="store_true", help="each kind of request alone")
    parser.add_argument("--kinds", nargs="+", default=[], help="with --per-kind: only these")
    parser.add_argument("--format", choices=["json", "text"], default="text")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.trivial:
        figures = generator_ceiling(args.step_seconds, args.steps, args.senders, say)
    else:
        server, base, passwords, _ = (
            demo_server() if args.workers is None else demo_server(args.workers)
        )
        try:
            if args.per_kind:
                kinds = per_kind(base, passwords, server_pid=server.pid, kinds=args.kinds, say=say)
                print(json.dumps(kinds, indent=2))
                return 0
            figures = capacity(
                base,
                passwords,
                step_seconds=args.step_seconds,
                steps=args.steps,
                senders=args.senders,
                server_pid=server.pid,
                say=say,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        engine = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        figures = {"engine": engine, **figures}
    if args.format == "json":
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        rows = [Step(**s) for s in figures["steps"]]  # type: ignore[attr-defined]
        name = "generator_ceiling_rps" if args.trivial else "capacity_rps"
        print(f"{name}: {figures[name]:g}")
        if not args.trivial:
            print(f"cpu_bound_rps: {figures['cpu_bound_rps']:g}")
        print(step_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
