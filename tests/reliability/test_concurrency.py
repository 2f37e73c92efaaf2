"""Many clients saving and submitting at once against the real server: every write is stored or
refused with a message, never a 500, never a lost update. Loopback only, bounded."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

import pytest

from pramoen.bench.webclient import WebClient, card_version, evaluation_version
from tests.reliability.instances import Instance

CLIENTS_PER_DISTRICT = 2
SAVES_PER_CLIENT = 12
TIME_LIMIT = 120  # seconds, for the whole run

STORED, REFUSED = "บันทึกร่างแล้ว", "มีผู้อื่นบันทึก"


@pytest.fixture
def server(tmp_path):
    instance = Instance(tmp_path, "srv")
    passwords = instance.passwords(instance.run("demo", "--no-serve").stdout)
    process, base = instance.serve(workers=2)
    yield instance, base, passwords
    process.terminate()
    process.wait(timeout=20)
    instance.close()


def test_concurrent_saves_are_stored_or_refused_never_lost(server):
    instance, base, passwords = server
    districts = [f"20{n:02d}" for n in range(1, 12)]
    outcomes: Counter[str] = Counter()
    stored: Counter[str] = Counter()
    problems: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT

    def worker(district: str, seed: int) -> None:
        rng = random.Random(seed)
        client = WebClient(base)
        client.login(f"d{district}", passwords[f"d{district}"])
        path = f"/rounds/1/d/{district}/"
        for _ in range(SAVES_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            status, page = client.request("GET", path)
            if status != 200:
                with lock:
                    problems.append(f"GET {status}")
                continue
            version = card_version(page, "I5")
            value = f"{rng.uniform(5, 25):.2f}"
            status, body = client.request(
                "POST",
                f"{path}i/I5/",
                {"value": value, "version": str(version)},
                headers={"HX-Request": "true"},
            )
            with lock:
                if status >= 500:
                    problems.append(f"{status} on save")
                elif STORED in body:
                    outcomes["stored"] += 1
                    stored[district] += 1
                elif REFUSED in body:
                    outcomes["refused"] += 1
                else:
                    problems.append(f"unexplained answer {status}: {body[:200]}")

    threads = [
        threading.Thread(target=worker, args=(d, i * 100 + k))
        for i, d in enumerate(districts)
        for k in range(CLIENTS_PER_DISTRICT)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIME_LIMIT + 30)
    print(f"concurrent saves: {dict(outcomes)} from {len(threads)} clients")
    assert problems == []
    assert outcomes["stored"] + outcomes["refused"] == len(threads) * SAVES_PER_CLIENT
    assert outcomes["refused"] > 0, "the test must make writers meet"
    # every stored save is one version step: had two saves of the same version both
    # succeeded, the final version would be lower than the number of stored saves
    versions = instance.shell(
        "from pramoen.evaluation.models import Result\n"
        "for r in Result.objects.filter(indicator__code='I5').select_related('district'):\n"
        "    print(r.district.code, r.version)"
    )
    final = dict(line.split() for line in versions.strip().splitlines())
    assert {d: int(v) for d, v in final.items()} == dict(stored)


def test_two_officers_submitting_at_once_submit_once(server):
    instance, base, passwords = server
    client = WebClient(base)
    client.login("d2001", passwords["d2001"])
    for code, data in {
        "I1": {"met": "1"},
        "I2a": {"value": "4"},
        "I3a": {"met": "1"},
        "I4": {"met": "1"},
        "I5": {"value": "11"},
        "I6": {"met": "1"},
    }.items():
        status, body = client.request(
            "POST",
            f"/rounds/1/d/2001/i/{code}/",
            {**data, "version": "0"},
            headers={"HX-Request": "true"},
        )
        assert STORED in body, (code, status)
    _, page = client.request("GET", "/rounds/1/d/2001/")
    version = evaluation_version(page)
    others = [WebClient(base) for _ in range(4)]
    for c in others:
        c.login("d2001", passwords["d2001"])
    answers: list[int] = []
    barrier = threading.Barrier(len(others))

    def submit(c: WebClient) -> None:
        barrier.wait()
        answers.append(c.request("POST", "/rounds/1/d/2001/submit/", {"version": str(version)})[0])

    threads = [threading.Thread(target=submit, args=(c,)) for c in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(a < 500 for a in answers)
    submitted = instance.shell(
        "from pramoen.evaluation.models import HistoryEvent, Evaluation\n"
        "print(HistoryEvent.objects.filter(action='evaluation_submitted').count(),"
        " Evaluation.objects.get(district__code='2001').status)"
    )
    assert submitted.split() == ["1", "submitted"]
