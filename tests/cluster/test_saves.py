"""Many people saving at once through the balancer, their requests spread over both app
servers: each district's result saved by two clients at once (the same result) and eleven
districts side by side (different results). Every save is stored or refused by the version
check (someone else saved first), none is lost, and no answer is a 5xx."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter

from pramoen.bench.webclient import card_version

from .client import Cluster

CLIENTS_PER_DISTRICT = 2
SAVES_PER_CLIENT = 10
TIME_LIMIT = 120  # seconds, for the whole run
STORED, REFUSED = "บันทึกร่างแล้ว", "มีผู้อื่นบันทึก"
DISTRICTS = [f"20{n:02d}" for n in range(1, 12)]
CODE = "I5"  # a result no other cluster test writes


def test_concurrent_saves_through_the_balancer_are_stored_or_refused_never_lost(
    cluster: Cluster,
):
    outcomes: Counter[str] = Counter()
    stored: Counter[str] = Counter()
    problems: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT

    def worker(district: str, seed: int) -> None:
        rng = random.Random(seed)
        client = cluster.client()
        client.login(f"d{district}", cluster.accounts[f"d{district}"])
        path = f"/rounds/1/d/{district}/"
        for _ in range(SAVES_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            status, page = client.request("GET", path)
            if status != 200:
                with lock:
                    problems.append(f"GET {status}")
                continue
            version = card_version(page, CODE)
            status, body = client.request(
                "POST",
                f"{path}i/{CODE}/",
                {"value": f"{rng.uniform(5, 25):.2f}", "version": str(version)},
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
        for i, d in enumerate(DISTRICTS)
        for k in range(CLIENTS_PER_DISTRICT)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIME_LIMIT + 30)
    print(f"concurrent saves through the balancer: {dict(outcomes)} from {len(threads)} clients")
    assert problems == []
    assert outcomes["stored"] + outcomes["refused"] == len(threads) * SAVES_PER_CLIENT
    assert outcomes["refused"] > 0, "the test must make writers meet"
    # every stored save is one version step, whichever server stored it: had two saves of
    # one version both been stored, the version would fall short of the stored count.
    # Read back from each server, which must agree.
    for app in cluster.apps:
        versions = {}
        for district in DISTRICTS:
            client = cluster.client(app).login(f"d{district}", cluster.accounts[f"d{district}"])
            status, page = client.request("GET", f"/rounds/1/d/{district}/")
            assert status == 200
            versions[district] = card_version(page, CODE)
        assert versions == dict(stored), app
