"""The capacity search (pramoen.bench.capacity): stepping the offered rate and refining between
the last pass and the first miss, against fake runners (no server, deterministic), and the
open-loop sender against a fake load."""

from __future__ import annotations

import os
import time

from pramoen.bench import capacity, mix
from pramoen.bench.capacity import Step, search


def step(rate: float, p95: float = 50.0, errors: int = 0, achieved: float | None = None) -> Step:
    return Step(
        offered=rate,
        achieved=rate if achieved is None else achieved,
        p50_ms=p95 / 2,
        p95_ms=p95,
        errors=errors,
    )


def server_up_to(limit: float, ran: list[float]):
    """A fake runner: within target up to ``limit`` requests/s, p95 of a second beyond."""

    def runner(rate: float) -> Step:
        ran.append(rate)
        return step(rate, p95=100.0 if rate <= limit else 1000.0)

    return runner


def test_steps_up_to_the_first_miss_then_halves_the_gap_towards_it():
    ran: list[float] = []
    best, runs = search(server_up_to(137, ran), (25, 50, 100, 150, 200, 250), refine=3)
    # 150 misses: nothing above it is run; then 100..150 is halved three times
    assert ran == [25, 50, 100, 150, 125, 138, 132]  # 125 pass, 138 miss, 132 pass
    assert best == 132
    assert [s.offered for s in runs] == sorted(ran)  # the table is by rate


def test_refining_stops_at_the_resolution():
    ran: list[float] = []
    best, _ = search(server_up_to(137, ran), (100, 150), refine=10, resolution=5)
    assert best == 135 and ran == [100, 150, 125, 138, 132, 135]  # then 135..138: within 5
    ran.clear()
    best, _ = search(server_up_to(137, ran), (100, 150), refine=10, resolution=30)
    assert best == 125 and ran == [100, 150, 125]


def test_a_first_step_that_misses_is_capacity_zero_and_nothing_else_runs():
    ran: list[float] = []
    best, runs = search(server_up_to(10, ran), (25, 50, 100))
    assert (best, ran, len(runs)) == (0, [25], 1)


def test_every_step_passing_is_the_last_step_without_refining():
    ran: list[float] = []
    best, _ = search(server_up_to(10_000, ran), (25, 50, 100))
    assert (best, ran) == (100, [25, 50, 100])


def test_one_error_or_a_rate_not_achieved_is_a_miss_however_quick():
    assert step(100).passed()
    assert not step(100, p95=301).passed()
    assert not step(100, errors=1).passed()
    assert not step(100, achieved=90).passed()  # the server answered 90 of 100 a second
    assert step(100, achieved=96).passed()
    table = capacity.step_table([step(50), step(100, errors=2)])
    assert table.splitlines()[1].endswith("pass") and table.splitlines()[2].endswith("miss")


class FakeLoad:
    """Each request takes ``ms``; the sender thread is busy meanwhile."""

    def __init__(self, ms: float) -> None:
        self.ms = ms

    def connection(self):
        class Conn:
            def close(self) -> None:
                pass

        return Conn()

    def act(self, conn, kind, rng) -> str:
        time.sleep(self.ms / 1000)
        return ""


def test_arrivals_keep_the_offered_rate_and_a_backlog_counts_in_the_latency():
    # 100 requests/s of 20 ms each: sixteen senders keep up...
    kept_up = capacity.run_step(FakeLoad(20), 100, 1, senders=16)  # type: ignore[arg-type]
    assert kept_up.requests == 100 and kept_up.errors == 0
    assert kept_up.p95_ms < 300 and kept_up.passed()
    # ...one does not: arrivals do not wait for it (open loop), so requests queue, and each
    # one's latency counts from when it was due, not from when a sender took it
    behind = capacity.run_step(FakeLoad(20), 100, 1, senders=1)  # type: ignore[arg-type]
    assert behind.requests == 100
    assert behind.p95_ms > 600 and not behind.passed()


def test_card_versions_are_read_card_by_card():
    page = (
        '<div id="card-T1">no form</div>'
        '<div id="card-I1"><input type="hidden" name="version" value="3"></div>'
        '<div id="card-I5"><input type="hidden" name="version" value="7"></div>'
    )
    assert mix._card_versions(page) == {"I1": 3, "I5": 7}


def test_bench_text_shows_each_search_as_a_step_table_and_judges_capacity():
    from dataclasses import asdict

    from pramoen.bench import suite

    figures = {"capacity_rps": 50.0, "capacity_steps": [asdict(step(50)), asdict(step(100, 900))]}
    text = suite.table(figures)
    assert "capacity_steps:" in text and text.count("pass") == 1 and text.count("miss") == 1
    assert suite.misses(figures) == ["capacity_rps = 50.0 (target >= 150)"]


def test_server_cpu_counts_the_process_and_its_children():
    import subprocess
    import sys

    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    child = subprocess.Popen([sys.executable, "-c", burn + "time.sleep(30)"])
    try:
        deadline = time.monotonic() + 20
        while capacity.cpu_seconds(child.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.1)
        mine = capacity.cpu_seconds(os.getpid())
        assert mine >= capacity.cpu_seconds(child.pid) >= 0.3  # the child counts in its parent
    finally:
        child.kill()
        child.wait()
    assert capacity.cpu_seconds(None) == 0


def test_the_database_connection_is_kept_between_requests_on_either_engine():
    # a new SQLite connection a request (and its PRAGMAs) cost ~1.5 ms of the server's CPU
    # on every page (bench capacity, per kind); PostgreSQL's was kept already
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_the_cpu_bound_is_the_cores_over_the_median_cost_of_a_request():
    runs = [step(25), step(50), step(100)]
    for s, server_ms in zip(runs, (9.0, 10.0, 30.0), strict=True):
        s.server_cpu_ms = server_ms
    runs[1].generator_cpu_pct = 5.0  # 5 % of a core at 50/s: 1 ms a request
    assert capacity.cpu_bound(runs, cores=2) == round(2000 / 11, 1)
    assert capacity.cpu_bound([step(25)], cores=2) == 0  # no CPU figures: no bound
