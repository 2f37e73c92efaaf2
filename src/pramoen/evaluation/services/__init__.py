"""Writes, by entity. Each service is one transaction, checks who may (``permissions``), what
the state allows and the input limits (``limits``) itself, and records what it changed in the
history. Every door (page, fragment, API, import, CLI, worker) calls these and restates none
of their rules.

* ``rounds``: import a KPI summary, open and close, settings, entry modes
* ``results``: save, enter a province-wide result
* ``verification``: verify, return, withdraw a verification; a queue's batch
* ``decisions``: submit, approve, return, reopen an evaluation
* ``evidence``: attach and withdraw files and links
* ``history``: the record every service writes
"""

from .decisions import (
    evaluation_approve,
    evaluation_reopen,
    evaluation_return,
    evaluation_submit,
    evaluation_submit_problems,
)
from .evidence import evidence_add_file, evidence_add_link, evidence_remove
from .history import record
from .results import (
    ResultInput,
    compute_level,
    entries_problems,
    explain_level,
    result_save,
    result_save_problems,
    shared_result_save,
    shared_result_save_problems,
)
from .rounds import (
    indicator_set_shared,
    round_evidence_update,
    round_set_status,
    round_settings_update,
    scorecard_import,
    scorecard_preview,
    snapshot_indicator,
    snapshot_levels,
)
from .verification import (
    VerifyItem,
    batch_refused,
    result_return,
    result_return_problems,
    result_verify,
    result_verify_problems,
    result_withdraw,
    result_withdraw_problems,
    results_return,
    results_verify,
)

__all__ = [
    "ResultInput",
    "VerifyItem",
    "batch_refused",
    "compute_level",
    "entries_problems",
    "evaluation_approve",
    "evaluation_reopen",
    "evaluation_return",
    "evaluation_submit",
    "evaluation_submit_problems",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "explain_level",
    "indicator_set_shared",
    "record",
    "result_return",
    "result_return_problems",
    "result_save",
    "result_save_problems",
    "result_verify",
    "result_verify_problems",
    "result_withdraw",
    "result_withdraw_problems",
    "results_return",
    "results_verify",
    "round_evidence_update",
    "round_set_status",
    "round_settings_update",
    "scorecard_import",
    "scorecard_preview",
    "shared_result_save",
    "shared_result_save_problems",
    "snapshot_indicator",
    "snapshot_levels",
]
