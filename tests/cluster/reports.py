"""Report jobs as a person sees them: asked for, and watched on the job's page."""

from __future__ import annotations

import re
import time

from .client import Client

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def job_state(client: Client, job: int) -> tuple[str, str]:
    """The job's status as its page shows it, and the page's text."""
    status, page = client.request("GET", f"/reports/{job}/", headers={"HX-Request": "true"})
    assert status == 200, status
    found = re.search(r'data-status="(\w+)"', page)
    assert found, page[:300]
    return found.group(1), page


def ask_booklet(client: Client) -> int:
    status, _, headers = client.raw("POST", "/rounds/1/reports/", b"fmt=pdf", FORM)
    assert status == 302, status
    found = re.search(r"/reports/(\d+)/$", headers["Location"])
    assert found, headers["Location"]
    return int(found.group(1))


def wait_for(client: Client, job: int, statuses: set[str], limit: float = 180) -> str:
    deadline = time.monotonic() + limit
    while (state := job_state(client, job)[0]) not in statuses:
        assert time.monotonic() < deadline, f"job {job} still {state}"
        time.sleep(0.3)
    return state
