"""The history told in sentences: one function per kind of event the services record.

The stored event stays structured (``services.history``: action, field, old, new as JSON);
this module is the one place that turns it into what a district officer or an auditor reads
("อนุมัติผลการประเมิน โดย สมชาย ใจดี เมื่อ 1 ธ.ค. 2569 10:30"), in the active language. Every
page and export that shows history calls ``history_lines``; a kind recorded without a sentence
here fails tests/evaluation/test_history_text.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.thai import decimal_text

from .models import HistoryEvent
from .templatetags.pramoen import thaidate

NOTE_SHOWN = 80  # characters of a note quoted in its sentence; the page shows the rest


@dataclass(frozen=True)
class HistoryLine:
    event: HistoryEvent
    what: str  # "อนุมัติผลการประเมิน"
    actor: str
    when: str
    reason: str

    @property
    def sentence(self) -> str:
        return _("%(what)s โดย %(who)s เมื่อ %(when)s") % {
            "what": self.what,
            "who": self.actor,
            "when": self.when,
        }


def actor_name(user: Any) -> str:
    if user is None:
        # services.history.is_operator: the ``pramoen`` command and the demo act as no one
        return _("ผู้ดูแลระบบ (คำสั่ง pramoen)")
    name: str = user.get_full_name() or user.username
    return name


def file_size(size: Any) -> str:
    """8488 -> "8 KB": what a person recognises of a file, not its exact byte count."""
    try:
        n = int(size)
    except (TypeError, ValueError):
        return ""
    if n < 1024:
        return _("%(n)s ไบต์") % {"n": n}
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{decimal_text(Decimal(n / (1024 * 1024)).quantize(Decimal('0.1')))} MB"


def _number(value: Any) -> str:
    """A stored decimal ("87.5000", 4) as written: 87.5, 4; nothing as "–"."""
    if value is None or value == "":
        return "–"
    try:
        return decimal_text(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _levels(value: Any) -> str:
    if not value:
        return _("ไม่มี")
    return ", ".join(str(v) for v in value)


def _measures(value: Any) -> str:
    if not value:
        return _("ไม่มี")
    if isinstance(value, dict):
        return ", ".join(f"{k} {_number(v)}" for k, v in value.items())
    return str(value)


def _quote(text: Any) -> str:
    text = str(text or "")
    return f"“{text[:NOTE_SHOWN]}…”" if len(text) > NOTE_SHOWN else f"“{text}”"


def _change(old: str, new: str) -> str:
    """ "เป็น 11" for a first entry, "จาก 9.5 เป็น 11" for a change."""
    if old in ("–", _("ไม่มี")):
        return _("เป็น %(new)s") % {"new": new}
    return _("จาก %(old)s เป็น %(new)s") % {"old": old, "new": new}


# --- one function per kind ----------------------------------------------------------------


def _submitted(e: HistoryEvent) -> str:
    if e.old == "returned":
        return _("ส่งผลการประเมินอีกครั้งหลังแก้ไข")
    return _("ส่งผลการประเมินให้กลุ่มงานตรวจสอบ")


def _approved(e: HistoryEvent) -> str:
    return _("อนุมัติผลการประเมิน")


def _returned(e: HistoryEvent) -> str:
    return _("ส่งการประเมินกลับให้อำเภอแก้ไข")


def _reopened(e: HistoryEvent) -> str:
    return _("เปิดการประเมินที่อนุมัติแล้วใหม่")


def _evidence_added(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    if new.get("url"):
        return _("แนบลิงก์หลักฐาน %(url)s ในตัวชี้วัด %(code)s") % {
            "url": new["url"],
            "code": e.indicator_code,
        }
    return _("แนบหลักฐาน %(name)s (%(size)s) ในตัวชี้วัด %(code)s") % {
        "name": new.get("name", ""),
        "size": file_size(new.get("size")),
        "code": e.indicator_code,
    }


def _evidence_removed(e: HistoryEvent) -> str:
    old = e.old if isinstance(e.old, dict) else {}
    return _("นำหลักฐาน %(name)s ออกจากตัวชี้วัด %(code)s") % {
        "name": old.get("name", ""),
        "code": e.indicator_code,
    }


def _entry(e: HistoryEvent, whose: str) -> str:
    """A saved result, one field per event (``services.results._apply``'s fields)."""
    code = e.indicator_code
    if e.field == "value":
        what = _("บันทึกผลการดำเนินงาน%(whose)sของ %(code)s %(change)s")
        change = _change(_number(e.old), _number(e.new))
    elif e.field == "values":
        what = _("บันทึกตัวเลขตัววัด%(whose)sของ %(code)s %(change)s")
        change = _change(_measures(e.old), _measures(e.new))
    elif e.field == "met":
        what = _("บันทึกระดับที่ทำได้%(whose)sของ %(code)s %(change)s")
        change = _change(_levels(e.old), _levels(e.new))
    elif e.field == "note":
        if not e.new:
            return _("ลบหมายเหตุ%(whose)sของ %(code)s") % {"whose": whose, "code": code}
        what = _("บันทึกหมายเหตุ%(whose)sของ %(code)s %(change)s")
        change = _("เป็น %(new)s") % {"new": _quote(e.new)}
    elif e.field == "self_level":
        what = _("ระดับที่คำนวณได้%(whose)sของ %(code)s %(change)s")
        change = _change(_number(e.old), _number(e.new))
    else:
        what = _("บันทึกผล%(whose)sของ %(code)s %(change)s")
        change = _change(str(e.old), str(e.new))
    return what % {"whose": whose, "code": code, "change": change}


def _result_saved(e: HistoryEvent) -> str:
    return _entry(e, "")


def _shared_result_saved(e: HistoryEvent) -> str:
    return _entry(e, _("ระดับจังหวัด"))


def _verified(e: HistoryEvent) -> str:
    values = {"code": e.indicator_code, "level": _number(e.new), "old": _number(e.old)}
    if e.old is None:
        return _("ตรวจสอบผล %(code)s ได้ระดับ %(level)s") % values
    return _("ตรวจสอบผล %(code)s ใหม่ จากระดับ %(old)s เป็นระดับ %(level)s") % values


def _result_returned(e: HistoryEvent) -> str:
    return _("ส่งผล %(code)s กลับให้อำเภอแก้ไข") % {"code": e.indicator_code}


def _round_imported(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    return _("นำเข้าสรุปตัวชี้วัดจากไฟล์ %(source)s (%(n)s ตัวชี้วัด)") % {
        "source": new.get("source", ""),
        "n": new.get("indicators", ""),
    }


def _round_status(e: HistoryEvent) -> str:
    if e.new == "closed":
        return _("ปิดรอบการประเมิน")
    if e.old == "closed":
        return _("เปิดรอบการประเมินอีกครั้ง")
    return _("เปิดรอบการประเมิน")


def _round_settings(e: HistoryEvent) -> str:
    if e.field == "team_share":
        return _("ตั้งสัดส่วนรายทีมเป็นร้อยละ %(share)s") % {
            "share": _number(Decimal(str(e.new)) * 100) if e.new is not None else "–"
        }
    if e.field == "shares_default":
        return _("ใช้สัดส่วนค่าเริ่มต้น ๕๐ : ๕๐") if e.new else _("กำหนดสัดส่วนคะแนนเอง")
    if e.field == "bands":
        if not e.new:
            return _("ใช้เกณฑ์ระดับผลค่าเริ่มต้น")
        bands = ", ".join(f"{b[1]} ≥ {_number(b[0])}" for b in e.new if len(b) >= 2)
        return _("ตั้งเกณฑ์ระดับผล: %(bands)s") % {"bands": bands}
    if e.field == "interpolate":
        if e.new:
            return _("เปิดการเทียบบัญญัติไตรยางศ์ระหว่างเกณฑ์")
        return _("ปิดการเทียบบัญญัติไตรยางศ์ระหว่างเกณฑ์")
    return _("เปลี่ยนการตั้งค่ารอบการประเมิน")


def _indicator_entry(e: HistoryEvent) -> str:
    if e.new:
        return _("เปลี่ยนวิธีบันทึกผลของ %(code)s เป็นผลระดับจังหวัด") % {"code": e.indicator_code}
    return _("เปลี่ยนวิธีบันทึกผลของ %(code)s เป็นรายอำเภอ") % {"code": e.indicator_code}


def _indicator_evidence(e: HistoryEvent) -> str:
    if e.new:
        return _("กำหนดให้ %(code)s ต้องแนบหลักฐานก่อนส่ง") % {"code": e.indicator_code}
    return _("ยกเลิกการบังคับแนบหลักฐานของ %(code)s") % {"code": e.indicator_code}


def _bulk_import(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    return _("นำเข้าผลจากไฟล์ %(file)s (%(rows)s รายการ)") % {
        "file": new.get("file", ""),
        "rows": new.get("rows", ""),
    }


def _round_restored(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    return _("กู้คืนรอบการประเมินจากไฟล์สำรอง (%(n)s ผล)") % {"n": new.get("results", "")}


def _verification_withdrawn(e: HistoryEvent) -> str:
    return _("ถอนการตรวจสอบผล %(code)s (ระดับ %(level)s) เหตุผล %(reason)s") % {
        "code": e.indicator_code,
        "level": _number(e.old),
        "reason": _quote(e.reason),
    }


def _edited_value(value: Any) -> str:
    """A field's value in the editor's record: a list (districts) joined, a long text cut."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("ผลระดับจังหวัด") if value else _("รายอำเภอ")
    return str(_quote(value) if isinstance(value, str) and len(value) > 20 else value)


def _edited_field(name: str) -> str:
    if name.startswith("level") and name[5:].isdigit():
        return _("ระดับ %(n)s") % {"n": name[5:]}
    labels = {
        "code": _("รหัส"),
        "group": _("กลุ่มตัวชี้วัด"),
        "shared": _("วิธีบันทึกผล"),
        "title": _("ชื่อตัวชี้วัด"),
        "weight": _("น้ำหนัก"),
        "work_group": _("แหล่งข้อมูล"),
        "districts": _("อำเภอที่ใช้"),
    }
    return str(labels.get(name, name))


def _indicator_update(e: HistoryEvent) -> str:
    return _("แก้ไข%(field)sของ %(code)s %(change)s") % {
        "field": _edited_field(e.field),
        "code": e.indicator_code,
        "change": _change(_edited_value(e.old), _edited_value(e.new)),
    }


def _indicator_added(e: HistoryEvent) -> str:
    return _("เพิ่มตัวชี้วัด %(code)s") % {"code": e.indicator_code}


def _indicator_removed(e: HistoryEvent) -> str:
    return _("ลบตัวชี้วัด %(code)s ออกจากรอบ (ยังเป็นร่าง)") % {"code": e.indicator_code}


def _round_started_from(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}
    return _("เริ่มรอบนี้จากรอบ %(code)s (คัดลอก %(n)s ตัวชี้วัด)") % {
        "code": new.get("from", ""),
        "n": new.get("indicators", ""),
    }


def _deadlines_set(e: HistoryEvent) -> str:
    new = e.new if isinstance(e.new, dict) else {}

    def day(key: str) -> str:
        value = new.get(key)
        if not isinstance(value, str):
            return "–"
        try:
            return thaidate(date.fromisoformat(value))
        except ValueError:
            return value

    return _("ตั้งกำหนดการ: ส่งผล %(submit)s ตรวจสอบ %(verify)s อนุมัติ %(approve)s") % {
        "submit": day("submission_due"),
        "verify": day("verification_due"),
        "approve": day("approval_due"),
    }


SENTENCES: dict[str, Callable[[HistoryEvent], str]] = {
    "evaluation_submitted": _submitted,
    "evaluation_approved": _approved,
    "evaluation_returned": _returned,
    "evaluation_reopened": _reopened,
    "evidence_added": _evidence_added,
    "evidence_removed": _evidence_removed,
    "result_saved": _result_saved,
    "shared_result_saved": _shared_result_saved,
    "result_verified": _verified,
    "result_returned": _result_returned,
    "round_imported": _round_imported,
    "round_status": _round_status,
    "round_settings": _round_settings,
    "indicator_entry": _indicator_entry,
    "indicator_evidence": _indicator_evidence,
    "bulk_import": _bulk_import,
    "round_restored": _round_restored,
    "result_verification_withdrawn": _verification_withdrawn,
    "round_started_from": _round_started_from,
    "indicator_update": _indicator_update,
    "indicator_added": _indicator_added,
    "indicator_removed": _indicator_removed,
    "deadlines_set": _deadlines_set,
}


def describe(event: HistoryEvent) -> str:
    """What happened, in the active language. A kind without a sentence (a newer server's
    event read by an older one) still says something readable rather than failing."""
    present = SENTENCES.get(event.action)
    if present is None:
        return _("รายการ %(code)s") % {"code": event.indicator_code or "-"}
    try:
        return present(event)
    except (TypeError, ValueError, InvalidOperation, AttributeError, IndexError, KeyError):
        # A stored value of an unexpected shape (hand-edited, restored from an old backup):
        # the page still shows the event, never a 500.
        return _("รายการ %(code)s") % {"code": event.indicator_code or "-"}


def history_line(event: HistoryEvent) -> HistoryLine:
    return HistoryLine(
        event=event,
        what=describe(event),
        actor=actor_name(event.actor),
        when=thaidate(event.at, "short"),
        reason=event.reason,
    )


def history_lines(events: Iterable[HistoryEvent]) -> list[HistoryLine]:
    """The events as lines to show (their actors should be select_related)."""
    return [history_line(e) for e in events]
