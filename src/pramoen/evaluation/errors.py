"""Errors raised by the evaluation services; views and the API turn them into messages.

They sit in the project's one tree (documented in ``pramoen.core.errors``)::

    PramoenError
    └── ServiceError     a request the rules refuse; ``message`` is for the user
        ├── NotAllowed     who may: the caller may not do this (API 403)
        ├── WorkflowError  what the state allows: submit twice, edit a locked evaluation (409)
        ├── InvalidInput   an input limit; ``field`` names the input (422)
        ├── ConflictError  somebody else saved first (409)
        ├── TooLargeError  over a size limit; nothing stored (413)
        ├── BatchRefused   some items of a batch refused; none written (``refused`` says why)
        └── ImportBlocked  the document has errors; nothing was imported
"""

from __future__ import annotations

from pramoen.core import Finding
from pramoen.core.errors import PramoenError


class ServiceError(PramoenError):
    """A request the rules refuse; ``message`` is for the user, in the active language."""

    def __init__(self, message: str, *, code: str = "") -> None:
        self.message = message
        self.code = code  # stable, for machines (an import's problem list); may be empty
        super().__init__(message)


class NotAllowed(ServiceError):
    """The caller may not do this to this object (``permissions`` said no)."""


class ConflictError(ServiceError):
    """Somebody else saved first: the caller's copy is stale."""


class TooLargeError(ServiceError):
    """The input is over a size limit; nothing was stored."""


class WorkflowError(ServiceError):
    """The action does not fit the current status (submit twice, edit a locked evaluation…)."""


class InvalidInput(ServiceError):
    """A value outside the input limits (``limits``); ``field`` is the input it came from."""

    def __init__(self, message: str, *, field: str = "", code: str = "") -> None:
        super().__init__(message, code=code)
        self.field = field


class BatchRefused(ServiceError):
    """One or more items of a batch were refused, so none was written; ``refused`` maps each
    refused item's key (a result id) to its own refusal."""

    def __init__(self, message: str, refused: dict[int, ServiceError]) -> None:
        super().__init__(message, code="batch-refused")
        self.refused = refused


class ImportBlocked(ServiceError):
    """The document has errors; nothing was imported."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings
