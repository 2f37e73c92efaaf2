from __future__ import annotations

from pathlib import Path

import pytest

from pramoen.core import Scorecard, officialdoc

FIXTURES = Path(__file__).parent / "fixtures"
FY2568 = FIXTURES / "kpi-2568-1.txt"


@pytest.fixture(scope="session")
def fy2568_text() -> str:
    return FY2568.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fy2568(fy2568_text: str) -> Scorecard:
    return officialdoc.parse(fy2568_text)


@pytest.fixture(autouse=True)
def _no_language_leaks():
    # LocaleMiddleware leaves a request's language active in the test thread; services now
    # translate their messages, so every test starts from the default (Thai).
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # The queue's tasks (report jobs, mail) run where they are enqueued, as a worker would run
    # them; tests of the real queue (tests/reliability/test_worker.py) put the database back.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
