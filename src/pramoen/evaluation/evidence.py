"""Evidence files: accepted by what they contain, not by their name.

Accepted: PDF, PNG, JPEG, GIF, WebP, and Office files (OOXML .docx/.xlsx/.pptx checked as real
ZIP containers with a bounded unpacked size; legacy .doc/.xls/.ppt by their OLE2 signature).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ServiceError, TooLargeError

MAX_UNPACKED = 100 * 1024 * 1024  # what an Office file may unpack to
MAX_MEMBERS = 5000

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}


class EvidenceRejected(ServiceError):
    """A file that is not evidence we keep (type, content, size); nothing was stored."""


class EvidenceTooLarge(EvidenceRejected, TooLargeError):
    """Over ``settings.EVIDENCE_MAX_BYTES`` (the API answers 413, in both languages)."""

    MESSAGE = gettext_lazy("ไฟล์ใหญ่เกิน %(size)s MB")

    def __init__(self, limit: int) -> None:
        super().__init__(self.MESSAGE, params={"size": limit // (1024 * 1024)})


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def sniff(stream: IO[bytes]) -> Sniffed:
    """What the file really is, or EvidenceRejected with a reason in the active language."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", ".pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", ".png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", ".jpg")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Sniffed("image/gif", ".gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", ".webp")
    if head.startswith(_OLE2):
        return Sniffed("application/x-ole-storage", ".doc")
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(stream)
    raise EvidenceRejected(_("รับเฉพาะไฟล์ PDF รูปภาพ (PNG, JPEG, GIF, WebP) และไฟล์ Office"))


def _office_zip(stream: IO[bytes]) -> Sniffed:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise EvidenceRejected(_("ไฟล์ Office มีส่วนประกอบมากผิดปกติ"))
            if sum(m.file_size for m in members) > MAX_UNPACKED:
                raise EvidenceRejected(_("ไฟล์ Office ขยายออกแล้วใหญ่เกินกำหนด"))
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                raise EvidenceRejected(_("ไฟล์ ZIP นี้ไม่ใช่ไฟล์ Office"))
            for prefix, (content_type, extension) in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return Sniffed(content_type, extension)
    except zipfile.BadZipFile as exc:
        raise EvidenceRejected(_("ไฟล์ Office เสียหายหรือไม่ใช่ไฟล์ Office จริง")) from exc
    finally:
        stream.seek(0)
    raise EvidenceRejected(_("ไฟล์ ZIP นี้ไม่ใช่ไฟล์ Office"))
