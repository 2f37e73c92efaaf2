"""The appraisal's writes, split by what they write: the round's setup (``setup``) and the
appraisal's steps (``steps``); what both read in ``common``. Callers use this package."""

from .common import MAX_PLAN_ITEMS, MAX_SHORT, appraisal_of, setup_of
from .setup import SetupInput, setup_save
from .steps import (
    appraisal_acknowledge,
    appraisal_not_signed,
    appraisal_rate,
    appraisal_reopen,
    appraisal_supervisor,
    on_kpi_reopened,
    rating_problems,
)

__all__ = [
    "MAX_PLAN_ITEMS",
    "MAX_SHORT",
    "SetupInput",
    "appraisal_acknowledge",
    "appraisal_not_signed",
    "appraisal_of",
    "appraisal_rate",
    "appraisal_reopen",
    "appraisal_supervisor",
    "on_kpi_reopened",
    "rating_problems",
    "setup_of",
    "setup_save",
]
