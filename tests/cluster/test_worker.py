"""The worker killed (SIGKILL, with its PDF layout processes: its whole process group, as a
service manager or the out-of-memory killer would) in the middle of a booklet, then started
again: the job does not hang as "running" for ever. It is shown failed, saying why, on its
page from every server, and asked for again it is made by the new worker."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

from .client import Cluster
from .reports import ask_booklet, job_state, wait_for


def _alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_job_whose_worker_is_killed_midway_is_shown_failed_and_can_be_asked_again(
    cluster: Cluster,
):
    client = cluster.client().login("wg-strategy", cluster.accounts["wg-strategy"])
    job = ask_booklet(client)
    deadline = time.monotonic() + 120
    while True:  # midway: running, a part or more written, not the last
        state, page = job_state(client, job)
        progress = re.search(r"(\d+) / (\d+)", page)
        assert progress, page[:300]
        done, total = map(int, progress.groups())
        if state == "running" and 2 <= done < total:
            break
        assert state in ("queued", "running"), f"the job ended before its midpoint: {state}"
        assert time.monotonic() < deadline, "the job never reached its midpoint"
        time.sleep(0.1)
    pid = int(cluster.worker_pidfile.read_text())
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _alive(pid):
        assert time.monotonic() < deadline, "the worker outlived SIGKILL"
        time.sleep(0.1)
    subprocess.run([cluster.worker_cmd], check=True)  # started again, as its service would be
    assert int(cluster.worker_pidfile.read_text()) != pid

    # the dead worker's job: failed once the stale time has passed, saying why, everywhere
    assert wait_for(client, job, {"failed", "done"}, limit=120) == "failed"
    for app in cluster.apps:
        state, page = job_state(cluster.client(app, client.jar), job)
        assert state == "failed"
        assert "pramoen worker" in page and "สั่งสร้างรายงานใหม่" in page  # why, what to do

    again = ask_booklet(client)
    assert again != job
    assert wait_for(client, again, {"failed", "done"}) == "done", job_state(client, again)[1]
