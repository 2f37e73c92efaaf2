"""The files of imports that were never applied are removed after the retention period; the
import rows stay as history, saying so. Applied imports keep their file: it is the record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pramoen.api.services import token_create
from pramoen.cli import main
from pramoen.exchange import services
from pramoen.exchange.models import ImportBatch

from .helpers import check, csv_bytes, template

pytestmark = pytest.mark.django_db

DAYS = 30  # the default of PRAMOEN_IMPORT_RETENTION_DAYS


def t1(value: str) -> bytes:
    return f"round,district,indicator,level,value,note\n2568-1,,T1,,{value},\n".encode()


def batches(round_, users):
    """One import of each kind, as the coordination group makes them."""
    user = users["wg-coordination"]
    applied = services.import_apply(batch=check(round_, user, t1("86"), "applied.csv"), user=user)
    rejected = check(round_, user, t1("ร้อย"), "rejected.csv")
    waiting = check(round_, user, t1("90"), "waiting.csv")
    assert (applied.status, rejected.status, waiting.status) == ("applied", "rejected", "dry_run")
    return applied, rejected, waiting


def on_disk(batch) -> bool:
    return batch.file.storage.exists(batch.file.name) if batch.file.name else False


def test_files_of_imports_never_applied_go_after_the_retention_and_the_rows_stay(round_, users):
    applied, rejected, waiting = batches(round_, users)
    names = {b.pk: b.file.name for b in (applied, rejected, waiting)}
    assert services.import_files_purge(now=timezone.now() + timedelta(days=DAYS - 1)) == 0
    later = timezone.now() + timedelta(days=DAYS + 1)
    assert services.import_files_purge(now=later) == 2
    for batch in (applied, rejected, waiting):
        batch.refresh_from_db()
    assert on_disk(applied) and applied.file_removed_at is None and applied.status == "applied"
    for gone in (rejected, waiting):
        assert gone.file_removed_at == later and gone.file.name == ""
        assert not gone.file.storage.exists(names[gone.pk])
        assert gone.original_name and gone.sha256 and gone.summary["rows"] == 1  # the history
    assert rejected.errors and rejected.status == "rejected"
    # a dry run nobody confirmed can no longer be applied, and says why
    assert waiting.status == "rejected" and not waiting.can_apply
    assert waiting.summary["apply_error"] == ("ไม่ได้ยืนยันนำเข้าภายใน 30 วัน ไฟล์ถูกลบแล้ว กรุณาอัปโหลดใหม่")
    with pytest.raises(services.ImportFailed):
        services.import_apply(batch=waiting, user=users["wg-coordination"])
    assert services.import_files_purge(now=later + timedelta(days=365)) == 0  # once only


def test_the_retention_is_a_setting(round_, users, settings):
    settings.IMPORT_RETENTION_DAYS = 7
    _applied, rejected, _waiting = batches(round_, users)
    assert services.import_files_purge(now=timezone.now() + timedelta(days=8)) == 2
    assert ImportBatch.objects.get(pk=rejected.pk).file_removed_at is not None


def test_a_new_import_removes_the_files_that_are_due(round_, users):
    _applied, rejected, waiting = batches(round_, users)
    ImportBatch.objects.filter(pk__in=[rejected.pk, waiting.pk]).update(
        created_at=timezone.now() - timedelta(days=DAYS + 1)
    )
    fresh = check(round_, users["d2001"], csv_bytes(template(round_, users["d2001"], "csv")))
    assert ImportBatch.objects.filter(file_removed_at__isnull=False).count() == 2
    assert on_disk(ImportBatch.objects.get(pk=fresh.pk))


def test_the_management_command_and_the_cli_run_the_purge(round_, users, capsys):
    _applied, rejected, waiting = batches(round_, users)
    ImportBatch.objects.filter(pk=rejected.pk).update(
        created_at=timezone.now() - timedelta(days=DAYS + 1)
    )
    call_command("purge_imports")
    assert "1 ไฟล์" in capsys.readouterr().out
    ImportBatch.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=DAYS + 1)
    )
    assert main(["purge-imports"]) == 0
    assert "1 ไฟล์" in capsys.readouterr().out
    assert ImportBatch.objects.filter(file_removed_at__isnull=False).count() == 2


def test_the_batch_page_and_the_api_say_the_file_was_removed(round_, users, client_for):
    _applied, rejected, _waiting = batches(round_, users)
    services.import_files_purge(now=timezone.now() + timedelta(days=DAYS + 1))
    client = client_for("wg-coordination")
    page = client.get(reverse("exchange:batch", args=[rejected.pk])).content.decode()
    assert 'id="file-removed"' in page and "ไฟล์ที่ไม่ได้นำเข้าเก็บไว้ 30 วัน" in page
    assert reverse("exchange:batch_file", args=[rejected.pk]) not in page
    assert client.get(reverse("exchange:batch_file", args=[rejected.pk])).status_code == 404
    english = Client()
    english.cookies["django_language"] = "en"  # the language switch's cookie
    english.force_login(users["wg-coordination"])
    page = english.get(reverse("exchange:batch", args=[rejected.pk])).content.decode()
    assert "files that were not imported are kept for 30 days" in page
    token = token_create(user=users["wg-coordination"], name="t")[1]
    body = (
        Client(headers={"Authorization": f"Bearer {token}"})
        .get(reverse("api:import_get", args=[rejected.pk]))
        .json()
    )
    assert body["status"] == "rejected" and body["file_removed_at"] is not None


def test_an_apply_whose_file_is_missing_fails_cleanly(round_, users):
    user = users["wg-coordination"]
    batch = check(round_, user, t1("86"), "t1.csv")
    batch.file.storage.delete(batch.file.name)  # gone from the disk, by hand or a crash
    with pytest.raises(services.ImportFailed, match="ไม่พบไฟล์ที่อัปโหลดไว้"):
        services.import_apply(batch=batch, user=user)
    assert ImportBatch.objects.get(pk=batch.pk).status == "rejected"
