"""Errors raised by the accounts services; callers show ``message`` to the person."""

from __future__ import annotations

from pramoen.core.errors import PramoenError


class AccountError(PramoenError):
    """The organisation or a user cannot be set up as asked. ``message`` is in the active
    language; ``field`` names the input at fault (``district``, ``work_group``…), so each door
    (the command line, a form, the API) can point at its own spelling of it."""

    def __init__(self, message: str, *, field: str = "") -> None:
        self.message = message
        self.field = field
        super().__init__(message)


class AccountNotAllowed(AccountError):
    """The caller may not manage this person or this province's people."""
