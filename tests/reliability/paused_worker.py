"""A real ``pramoen worker`` whose report jobs stop midway, for the kill-the-worker test.

    PRAMOEN_PAUSE_MARK=FILE python -m tests.reliability.paused_worker [worker options]

A workbook job writes its first district's progress, then FILE, then sleeps until the test
kills the worker: the job is then running, as far as the database knows, with nobody to end it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    from pramoen.cli import main as pramoen
    from pramoen.cli.base import server

    server()  # Django set up before the reports are imported (the worker's own call is a no-op)
    from pramoen.reports import excel

    def paused_workbook(round_: Any, reports: Any, progress: Any = None) -> bytes:
        progress(1)
        Path(os.environ["PRAMOEN_PAUSE_MARK"]).write_text("midway", encoding="utf-8")
        time.sleep(600)
        raise AssertionError("the test did not kill the worker")

    excel.round_workbook = paused_workbook
    return pramoen(["worker", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
