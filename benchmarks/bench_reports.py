"""Time to produce the reports of one province round (prints figures; not a test).

    .venv/bin/python benchmarks/bench_reports.py [--repeat 3]

Uses a throw-away demo instance with results entered and verified for every district (the
same as ``pramoen bench``), so the forms are full. Each figure is the median of the runs
after one warm-up. ``pramoen bench`` gives these figures too, with all the others.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PRAMOEN_DATA_DIR", tempfile.mkdtemp(prefix="pramoen-bench-"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from pramoen.web import bootstrap

    bootstrap.setup()
    from pramoen.bench.suite import median_ms, populate_province
    from pramoen.reports import render

    round_ = populate_province(ROOT / "examples" / "kpi-2568-1.txt")
    load_before = os.getloadavg()[0]
    figures = {
        "pdf_district_ms": median_ms(
            lambda: render.render(round_, fmt="pdf", district="2001"), args.repeat
        ),
        "pdf_booklet_ms": median_ms(lambda: render.render(round_, fmt="pdf"), args.repeat),
        "xlsx_round_ms": median_ms(lambda: render.render(round_, fmt="xlsx"), args.repeat),
        "csv_round_ms": median_ms(lambda: render.render(round_, fmt="csv"), args.repeat),
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
