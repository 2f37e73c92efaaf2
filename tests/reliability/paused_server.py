"""A real Pramoen server (gunicorn) whose chosen operation pauses midway, for crash tests.

    PRAMOEN_PAUSE_IN=import|submit PRAMOEN_PAUSE_MARK=FILE \
        python -m tests.reliability.paused_server PORT

The patch is applied in the gunicorn master before it forks its worker, so the worker serves
the real views and services with one internal call made to stop inside the transaction: it
writes FILE and sleeps until the test kills the server.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _pause() -> None:
    Path(os.environ["PRAMOEN_PAUSE_MARK"]).write_text("midway", encoding="utf-8")
    time.sleep(600)


def main() -> None:
    port = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.web.settings")
    import django

    django.setup()
    what = os.environ["PRAMOEN_PAUSE_IN"]
    if what == "submit":
        from pramoen.evaluation.services import history

        record = history.record

        def paused_record(round_, user, action, **kwargs):  # type: ignore[no-untyped-def]
            if action == "evaluation_submitted":  # status and results already updated
                _pause()
            return record(round_, user, action, **kwargs)

        history.record = paused_record
    elif what == "import":
        from pramoen.evaluation.models import IndicatorLevel

        bulk_create = IndicatorLevel.objects.bulk_create
        calls: list[int] = []

        def paused_bulk_create(*args, **kwargs):  # type: ignore[no-untyped-def]
            created = bulk_create(*args, **kwargs)
            calls.append(1)
            if len(calls) == 5:  # five indicators written, six to go
                _pause()
            return created

        IndicatorLevel.objects.bulk_create = paused_bulk_create  # type: ignore[method-assign]
    else:
        raise SystemExit(f"PRAMOEN_PAUSE_IN must be import or submit, not {what}")
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "pramoen.web.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "900",
    ]
    run()


if __name__ == "__main__":
    main()
