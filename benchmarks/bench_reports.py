"""Time to produce the reports of one province round (prints figures; not a test).

    .venv/bin/python benchmarks/bench_reports.py [--repeat 3]

Uses a throw-away demo instance with results entered and verified for every district, so the
forms are full. Each figure is the median of the runs after one warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRAMOEN_DATA_DIR", tempfile.mkdtemp(prefix="pramoen-bench-"))


def populate():  # type: ignore[no-untyped-def]
    from pramoen.web import bootstrap

    bootstrap.setup()
    from django.contrib.auth import get_user_model

    from pramoen.evaluation import services
    from pramoen.evaluation.models import Evaluation, Indicator, Result
    from pramoen.evaluation.services import ResultInput

    round_, _ = bootstrap.demo(ROOT / "examples" / "kpi-2568-1.txt")
    users = {u.username: u for u in get_user_model().objects.all()}
    ind = {i.code: i for i in Indicator.objects.filter(round=round_).prefetch_related("districts")}
    if Result.objects.exists():
        return round_
    services.shared_result_save(
        indicator=ind["T1"],
        user=users["wg-coordination"],
        data=ResultInput(value=Decimal("87.5")),
        version=0,
    )
    services.shared_result_save(
        indicator=ind["T2"],
        user=users["wg-strategy"],
        data=ResultInput(value=Decimal(91)),
        version=0,
    )
    owners = {
        "coordination": "wg-coordination",
        "promotion": "wg-promotion",
        "information": "wg-information",
        "strategy": "wg-strategy",
    }
    for n, ev in enumerate(Evaluation.objects.select_related("round", "district")):
        for i in ind.values():
            if i.shared or ev.district not in i.districts.all():
                continue
            data = (
                ResultInput(value=Decimal(8 + n % 5))
                if i.kind == "threshold"
                else ResultInput(met=frozenset(range(1, 2 + (n + i.number) % 5)))
            )
            services.result_save(
                evaluation=ev, indicator=i, user=users[f"d{ev.district.code}"], data=data, version=0
            )
        ev.refresh_from_db()
        services.evaluation_submit(
            evaluation=ev, user=users[f"d{ev.district.code}"], version=ev.version
        )
    for r in Result.objects.filter(status="submitted").select_related("indicator__work_group"):
        services.result_verify(
            result=r,
            user=users[owners[r.indicator.work_group.code]],
            level=r.self_level,
            comment="",
            version=r.version,
        )
    return round_


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: templates, fonts
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(runs), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    round_ = populate()
    from pramoen.reports import render

    load_before = os.getloadavg()[0]
    figures = {
        "pdf_district_ms": timed(
            lambda: render.render(round_, fmt="pdf", district="2001"), args.repeat
        ),
        "pdf_booklet_ms": timed(lambda: render.render(round_, fmt="pdf"), args.repeat),
        "xlsx_round_ms": timed(lambda: render.render(round_, fmt="xlsx"), args.repeat),
        "csv_round_ms": timed(lambda: render.render(round_, fmt="csv"), args.repeat),
    }
    json.dump(figures, sys.stdout, indent=2)
    print()
    # the machine may be shared: the booklet lays its districts out on every core
    print(
        f"cores {len(os.sched_getaffinity(0))}, load average (1 min) "
        f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
