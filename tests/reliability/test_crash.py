"""SIGKILL in the middle of an import and of a submission: after restart the database passes
its integrity check and holds the whole change or none of it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.reliability.instances import ROOT, Instance

DOC = ROOT / "tests" / "fixtures" / "kpi-2568-1.txt"

# Runs inside the killed process: pause in the middle of the operation, after some writes.
IMPORT_PAUSED = f"""
import time
from pramoen.evaluation.models import IndicatorLevel
from pramoen.accounts.services import province_setup
from pramoen.testing import factories
original = IndicatorLevel.objects.bulk_create
calls = []
def slow(*args, **kwargs):
    created = original(*args, **kwargs)
    calls.append(1)
    if len(calls) == 5:  # five indicators written, six to go
        print("MIDWAY", flush=True)
        time.sleep(120)
    return created
IndicatorLevel.objects.bulk_create = slow
province = province_setup()
from pathlib import Path
factories.round_imported(province=province, document=Path({str(DOC)!r}), reason="x")
"""

SUBMIT_PAUSED = """
import time
from django.contrib.auth import get_user_model
from pramoen.evaluation import services
from pramoen.evaluation.services import history
from pramoen.evaluation.models import Evaluation
original = history.record
def slow(round_, user, action, **kwargs):
    if action == "evaluation_submitted":  # status and results already updated
        print("MIDWAY", flush=True)
        time.sleep(120)
    return original(round_, user, action, **kwargs)
history.record = slow
ev = Evaluation.objects.select_related("round", "district").get(district__code="2001")
user = get_user_model().objects.get(username="d2001")
services.evaluation_submit(evaluation=ev, user=user, version=ev.version)
"""

ENTER_2001 = """
from decimal import Decimal
from django.contrib.auth import get_user_model
from pramoen.evaluation import services
from pramoen.evaluation.services import history
from pramoen.evaluation.models import Evaluation, Indicator
from pramoen.evaluation.models import Round
from pramoen.evaluation.services import ResultInput as In
from pramoen.testing import factories
u = get_user_model().objects.get(username="d2001")
entries = {"I1": In(met=frozenset({1})), "I2a": In(value=Decimal(4)), "I3a": In(met=frozenset({1})),
           "I4": In(met=frozenset({1})), "I5": In(value=Decimal(11)), "I6": In(met=frozenset({1}))}
factories.results_entered(round_=Round.objects.get(), user=u, entries=entries)
print("entered")
"""

STATE = """
from pramoen.evaluation.models import Evaluation, HistoryEvent, Indicator, IndicatorLevel
from pramoen.evaluation.models import Result, Round
ev = Evaluation.objects.filter(district__code="2001").first()
print(Round.objects.count(), Indicator.objects.count(), IndicatorLevel.objects.count(),
      ev.status if ev else "-", sorted(set(Result.objects.values_list("status", flat=True))),
      HistoryEvent.objects.filter(action="evaluation_submitted").count())
"""


@pytest.fixture
def instance(tmp_path):
    made = Instance(tmp_path, "crash")
    yield made
    made.close()


def kill_midway(instance: Instance, script: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pramoen", "manage", "shell", "--no-imports", "-c", script],
        env=instance.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "MIDWAY", process.stderr.read() if process.stderr else line
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def integrity(instance: Instance) -> str:
    if instance.database:  # PostgreSQL: the server itself recovers; ask it a question
        return instance.shell(
            "from django.db import connection\n"
            "c = connection.cursor(); c.execute('select 1'); print('ok')"
        ).strip()
    db = instance.dir / "var" / "pramoen.sqlite3"
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def state(instance: Instance) -> list[str]:
    return instance.shell(STATE).split()


def test_a_killed_import_leaves_nothing_and_a_rerun_imports_everything(instance):
    instance.run("manage", "migrate", "-v0")
    kill_midway(instance, IMPORT_PAUSED)
    assert integrity(instance) == "ok"
    assert state(instance)[:3] == ["0", "0", "0"]  # no round, no indicator, no level
    instance.run("setup-province")
    instance.run("import-doc", str(DOC), "--accept-errors", "ทดสอบ")
    assert integrity(instance) == "ok"
    assert state(instance)[:3] == ["1", "11", "55"]


def test_a_killed_submission_leaves_the_evaluation_as_it_was(instance):
    instance.run("demo", "--no-serve")
    assert "entered" in instance.shell(ENTER_2001)
    kill_midway(instance, SUBMIT_PAUSED)
    assert integrity(instance) == "ok"
    assert state(instance)[3:] == ["draft", "['draft']", "0"]
    # the same submission, not killed, lands whole
    instance.shell(SUBMIT_PAUSED.replace('action == "evaluation_submitted"', "False"))
    assert state(instance)[3:] == ["submitted", "['submitted']", "1"]
