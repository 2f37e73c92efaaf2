"""Backup and restore of an instance: the database and the evidence files, together.

An archive is a .tar.gz with ``manifest.json``, the database (``db.sqlite3`` taken with
SQLite's online backup API, or ``db.sql`` from pg_dump) and ``media/NAME`` for each file the
database refers to (evidence, import files, reports), read and written back through Django's
file storage: the same archive for files on local disk and in an S3 bucket, and one made from
either restores into either. Restoring needs an empty instance unless forced, and the same
database engine.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = 1


class BackupError(Exception):
    pass


def _db() -> dict[str, Any]:
    from django.db import connection

    return dict(connection.settings_dict)


def _vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from pramoen.evaluation.models import Evaluation, Evidence, HistoryEvent, Result, Round

    return {
        "users": get_user_model().objects.count(),
        "rounds": Round.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "results": Result.objects.count(),
        "evidence": Evidence.objects.count(),
        "history": HistoryEvent.objects.count(),
    }


def is_empty() -> bool:
    c = counts()
    return c["users"] == 0 and c["rounds"] == 0


def backup(path: Path) -> dict[str, Any]:
    """Write an archive of this instance to ``path``; returns the manifest."""
    db = _db()
    vendor = _vendor()
    manifest = {
        "format": FORMAT,
        "engine": vendor,
        "created": datetime.now(UTC).isoformat(),
        "counts": counts(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            # The online backup API copies a consistent snapshot while the app keeps running.
            src = sqlite3.connect(str(db["NAME"]))
            dst = sqlite3.connect(str(work / "db.sqlite3"))
            with dst:
                src.backup(dst)
            src.close()
            dst.close()
            db_member = "db.sqlite3"
        elif vendor == "postgresql":
            _run(
                [
                    "pg_dump",
                    "--no-owner",
                    "--no-acl",
                    "--clean",
                    "--if-exists",
                    "-f",
                    str(work / "db.sql"),
                ],
                env=_pg_env(db),
            )
            db_member = "db.sql"
        else:  # pragma: no cover - only the two supported engines
            raise BackupError(f"unsupported database engine {vendor}")
        path = Path(path)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            # The names are read after the snapshot: each file it refers to is either still
            # named now or was deleted since (then it is gone from the storage as well).
            names = stored_names()
            written = sum(_add_file(tar, name) for name in names)
            manifest["files"] = written
            manifest["files_missing"] = len(names) - written
            (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / db_member, arcname=db_member)
        partial.replace(path)  # never a half-written archive under the final name
    return manifest


def _file_fields() -> list[tuple[type[Any], str]]:
    from django.apps import apps
    from django.db import models

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def stored_names() -> list[str]:
    """The names, in the default storage, of every file the database refers to."""
    names: set[str] = set()
    for model, field in _file_fields():
        names.update(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True))
    return sorted(n for n in names if n)


def _add_file(tar: tarfile.TarFile, name: str) -> bool:
    """Stream one stored file into the archive as ``media/NAME``; False when it is gone."""
    from django.core.files.storage import default_storage

    try:
        stream = default_storage.open(name, "rb")
    except FileNotFoundError:
        return False
    with stream:
        info = tarfile.TarInfo(f"media/{name}")
        info.size = stream.size
        info.mtime = int(datetime.now(UTC).timestamp())
        info.mode = 0o600
        tar.addfile(info, stream)
    return True


def _restore_files(media: Path) -> set[str]:
    """Write each file under the archive's ``media/`` back under its name (the database's
    reference to it), through the storage; returns the names."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    written: set[str] = set()
    for file in sorted(p for p in media.rglob("*") if p.is_file()):
        name = file.relative_to(media).as_posix()
        default_storage.delete(name)  # a leftover under the same name is replaced
        with file.open("rb") as f:
            saved = default_storage.save(name, File(f, name=name))
        if saved != name:  # pragma: no cover - the storage renamed it: the database would miss it
            raise BackupError(f"{name}: stored as {saved}")
        written.add(name)
    return written


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        p = PurePosixPath(m.name)
        if p.is_absolute() or ".." in p.parts or not (m.isfile() or m.isdir()):
            raise BackupError(f"unsafe entry in archive: {m.name}")
        members.append(m)
    return members


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore an archive into this instance; refuses a non-empty one unless ``force``."""
    from django.core.files.storage import default_storage
    from django.db import connections

    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: ไม่พบไฟล์สำรองข้อมูล")
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path}: ไม่ใช่ไฟล์สำรองข้อมูลของ Pramoen ({exc})") from exc
    with tar, tempfile.TemporaryDirectory() as tmp:
        members = _safe_members(tar)
        names = {m.name for m in members}
        if "manifest.json" not in names:
            raise BackupError(f"{path}: ไม่มี manifest.json")
        tar.extractall(tmp, members=members, filter="data")
        work = Path(tmp)
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: รูปแบบไฟล์สำรอง {manifest.get('format')} ไม่รองรับ")
        vendor = _vendor()
        if manifest.get("engine") != vendor:
            raise BackupError(f"ไฟล์สำรองมาจากฐานข้อมูล {manifest.get('engine')} แต่ระบบนี้ใช้ {vendor}")
        from .bootstrap import migrate

        migrate()
        if not is_empty() and not force:
            raise BackupError("ระบบนี้มีข้อมูลอยู่แล้ว ใช้ --force เพื่อเขียนทับ")
        replaced = stored_names()  # the files of the data being replaced go with it, below
        db = _db()
        connections.close_all()
        if vendor == "sqlite":
            target = Path(db["NAME"])
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            shutil.copyfile(work / "db.sqlite3", target)
        else:
            _run(
                ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-f", str(work / "db.sql")], env=_pg_env(db)
            )
        restored = _restore_files(work / "media")
        manifest["files_restored"] = len(restored)
        for name in set(replaced) - restored:
            default_storage.delete(name)
        migrate()  # an archive from an older version gets the newer migrations
    return manifest


def _run(argv: list[str], *, env: dict[str, str]) -> None:
    try:
        subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} not found: install postgresql-client") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{argv[0]} failed: {exc.stderr.strip()[:500]}") from exc
