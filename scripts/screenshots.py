"""Screenshots of the main pages at desktop and phone widths, for looking at them.

    [SHOTS=name,name] .venv/bin/python scripts/screenshots.py [OUT_DIR]

Builds a throw-away demo instance (its own data dir), enters some results as Mueang Chonburi,
serves it with gunicorn on loopback and drives Debian's Chromium with Playwright.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pramoen-shots")
DATA = Path(os.environ.get("PRAMOEN_DATA_DIR") or tempfile.mkdtemp(prefix="pramoen-shots-"))
os.environ["PRAMOEN_DATA_DIR"] = str(DATA)
sys.path.insert(0, str(ROOT))


def populate() -> dict[str, str]:
    from pramoen.web import bootstrap

    bootstrap.setup()
    from pramoen.accounts.services import user_create
    from pramoen.evaluation.services import ResultInput
    from pramoen.testing import factories
    from pramoen.web.synth import synth

    round_, accounts = bootstrap.demo(ROOT / "examples" / "kpi-2568-1.txt")
    passwords = {a.username: a.password for a in accounts}
    users = factories.people_by_username(passwords)
    factories.shared_results_entered(round_=round_, users=users)
    typed = {
        "2001": {
            "I1": ResultInput(met=frozenset({1, 2, 3, 4}), note="ส่งผลิตภัณฑ์ ๘ รายการ"),
            "I2a": ResultInput(value=Decimal(6)),
            "I3a": ResultInput(met=frozenset({1, 2}), values={}),
            "I4": ResultInput(met=frozenset({1, 2, 3})),
            "I5": ResultInput(value=Decimal("9.5")),
            "I6": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
        },
        "2002": {
            "I1": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
            "I2b": ResultInput(met=frozenset({1, 2, 3})),
            "I3b": ResultInput(met=frozenset({1, 2, 3, 4})),
            "I4": ResultInput(met=frozenset({1, 2, 3, 4, 5})),
            "I5": ResultInput(value=Decimal(15)),
            "I6": ResultInput(met=frozenset({1, 2, 3, 4})),
        },
    }
    for code, entries in typed.items():
        factories.results_entered(round_=round_, user=users[f"d{code}"], entries=entries)
    factories.evaluation_submitted(round_=round_, user=users["d2002"])
    # 2002 verified and approved: its appraisal opens for the province to rate
    from pramoen.evaluation.services import evaluation_approve

    factories.results_verified(round_=round_, users=users, district="2002")
    approved = factories.evaluation_of(round_, "2002")
    evaluation_approve(evaluation=approved, user=users["province"], version=approved.version)
    # round 2 of the fiscal year: 2002 submits and is verified, so the year has a result
    second = factories.next_round_opened(round_=round_, user=users["province"])
    factories.shared_results_entered(round_=second, users=users)
    factories.results_entered(round_=second, user=users["d2002"], entries=typed["2002"])
    factories.evaluation_submitted(round_=second, user=users["d2002"])
    factories.results_verified(round_=second, users=users, district="2002")
    # a small synthetic department beside Chonburi, and a department user to see it
    synth(document=ROOT / "examples" / "kpi-2568-1.txt", provinces=8, districts_per_province=6)
    _, passwords["department"] = user_create(username="department", role="department")
    return passwords


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    passwords = populate()
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = dict(os.environ)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/pramoen"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        from playwright.sync_api import sync_playwright

        pages = [
            ("d2001", "/rounds/1/d/2001/", "district-entry"),
            ("wg-promotion", "/rounds/1/queue/", "workgroup-queue"),
            ("province", "/rounds/1/", "province-overview"),
            ("province", "/rounds/import/", "province-import"),
            ("province", "/rounds/1/dashboard/", "province-dashboard"),
            ("d2001", "/rounds/1/d/2001/report/", "district-report"),
            ("department", "/department/?round=2568-1", "department-overview"),
            ("province", "/rounds/1/d/2002/appraisal/", "province-appraisal"),
            ("d2002", "/rounds/1/d/2002/history/", "district-history"),
            ("province", "/years/2568/", "province-year"),
            ("d2002", "/years/2568/d/2002/", "district-year"),
            ("province", "/rounds/1/appraisals/", "province-appraisals"),
            ("province", "/rounds/2/dashboard/", "province-dashboard-year"),
        ]
        if only := os.environ.get("SHOTS"):  # e.g. SHOTS=province-dashboard,province-year
            pages = [p for p in pages if p[2] in only.split(",")]
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
                for user, path, name in pages:
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, locale="th-TH"
                    )
                    page = context.new_page()
                    page.goto(base + "/accounts/login/")
                    page.fill("#id_username", user)
                    page.fill("#id_password", passwords[user])
                    page.click("#login-submit")
                    page.goto(base + path)
                    page.screenshot(
                        path=str(OUT / f"{name}-{label}.png"), full_page=label == "desktop"
                    )
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
