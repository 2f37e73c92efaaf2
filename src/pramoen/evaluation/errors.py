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

A refusal keeps its msgid and its values apart: raise ``WorkflowError(_("… %(codes)s …"),
params={"codes": …})``, never ``_("…") % {…}``, so that each door renders it in the language
it needs (``render``): a page in the reader's language (``message``), the API in Thai and
English. A value may itself be translatable (a lazy string, a ``Named`` piece of data, or
another refusal): it is rendered in the same language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from pramoen.core import Finding
from pramoen.core.errors import PramoenError

Params = Mapping[str, Any]


class ServiceError(PramoenError):
    """A request the rules refuse: ``msgid`` (a msgid, lazy or not) with its ``params``;
    ``message`` is it for the user, in the active language."""

    def __init__(
        self, message: str | Promise, *, params: Params | None = None, code: str = ""
    ) -> None:
        self.msgid = message
        self.params = dict(params or {})
        self.code = code  # stable, for machines (an import's problem list); may be empty
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The refusal in the active language."""
        return self.render()

    def render(self, language: str | None = None) -> str:
        """The refusal in ``language`` (the active one if ``None``), its values filled in."""
        if language is None:
            return self._text()
        with translation.override(language):
            return self._text()

    def _text(self) -> str:
        msgid = self.msgid
        # gettext("") is the catalogue's header, not an empty text.
        text = str(msgid) if isinstance(msgid, Promise) or not msgid else gettext(msgid)
        if not self.params:
            return text
        return text % {name: _value(value) for name, value in self.params.items()}


@dataclass(frozen=True, slots=True)
class Named:
    """A value of a refusal that the data holds in both languages (a competency's name): the
    English where there is one and English is asked for, else the Thai."""

    th: str
    en: str = ""

    @classmethod
    def joined(cls, names: Iterable[Named], sep: str = ", ") -> Named:
        names = list(names)
        return cls(sep.join(n.th for n in names), sep.join(n.en or n.th for n in names))

    def __str__(self) -> str:
        english = (translation.get_language() or "th").startswith("en")
        return self.en if english and self.en else self.th


def _value(value: Any) -> Any:
    """A value of a refusal, in the active language when it has one."""
    if isinstance(value, ServiceError):
        return value.render()
    if isinstance(value, Promise | Named):
        return str(value)
    return value


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

    def __init__(
        self,
        message: str | Promise,
        *,
        params: Params | None = None,
        field: str = "",
        code: str = "",
    ) -> None:
        super().__init__(message, params=params, code=code)
        self.field = field


class BatchRefused(ServiceError):
    """One or more items of a batch were refused, so none was written; ``refused`` maps each
    refused item's key (a result id) to its own refusal."""

    def __init__(
        self,
        message: str | Promise,
        refused: dict[int, ServiceError],
        *,
        params: Params | None = None,
    ) -> None:
        super().__init__(message, params=params, code="batch-refused")
        self.refused = refused


class ImportBlocked(ServiceError):
    """The document has errors; nothing was imported."""

    def __init__(
        self, message: str | Promise, findings: list[Finding], *, params: Params | None = None
    ) -> None:
        super().__init__(message, params=params)
        self.findings = findings
