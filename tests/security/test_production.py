"""Production settings: deploy checks clean, a secret key required, a strict CSP."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).parent.parent.parent
TEMPLATES = ROOT / "src" / "pramoen" / "templates"


def _manage(
    env_extra: dict[str, str], *args: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRAMOEN_", "DATABASE_URL", "DJANGO_"))
    }
    env.update({"PRAMOEN_DATA_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "pramoen", "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_deploy_checks_are_clean_in_production(tmp_path):
    out = _manage(
        {
            "PRAMOEN_ENV": "production",
            "PRAMOEN_SECRET_KEY": secrets.token_urlsafe(64),
            "PRAMOEN_ALLOWED_HOSTS": "pramoen.cdd.go.th",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    out = _manage({"PRAMOEN_ENV": "production"}, "check", tmp_path=tmp_path)
    assert out.returncode != 0
    assert "PRAMOEN_SECRET_KEY" in out.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(64))
    out = _manage(
        {
            "PRAMOEN_ENV": "production",
            "PRAMOEN_SECRET_KEY_FILE": str(key_file),
            "PRAMOEN_ALLOWED_HOSTS": "x.example",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts():
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in m.group(1) and "application/json" not in m.group(1):
                offenders.append(f"{path.name}: inline <script>")
        for m in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: event handler {m.group(0).strip()}")
    assert offenders == []


# A signed-in request through the whole stack of a fresh instance, as the bench makes it.
BENCH_PAGE = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from pramoen.accounts.services import user_create
call_command("migrate", verbosity=0)
from django.conf import settings
if settings.PRODUCTION:  # as pramoen serve does: the pages (the 404 one too) name hashed files
    call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
client.force_login(user_create(username="bench", role="department")[0])
print(client.get("/bench/hello/", secure=True).status_code)
"""


@pytest.mark.parametrize(("env", "status"), [("production", 404), ("development", 200)])
def test_the_bench_page_is_served_everywhere_but_in_production(env, status, tmp_path):
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRAMOEN_", "DATABASE_URL", "DJANGO_"))
    }
    environ.update(
        {
            "PRAMOEN_DATA_DIR": str(tmp_path),
            "PRAMOEN_ENV": env,
            "PRAMOEN_SECRET_KEY": secrets.token_urlsafe(64),
            "PRAMOEN_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "pramoen.web.settings",
        }
    )
    out = subprocess.run(
        [sys.executable, "-c", BENCH_PAGE],
        env=environ,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(status)]
