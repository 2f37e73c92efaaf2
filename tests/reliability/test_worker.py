"""The task queue for real: report jobs asked through ``pramoen serve`` are done by a separate
``pramoen worker`` process (the web server never runs one), two workers never run one job
twice, a worker killed mid-job leaves a job the page shows failed with why, and ``pramoen demo``
starts the web server and a worker and stops both. SQLite file or PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pramoen.bench.webclient import WebClient
from tests.reliability.instances import ROOT, Instance

ASK = """
from django.contrib.auth import get_user_model
from pramoen.evaluation.models import Round
from pramoen.reports.jobs import job_start
round_ = Round.objects.get()
for username, fmt in {asks!r}:
    user = get_user_model().objects.get(username=username)
    print(job_start(round_=round_, fmt=fmt, user=user).pk)
"""

# Waits inside one process (not a process per look) until no job is live, then tells all.
SETTLED = """
import json, time
from django_tasks_db.models import DBTaskResult
from pramoen.reports.models import LIVE, ReportJob
deadline = time.monotonic() + {timeout}
while ReportJob.objects.filter(status__in=LIVE).exists() and time.monotonic() < deadline:
    time.sleep(0.2)
print(json.dumps({{
    "jobs": list(ReportJob.objects.order_by("pk").values("pk", "status", "message", "done",
                                                         "total", "file")),
    "tasks": [t.worker_ids for t in DBTaskResult.objects.all()],
}}))
"""


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[Instance]:
    made = Instance(tmp_path, "worker")
    made.accounts = made.passwords(made.run("demo", "--no-serve").stdout)  # type: ignore[attr-defined]
    yield made
    made.close()


def ask(instance: Instance, *asks: tuple[str, str]) -> list[int]:
    return [int(line) for line in instance.shell(ASK.format(asks=list(asks))).split()]


def settled(instance: Instance, timeout: float = 240) -> dict[str, list]:  # type: ignore[type-arg]
    return json.loads(instance.shell(SETTLED.format(timeout=timeout)))  # type: ignore[no-any-return]


def start_worker(instance: Instance, worker_id: str, *, module: str = "pramoen", env=None):  # type: ignore[no-untyped-def]
    argv = [sys.executable, "-m", module]
    argv += ["worker"] if module == "pramoen" else []
    return subprocess.Popen(
        [*argv, "--worker-id", worker_id, "--interval", "0.2"],
        env={**instance.env, **(env or {})},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)


def login(base: str, instance: Instance, username: str = "province") -> WebClient:
    client = WebClient(base)
    client.login(username, instance.accounts[username])  # type: ignore[attr-defined]
    return client


def round_id(instance: Instance) -> int:
    out = instance.shell(
        "from pramoen.evaluation.models import Round; print(Round.objects.get().pk)"
    )
    return int(out)


def test_a_job_asked_through_serve_waits_for_a_worker_which_does_it(instance, tmp_path):
    server, base = instance.serve(workers=1)
    try:
        client = login(base, instance)
        status, _ = client.request(
            "POST", f"/rounds/{round_id(instance)}/reports/", {"fmt": "xlsx"}
        )
        assert status == 302
        # the server has answered the request and shown the page, and has run nothing:
        # the job is queued and its task untouched (no worker has claimed it)
        state = settled(instance, timeout=0)
        assert [j["status"] for j in state["jobs"]] == ["queued"]
        assert state["tasks"] == [[]]
        job = state["jobs"][0]["pk"]
        assert "รอคิว" in client.request("GET", f"/reports/{job}/")[1]

        worker = start_worker(instance, "worker-one")
        try:
            state = settled(instance)
        finally:
            stop(worker)
        assert [(j["status"], j["done"] == j["total"] > 1) for j in state["jobs"]] == [
            ("done", True)
        ]
        assert state["tasks"] == [["worker-one"]]  # done by the worker, once
        page = client.request("GET", f"/reports/{job}/")[1]
        assert "ดาวน์โหลด" in page  # the page shows it done, through the web server
        status, body = client.request("GET", f"/reports/{job}/download/")
        assert status == 200 and body.startswith("PK")  # the workbook (a zip)
    finally:
        stop(server)


def test_two_workers_run_each_job_once_and_one_live_job_per_person(instance):
    workers = [start_worker(instance, f"worker-{n}") for n in (1, 2)]
    try:
        people = ["province", "viewer", "wg-strategy", "wg-coordination"]
        asks = [(p, "xlsx") for p in people] + [("province", "pdf")]
        made = ask(instance, *asks, *asks)  # each asked twice while the first is live or done
        state = settled(instance)
    finally:
        for w in workers:
            stop(w)
    jobs = state["jobs"]
    assert all(j["status"] == "done" and j["file"] for j in jobs), jobs
    # a second ask made a second job only where the first had already finished
    assert len(jobs) == len(set(made)) and len(asks) <= len(jobs) <= 2 * len(asks)
    assert len(state["tasks"]) == len(jobs)
    assert all(len(ids) == 1 for ids in state["tasks"])  # no job run by two workers


def test_a_job_whose_worker_is_killed_midway_is_shown_failed_with_why(instance, tmp_path):
    mark = tmp_path / "midway"
    stale = {"PRAMOEN_REPORT_JOB_STALE_SECONDS": "3"}
    instance.env.update(stale)  # the web server's rule, and the heartbeat of the worker
    server, base = instance.serve(workers=1)
    worker = start_worker(
        instance,
        "doomed",
        module="tests.reliability.paused_worker",
        env={"PRAMOEN_PAUSE_MARK": str(mark)},
    )
    try:
        client = login(base, instance)
        rid = round_id(instance)
        client.request("POST", f"/rounds/{rid}/reports/", {"fmt": "xlsx"})
        deadline = time.monotonic() + 120
        while not mark.exists():
            assert time.monotonic() < deadline, "the job never reached its midpoint"
            assert worker.poll() is None
            time.sleep(0.1)
        job = settled(instance, timeout=0)["jobs"][0]
        assert (job["status"], job["done"]) == ("running", 2)
        worker.kill()  # SIGKILL: nothing of it runs to say the job ended
        worker.wait(timeout=30)

        deadline = time.monotonic() + 120
        while "ไม่สำเร็จ" not in (page := client.request("GET", f"/reports/{job['pk']}/")[1]):
            assert time.monotonic() < deadline, "the dead job was never shown failed"
            time.sleep(0.5)
        assert "pramoen worker" in page and "สั่งสร้างรายงานใหม่" in page  # why, and what to do

        # asked again, a new job, done by a new worker: the dead one blocks nothing
        client.request("POST", f"/rounds/{rid}/reports/", {"fmt": "xlsx"})
        fresh = start_worker(instance, "fresh")
        try:
            jobs = settled(instance)["jobs"]
        finally:
            stop(fresh)
        assert [j["status"] for j in jobs] == ["failed", "done"]
    finally:
        if worker.poll() is None:
            worker.kill()
        stop(server)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_demo_serves_and_runs_jobs_and_stops_both_on_sigterm(instance):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    demo = subprocess.Popen(
        [sys.executable, "-m", "pramoen", "demo", "--port", str(port), "--workers", "1"],
        env=instance.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        out = ""
        while "Ctrl-C" not in out:  # the new demo's passwords, then the children started
            line = demo.stdout.readline()  # type: ignore[union-attr]
            assert line, "demo ended before starting the server"
            out += line
        instance.accounts = instance.passwords(out)  # type: ignore[attr-defined]
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the demo server did not start"
                time.sleep(0.2)
        children = _children(demo.pid)
        assert len(children) == 2  # gunicorn and the worker
        client = login(base, instance)
        client.request("POST", f"/rounds/{round_id(instance)}/reports/", {"fmt": "xlsx"})
        job = settled(instance)["jobs"][-1]
        assert job["status"] == "done"
        assert "ดาวน์โหลด" in client.request("GET", f"/reports/{job['pk']}/")[1]
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=120) == 0
        assert not [pid for pid in children if _alive(pid)]
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_the_worker_waits_for_migrations_rather_than_racing_the_web_server(tmp_path):
    fresh = Instance(tmp_path, "unmigrated")
    try:
        worker = subprocess.Popen(
            [sys.executable, "-m", "pramoen", "worker"],
            env=fresh.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            line = worker.stdout.readline()  # type: ignore[union-attr]
            assert re.search(r"waiting for the database to be migrated", line), line
            fresh.run("manage", "migrate", "--verbosity", "0")
            line = worker.stdout.readline()  # type: ignore[union-attr]
            assert line.startswith("Pramoen worker "), line
        finally:
            stop(worker)
        # stopped cleanly, or by the signal itself when it came before the library's worker
        # loop had put its handlers in place (the line above is printed just before)
        assert worker.returncode in (0, -signal.SIGTERM)
    finally:
        fresh.close()
