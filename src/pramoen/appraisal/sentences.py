"""The appraisal's steps as sentences: in the evaluation's history and in the inbox (registered
by ``AppraisalConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.evaluation.models import HistoryEvent


def _rated(e: HistoryEvent) -> str:
    return _("ประเมินสมรรถนะและส่งแบบประเมินให้ผู้รับการประเมินรับทราบ")


def _acknowledged(e: HistoryEvent) -> str:
    return _("ผู้รับการประเมินลงนามรับทราบผลการประเมิน")


def _not_signed(e: HistoryEvent) -> str:
    return _("ผู้รับการประเมินไม่ลงนามรับทราบ โดยมี %(witness)s เป็นพยาน") % {
        "witness": e.new.get("witness", "") if isinstance(e.new, dict) else ""
    }


def _supervisor(e: HistoryEvent) -> str:
    return _("บันทึกความเห็นของผู้บังคับบัญชาเหนือขึ้นไป (%(name)s) แบบประเมินเสร็จสิ้น") % {
        "name": e.new.get("name", "") if isinstance(e.new, dict) else ""
    }


def _reopened(e: HistoryEvent) -> str:
    return _("เปิดแบบประเมินผลการปฏิบัติราชการใหม่ให้ประเมินอีกครั้ง")


def _setup(e: HistoryEvent) -> str:
    return _("ตั้งค่าการประเมินผลการปฏิบัติราชการของรอบ (วิธีประเมินสมรรถนะ น้ำหนัก ชุดสมรรถนะ)")


HISTORY = {
    "appraisal_rated": _rated,
    "appraisal_acknowledged": _acknowledged,
    "appraisal_not_signed": _not_signed,
    "appraisal_supervisor": _supervisor,
    "appraisal_reopened": _reopened,
    "appraisal_setup": _setup,
}

NOTIFICATIONS = {
    "appraisal_rated": gettext_lazy(
        "แบบประเมินผลการปฏิบัติราชการรอบ %(round)s ของอำเภอ%(district)s รอให้ท่านลงนามรับทราบ"
    ),
    "appraisal_acknowledged": gettext_lazy(
        "อำเภอ%(district)s รับทราบผลการประเมินรอบ %(round)s แล้ว รอความเห็นผู้บังคับบัญชาเหนือขึ้นไป"
    ),
    "appraisal_final": gettext_lazy(
        "แบบประเมินผลการปฏิบัติราชการรอบ %(round)s ของอำเภอ%(district)s เสร็จสิ้นแล้ว"
    ),
    "appraisal_reopened": gettext_lazy(
        "แบบประเมินผลการปฏิบัติราชการรอบ %(round)s ของอำเภอ%(district)s ถูกเปิดใหม่: %(reason)s"
    ),
}
