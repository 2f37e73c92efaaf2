"""``pramoen manage purge_imports`` (also ``pramoen purge-imports``): for a daily cron job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pramoen.exchange.services import import_files_purge


class Command(BaseCommand):
    help = "Remove the files of imports never applied, older than PRAMOEN_IMPORT_RETENTION_DAYS"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = import_files_purge()
        days = settings.IMPORT_RETENTION_DAYS
        self.stdout.write(f"ลบไฟล์ของการนำเข้าที่ไม่ได้นำเข้าและเก่ากว่า {days} วันแล้ว {removed} ไฟล์")
