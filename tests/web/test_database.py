"""PostgreSQL: parameters bound by the server and repeated statements prepared."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection


def _options(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRAMOEN_", "DATABASE_URL"))}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from pramoen.web import settings as s; "
            "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements(tmp_path):
    url = "postgres://u@127.0.0.1:5432/pramoen"
    on = _options(DATABASE_URL=url, PRAMOEN_DATA_DIR=str(tmp_path))
    assert on["server_side_binding"] is True and on["prepare_threshold"] == 5
    off = _options(DATABASE_URL=url, PRAMOEN_DATA_DIR=str(tmp_path), PRAMOEN_PG_PREPARE="0")
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    # SQLite has neither
    assert "server_side_binding" not in _options(PRAMOEN_DATA_DIR=str(tmp_path))


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="PostgreSQL only")
def test_a_statement_asked_again_and_again_is_prepared_on_the_server():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    for n in range(6):
        users.filter(pk=n).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"auth_user"' in sql and "$1" in sql for sql in prepared), prepared
