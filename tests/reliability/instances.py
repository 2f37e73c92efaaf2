"""Real Pramoen instances in subprocesses: each its own data dir and, under PostgreSQL, its own
database (created beside the one DATABASE_URL names, dropped afterwards)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).parent.parent.parent

POPULATE = """
from decimal import Decimal
from django.core.files.uploadedfile import SimpleUploadedFile
from pramoen.evaluation import services
from pramoen.evaluation.models import Indicator, Result, Round
from pramoen.evaluation.services import ResultInput as In
from pramoen.testing import factories
u = factories.people_by_username()
round_ = Round.objects.get()
factories.shared_results_entered(round_=round_, users=u, values={"T1": Decimal("87.5")})
entries = {
    "I2a": In(value=Decimal(6)), "I5": In(value=Decimal("9.5")), "I4": In(met=frozenset({1, 2, 3}))
}
ev = factories.results_entered(round_=round_, user=u["d2001"], entries=entries)
pdf = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4 evidence bytes")
services.evidence_add_file(
    evaluation=ev, indicator=Indicator.objects.get(code="I5"), user=u["d2001"], upload=pdf,
    max_bytes=10**6,
)
print("populated", Result.objects.count())
"""


class Instance:
    def __init__(self, base: Path, name: str) -> None:
        self.dir = base / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PRAMOEN_")}
        self.env["PRAMOEN_DATA_DIR"] = str(self.dir / "var")
        self.database = None
        if url := os.environ.get("DATABASE_URL"):
            import psycopg

            parts = urlsplit(url)
            self.database = f"pramoen_{name}_{uuid.uuid4().hex[:8]}"
            self._admin = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(self._admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{self.database}"))

    def run(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        out = subprocess.run(
            [sys.executable, "-m", "pramoen", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
        )
        if check and out.returncode != 0:
            raise AssertionError(f"pramoen {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out

    def shell(self, code: str) -> str:
        return self.run("manage", "shell", "--no-imports", "-c", code).stdout

    def passwords(self, demo_output: str) -> dict[str, str]:
        return dict(line.split()[:2] for line in demo_output.splitlines() if line.startswith("  "))

    def serve(
        self, workers: int = 2, log: Path | None = None
    ) -> tuple[subprocess.Popen[bytes], str]:
        """gunicorn on a free loopback port (its output, the access log, to ``log``); returns
        the process and the base URL."""
        import socket
        import time

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pramoen",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=log.open("wb") if log else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return process, f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.2)
        process.kill()
        raise AssertionError("the server did not start")

    def close(self) -> None:
        if self.database:
            import psycopg

            with psycopg.connect(self._admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
