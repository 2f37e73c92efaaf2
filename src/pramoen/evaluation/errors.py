"""Errors raised by the evaluation services; views turn them into messages for the user."""

from __future__ import annotations

from pramoen.core import Finding


class ServiceError(Exception):
    """A request the rules refuse; ``message`` is for the user, in the active language."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ConflictError(ServiceError):
    """Somebody else saved first: the caller's copy is stale."""


class TooLargeError(ServiceError):
    """The input is over a size limit; nothing was stored."""


class WorkflowError(ServiceError):
    """The action does not fit the current status (submit twice, edit a locked evaluation…)."""


class ImportBlocked(ServiceError):
    """The document has errors; nothing was imported."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings
