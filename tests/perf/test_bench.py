"""``pramoen bench`` runs end to end and prints every figure (a small department, one run
each: this checks the command, not the machine's speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FIGURES = {
    "parse_ms",
    "score_districts_per_s",
    "recompute_department_ms",
    "overview_ms_11",
    "overview_ms_880",
    "overview_queries_11",
    "overview_queries_880",
    "entry_page_ms",
    "hello_ms",
    "entry_page_ratio",
    "editor_check_ms",
    "pdf_district_ms",
    "pdf_booklet_ms",
    "xlsx_round_ms",
    "preview_ms",
    "preview_ratio",
}


def test_bench_prints_every_figure_as_json(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["TMPDIR"] = str(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pramoen",
            "bench",
            "--repeat",
            "1",
            "--provinces",
            "3",
            "--districts-per-province",
            "4",
            "--rounds",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)
    assert set(figures) >= FIGURES
    for name in FIGURES:
        assert isinstance(figures[name], int | float) and figures[name] > 0, name
    # the same overview, the same queries, at 11 districts and at the whole department
    assert figures["overview_queries_11"] == figures["overview_queries_880"]
    assert figures["department_districts"] == 12
    assert isinstance(figures["missed"], list)
    # the throw-away instance is gone
    assert not list(tmp_path.glob("pramoen-bench-*"))
